package certna

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// SaltRequest builds GET <salt path>?user_name=<userName>. It has no body.
func (c *Client) SaltRequest(userName string) (*http.Request, []byte, error) {
	u, err := c.endpoint(c.SaltPath, DefaultSaltPath, "user_name="+url.QueryEscape(userName))
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("certna: building salt request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	return req, nil, nil
}

// LoginRequest builds POST <login path> with the JSON body
// {"user_name":…,"password":…}; hashed is the prepared password
// (HashPassword). The load runner reuses it without parsing.
func (c *Client) LoginRequest(userName, hashed string) (*http.Request, []byte, error) {
	return c.jsonRequest(c.LoginPath, DefaultLoginPath, "", AppendLoginBody(nil, userName, hashed))
}

// AppendLoginBody appends the login body to dst and returns the extended
// buffer, without reflection (for the load runner's hot path):
//
//	{"user_name":"sample1","password":"aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U="}
func AppendLoginBody(dst []byte, userName, hashed string) []byte {
	dst = append(dst, `{"user_name":`...)
	dst = jsontext.AppendString(dst, userName)
	dst = append(dst, `,"password":`...)
	dst = jsontext.AppendString(dst, hashed)
	return append(dst, '}')
}

// StoreChecksumRequest builds POST <storechecksum path> with the header
// access_token and the JSON body {"checksum":…}; checksum is the Base64 of
// a SHA-384 digest (Checksum).
func (c *Client) StoreChecksumRequest(token, checksum string) (*http.Request, []byte, error) {
	return c.jsonRequest(c.StoreChecksumPath, DefaultStoreChecksumPath, token, AppendChecksumBody(nil, checksum))
}

// AppendChecksumBody appends the StoreChecksum body to dst:
//
//	{"checksum":"OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"}
func AppendChecksumBody(dst []byte, checksum string) []byte {
	dst = append(dst, `{"checksum":`...)
	dst = jsontext.AppendString(dst, checksum)
	return append(dst, '}')
}

// LogoutRequest builds POST <logout path> with the header access_token
// (none when token is empty) and no body.
func (c *Client) LogoutRequest(token string) (*http.Request, []byte, error) {
	u, err := c.endpoint(c.LogoutPath, DefaultLogoutPath, "")
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("certna: building logout request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	return req, nil, nil
}

// RawRequest builds any request for negative tests: method and path
// (relative to BaseURL, query allowed) as given, headers copied as given
// (no Content-Type is added), body sent as is (nil: no body).
func (c *Client) RawRequest(method, path string, body []byte, header http.Header) (*http.Request, []byte, error) {
	u, err := c.endpoint(path, "/", "")
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("certna: building raw %s %s request: %w", method, path, err)
	}
	for k, vs := range header {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	return req, body, nil
}

// jsonRequest builds a JSON POST to path, with the token header when token
// is not empty.
func (c *Client) jsonRequest(path, def, token string, body []byte) (*http.Request, []byte, error) {
	u, err := c.endpoint(path, def, "")
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("certna: building request to %s: %w", u, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	return req, body, nil
}
