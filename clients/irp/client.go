// Package irp is the client of the IRP Commerce Authentication API: the
// Authenticate method, which trades an API key signed with its shared
// secret for a five-minute AuthenticationToken, and CheckTokenTime, which
// tells how long a token has left.
//
//	c := irp.New("https://shop.example.com", nil)
//	r, err := c.Authenticate(ctx, apiKey, sharedSecret, time.Now())
//	if err == nil && r.Issued() { use(r.AuthenticationToken) }
//
// Signatures are sha1hex(sha1hex(key + "." + TimeStamp) + "." + secret)
// (Sign); bodies are form-urlencoded as jQuery's $.post sends them, or JSON
// (Encoding). A documented error (Success false with Messages) is a
// Response; Go errors are transport failures and answers that are not the
// documented object (see package wire).
package irp

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// Client calls one IRP Commerce shop. The zero value needs only BaseURL.
type Client struct {
	// BaseURL is the shop's base URL ("https://www.yourdomainname.com").
	BaseURL string
	// HTTP sends requests; nil means http.DefaultClient.
	HTTP *http.Client
	// MaxBody caps answer bodies; 0 means wire.DefaultMaxBody.
	MaxBody int64
	// Encoding is the body encoding of Authenticate and CheckTokenTime
	// (default Form, as the vendor's jQuery example sends).
	Encoding Encoding
}

// New returns a client for baseURL sending through hc (nil:
// http.DefaultClient).
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: baseURL, HTTP: hc}
}

// Authenticate signs apiKey with sharedSecret at the instant at (the zero
// time means now) and asks for a token. The key, the secret, the
// signature, its intermediate digest and the issued token are registered as
// secrets of the exchange.
func (c *Client) Authenticate(ctx context.Context, apiKey, sharedSecret string, at time.Time) (*Response, error) {
	ts := FormatTimestamp(orNow(at))
	sig := Sign(apiKey, ts, sharedSecret)
	req, body, err := AuthenticateRequest(c.BaseURL, c.Encoding, apiKey, ts, sig)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, opAuthenticate, req, body, apiKey, sharedSecret, sig, innerDigest(apiKey, ts))
}

// CheckTokenTime asks how long token has left, signing it with
// sharedSecret at the instant at (the zero time means now): the token
// replaces the API key in the signature. MinutesRemaining carries the
// answer ("04:59").
func (c *Client) CheckTokenTime(ctx context.Context, token, sharedSecret string, at time.Time) (*Response, error) {
	ts := FormatTimestamp(orNow(at))
	sig := Sign(token, ts, sharedSecret)
	req, body, err := CheckTokenTimeRequest(c.BaseURL, c.Encoding, token, ts, sig)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, opCheckTokenTime, req, body, token, sharedSecret, sig, innerDigest(token, ts))
}

// Send POSTs body as it stands to path with contentType ("" sends none)
// and parses the answer. It is the raw variant for negative tests; the
// caller registers the secrets it sent with Response.Exchange.AddSecrets
// (the issued token, if any, is registered).
func (c *Client) Send(ctx context.Context, path string, body []byte, contentType string) (*Response, error) {
	return c.SendMethod(ctx, http.MethodPost, path, body, contentType)
}

// SendMethod is Send with another HTTP method.
func (c *Client) SendMethod(ctx context.Context, method, path string, body []byte, contentType string) (*Response, error) {
	req, err := NewRequest(method, c.BaseURL, path, body, contentType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opSend, err)
	}
	return c.do(ctx, opSend, req, body)
}

// SendFields POSTs fields written in enc, with enc's content type, to path.
// Every field value but the TimeStamp is registered as a secret.
//
//	c.SendFields(ctx, AuthenticatePath, JSON, SignedAuthenticateFields(key, secret, now).Without(FieldSignature))
func (c *Client) SendFields(ctx context.Context, path string, enc Encoding, fields Fields) (*Response, error) {
	body := fields.Encode(enc)
	req, err := NewRequest(http.MethodPost, c.BaseURL, path, body, enc.ContentType())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opSend, err)
	}
	return c.do(ctx, opSend, req, body, fields.secretValues()...)
}

// do sends, registers secrets on the exchange (also when it fails) and
// parses.
func (c *Client) do(ctx context.Context, op string, req *http.Request, body []byte, secrets ...string) (*Response, error) {
	x, err := wire.Do(ctx, c.HTTP, op, req, body, c.MaxBody)
	if x != nil {
		x.AddSecrets(secrets...)
	}
	if err != nil {
		return nil, err
	}
	return ParseResponse(op, x)
}

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}
