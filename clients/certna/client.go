// Package certna is the client of the CeRTNA user/login API (JSON): the salt
// fetch and the salted login, the token-guarded StoreChecksum call and
// logout. Every operation comes as a request builder (reused by the load
// runner), a parser of every documented answer shape and a call; Send is
// the raw variant for negative tests.
//
// A refused login is a result, not a Go error, in either documented shape:
//
//	{"code":"MISSING_PARAMETER","message":"…"}
//	{"Exception":{"Code":"DatabaseError","Message":"The user name or/and password are invalid."}}
package certna

import (
	"errors"
	"net/http"
	"strings"
)

// Default paths of the operations, as documented by the vendor (login,
// storechecksum) or decided in profiles.md (salt, logout).
const (
	DefaultSaltPath          = "/user/salt"
	DefaultLoginPath         = "/user/login"
	DefaultLogoutPath        = "/user/logout"
	DefaultStoreChecksumPath = "/storechecksum"
)

// TokenHeader is the request header that carries the access token on every
// call after login: "access_token: 534d4c30-28a0-48c8-a76d-bbd265d7a1ac".
const TokenHeader = "access_token"

// Operation names, used in wire errors and seen by wire observers.
const (
	OpSalt          = "certna Salt"
	OpLogin         = "certna Login"
	OpStoreChecksum = "certna StoreChecksum"
	OpLogout        = "certna Logout"
	OpSend          = "certna Send"
)

// Client talks to one CeRTNA deployment. The zero value of every field but
// BaseURL is useful: nil HTTP is http.DefaultClient, MaxBody 0 is
// wire.DefaultMaxBody, an empty path is the default path and an empty
// Scheme is SaltedSHA256.
type Client struct {
	// BaseURL is scheme, host and optional path prefix,
	// e.g. "https://apex-prd.certna.org".
	BaseURL string
	// HTTP sends the requests.
	HTTP *http.Client
	// MaxBody caps response bodies in bytes.
	MaxBody int64

	// SaltPath is where the per-user salt is fetched (setting salt_path).
	SaltPath string
	// LoginPath is the login endpoint (setting login_path).
	LoginPath string
	// LogoutPath is the logout endpoint (setting logout_path).
	LogoutPath string
	// StoreChecksumPath is the token-guarded checksum endpoint (setting
	// store_checksum_path).
	StoreChecksumPath string
	// Scheme is how Login prepares the password (setting hash_scheme).
	Scheme HashScheme
}

// New returns a client for baseURL sending through hc (nil: http.DefaultClient).
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: baseURL, HTTP: hc}
}

// ErrNoBaseURL is returned by every builder of a client without BaseURL.
var ErrNoBaseURL = errors.New("certna: client has no BaseURL")

// endpoint joins the base URL and path (def when path is empty) and adds
// the encoded query, if any.
func (c *Client) endpoint(path, def, query string) (string, error) {
	if c.BaseURL == "" {
		return "", ErrNoBaseURL
	}
	if path == "" {
		path = def
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u := strings.TrimRight(c.BaseURL, "/") + path
	if query != "" {
		u += "?" + query
	}
	return u, nil
}
