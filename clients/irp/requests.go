package irp

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// The documented endpoints, relative to the shop's base URL.
const (
	AuthenticatePath   = "/api/v1/Authentication/Authenticate"
	CheckTokenTimePath = "/api/v1/Authentication/CheckTokenTime"
)

// AuthenticateRequest builds a signed-by-the-caller Authenticate request:
// POST baseURL+AuthenticatePath with the body in enc. The body is returned
// too, for wire.Do and for the load runner to reuse.
func AuthenticateRequest(baseURL string, enc Encoding, apiKey, timestamp, signature string) (*http.Request, []byte, error) {
	body := AppendAuthenticateBody(make([]byte, 0, 128), enc, apiKey, timestamp, signature)
	req, err := NewRequest(http.MethodPost, baseURL, AuthenticatePath, body, enc.ContentType())
	if err != nil {
		return nil, nil, fmt.Errorf("irp Authenticate request: %w", err)
	}
	return req, body, nil
}

// CheckTokenTimeRequest builds a CheckTokenTime request for token, like
// AuthenticateRequest.
func CheckTokenTimeRequest(baseURL string, enc Encoding, token, timestamp, signature string) (*http.Request, []byte, error) {
	body := AppendCheckTokenTimeBody(make([]byte, 0, 128), enc, token, timestamp, signature)
	req, err := NewRequest(http.MethodPost, baseURL, CheckTokenTimePath, body, enc.ContentType())
	if err != nil {
		return nil, nil, fmt.Errorf("irp CheckTokenTime request: %w", err)
	}
	return req, body, nil
}

// NewRequest builds any request to the API: method on baseURL+path with
// body (nil for none) and contentType ("" sends no Content-Type header,
// for negative tests). It asks for JSON, as the vendor's jQuery does.
func NewRequest(method, baseURL, path string, body []byte, contentType string) (*http.Request, error) {
	u, err := JoinURL(baseURL, path)
	if err != nil {
		return nil, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", method, u, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json, text/javascript, */*; q=0.01")
	return req, nil
}

// JoinURL appends path to baseURL, which must be an absolute http or https
// URL and may carry a path prefix ("https://shop.example.com/store").
func JoinURL(baseURL, path string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base URL %q: want an absolute http or https URL", baseURL)
	}
	return strings.TrimRight(baseURL, "/") + "/" + strings.TrimLeft(path, "/"), nil
}
