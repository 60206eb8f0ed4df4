// Package videntity is the typed client of the Videntity sessions API: form
// POSTs to login, ping and logout, answered with small XML documents.
//
//	POST /sessions/login   username=foobar&password=…&account_number=514778845023264
//	<response api_method="/session/login"><status>SUCCESS</status>…<session_key>…</session_key>…</response>
//
// A documented error (<status>ERROR</status>) is a *Response, not a Go
// error; Go errors are transport failures and answers that match no
// documented shape (see clients/wire).
package videntity

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/authprobe/authprobe/clients/wire"
)

// Default paths of the three session methods. The Sessions page logs in at
// /sessions/login, the Methods page at /session/login; both are accepted by
// the reference server.
const (
	DefaultLoginPath  = "/sessions/login"
	DefaultPingPath   = "/session/ping"
	DefaultLogoutPath = "/session/logout"
)

// Operation names used in errors ("videntity login: malformed: …").
const (
	opLogin  = "videntity login"
	opPing   = "videntity ping"
	opLogout = "videntity logout"
)

// Client talks to one Videntity endpoint. The zero value of every field but
// BaseURL is useful: nil HTTP means http.DefaultClient, MaxBody 0 means
// wire.DefaultMaxBody, empty paths mean the Default*Path constants.
type Client struct {
	// BaseURL is scheme, host and optional path prefix, e.g.
	// "https://api.videntity.com".
	BaseURL string
	// HTTP sends the requests.
	HTTP *http.Client
	// MaxBody caps answer bodies in bytes.
	MaxBody int64
	// LoginPath, PingPath and LogoutPath are the method paths (settings
	// login_path, ping_path, logout_path).
	LoginPath  string
	PingPath   string
	LogoutPath string
}

// New returns a client for baseURL using hc (nil: http.DefaultClient) and
// the default paths.
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: baseURL, HTTP: hc}
}

// Login starts a session. Any documented answer, SUCCESS or ERROR, is a
// Response; a SUCCESS without a session key is a malformed answer.
func (c *Client) Login(ctx context.Context, username, password, accountNumber string) (*Response, error) {
	req, body, err := c.LoginRequest(username, password, accountNumber)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opLogin, err)
	}
	x, err := wire.Do(ctx, c.HTTP, opLogin, req, body, c.MaxBody)
	x.AddSecrets(password, accountNumber)
	if err != nil {
		return nil, err
	}
	return ParseLogin(x)
}

// Ping keeps a session alive: before expiry the server resets the session
// timer to the full lifetime from now.
func (c *Client) Ping(ctx context.Context, sessionKey string) (*Response, error) {
	req, body, err := c.PingRequest(sessionKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opPing, err)
	}
	x, err := wire.Do(ctx, c.HTTP, opPing, req, body, c.MaxBody)
	x.AddSecrets(sessionKey)
	if err != nil {
		return nil, err
	}
	return ParsePing(x)
}

// Logout deletes a session.
func (c *Client) Logout(ctx context.Context, sessionKey string) (*Response, error) {
	req, body, err := c.LogoutRequest(sessionKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opLogout, err)
	}
	x, err := wire.Do(ctx, c.HTTP, opLogout, req, body, c.MaxBody)
	x.AddSecrets(sessionKey)
	if err != nil {
		return nil, err
	}
	return ParseLogout(x)
}

// PostForm posts any form to path (relative to BaseURL), for negative tests:
// omit a field, add one, send an empty value. Values of the credential and
// session fields are registered as secrets. The answer is parsed with
// ParseResponse.
func (c *Client) PostForm(ctx context.Context, path string, form url.Values) (*Response, error) {
	req, body, err := c.FormRequest(path, form)
	op := "videntity POST " + path
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return c.send(ctx, op, req, body)
}

// Send posts body as is, with the given Content-Type ("" sends none), for
// negative tests: garbage, JSON, a huge body, a wrong content type.
func (c *Client) Send(ctx context.Context, path string, body []byte, contentType string) (*Response, error) {
	return c.SendMethod(ctx, http.MethodPost, path, body, contentType)
}

// SendMethod is Send with any HTTP method (GET on a POST-only method, say).
func (c *Client) SendMethod(ctx context.Context, method, path string, body []byte, contentType string) (*Response, error) {
	op := "videntity " + method + " " + path
	req, body, err := c.RawRequest(method, path, body, contentType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return c.send(ctx, op, req, body)
}

func (c *Client) send(ctx context.Context, op string, req *http.Request, body []byte) (*Response, error) {
	x, err := wire.Do(ctx, c.HTTP, op, req, body, c.MaxBody)
	x.AddSecrets(formSecrets(body)...)
	if err != nil {
		return nil, err
	}
	return parse(op, x, false)
}

// formSecrets returns the values of secret fields in a form body; a body
// that is not a form carries none that can be named.
func formSecrets(body []byte) []string {
	if len(body) == 0 {
		return nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil && len(form) == 0 {
		return nil
	}
	var out []string
	for _, k := range secretFields {
		out = append(out, form[k]...)
	}
	return out
}

// secretFields are the form fields whose values are never shown unmasked.
var secretFields = []string{FieldPassword, FieldAccountNumber, FieldSessionKey}
