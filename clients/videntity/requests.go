package videntity

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Form fields of the session methods.
const (
	FieldUsername      = "username"
	FieldPassword      = "password"
	FieldAccountNumber = "account_number"
	FieldSessionKey    = "session_key"
)

// FormContentType is the Content-Type of every request.
const FormContentType = "application/x-www-form-urlencoded"

// URL returns BaseURL joined with path ("/session/ping"), with exactly one
// slash between them. A path may carry a query string.
func (c *Client) URL(path string) string {
	base := strings.TrimRight(c.BaseURL, "/")
	if path == "" || path[0] != '/' {
		return base + "/" + path
	}
	return base + path
}

func (c *Client) loginPath() string  { return orDefault(c.LoginPath, DefaultLoginPath) }
func (c *Client) pingPath() string   { return orDefault(c.PingPath, DefaultPingPath) }
func (c *Client) logoutPath() string { return orDefault(c.LogoutPath, DefaultLogoutPath) }

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// LoginRequest builds the login POST; the body is also returned so the load
// runner can reuse it without reading the request.
//
//	username=foobar&password=Ry5NvPky2jBjshT&account_number=514778845023264
func (c *Client) LoginRequest(username, password, accountNumber string) (*http.Request, []byte, error) {
	return c.RawRequest(http.MethodPost, c.loginPath(), AppendLoginBody(nil, username, password, accountNumber), FormContentType)
}

// PingRequest builds the ping POST (session_key=…).
func (c *Client) PingRequest(sessionKey string) (*http.Request, []byte, error) {
	return c.RawRequest(http.MethodPost, c.pingPath(), AppendSessionBody(nil, sessionKey), FormContentType)
}

// LogoutRequest builds the logout POST (session_key=…).
func (c *Client) LogoutRequest(sessionKey string) (*http.Request, []byte, error) {
	return c.RawRequest(http.MethodPost, c.logoutPath(), AppendSessionBody(nil, sessionKey), FormContentType)
}

// FormRequest builds a form POST of any fields to path. url.Values encodes
// fields sorted by name.
func (c *Client) FormRequest(path string, form url.Values) (*http.Request, []byte, error) {
	return c.RawRequest(http.MethodPost, path, []byte(form.Encode()), FormContentType)
}

// RawRequest builds a request with any method, body and Content-Type (""
// sends no Content-Type header).
func (c *Client) RawRequest(method, path string, body []byte, contentType string) (*http.Request, []byte, error) {
	u := c.URL(path)
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("building %s request for %q: %w", method, u, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "text/xml, application/xml")
	return req, body, nil
}

// AppendLoginBody appends the URL-encoded login form to dst and returns the
// extended slice; it allocates nothing when dst has room.
func AppendLoginBody(dst []byte, username, password, accountNumber string) []byte {
	dst = appendField(dst, FieldUsername, username)
	dst = append(dst, '&')
	dst = appendField(dst, FieldPassword, password)
	dst = append(dst, '&')
	return appendField(dst, FieldAccountNumber, accountNumber)
}

// AppendSessionBody appends the ping/logout form (session_key=…) to dst.
func AppendSessionBody(dst []byte, sessionKey string) []byte {
	return appendField(dst, FieldSessionKey, sessionKey)
}

func appendField(dst []byte, name, value string) []byte {
	dst = append(dst, name...)
	dst = append(dst, '=')
	return appendQueryEscape(dst, value)
}

const upperHex = "0123456789ABCDEF"

// appendQueryEscape appends s escaped exactly as url.QueryEscape does.
func appendQueryEscape(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9',
			b == '-', b == '_', b == '.', b == '~':
			dst = append(dst, b)
		case b == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', upperHex[b>>4], upperHex[b&15])
		}
	}
	return dst
}
