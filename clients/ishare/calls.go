package ishare

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// CreateSessionKey calls CreateSessionKey(Username, Password, Key) over
// SOAP. The password, key and issued session key are registered as the
// exchange's secrets.
func (c *Client) CreateSessionKey(ctx context.Context, username, password, key string) (*SessionKeyResult, error) {
	req, body, err := c.CreateSessionKeyRequest(username, password, key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opCreateSessionKey, err)
	}
	x, err := c.do(ctx, opCreateSessionKey, req, body, password, key)
	if err != nil {
		return nil, err
	}
	return c.ParseCreateSessionKey(x)
}

// CreateSessionKeyGET calls CreateSessionKey over the HTTP-GET binding.
func (c *Client) CreateSessionKeyGET(ctx context.Context, username, password, key string) (*SessionKeyResult, error) {
	req, body, err := c.CreateSessionKeyGETRequest(username, password, key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opCreateSessionKeyGET, err)
	}
	x, err := c.do(ctx, opCreateSessionKeyGET, req, body, password, key)
	if err != nil {
		return nil, err
	}
	return c.ParseCreateSessionKeyGET(x)
}

// GetUserSchedule calls GetUserSchedule(ClientId, SessionKey) over SOAP.
func (c *Client) GetUserSchedule(ctx context.Context, clientID int, sessionKey string) (*ScheduleResult, error) {
	req, body, err := c.GetUserScheduleRequest(clientID, sessionKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opGetUserSchedule, err)
	}
	x, err := c.do(ctx, opGetUserSchedule, req, body, sessionKey)
	if err != nil {
		return nil, err
	}
	return c.ParseGetUserSchedule(x)
}

// GetUserScheduleGET calls GetUserSchedule over the HTTP-GET binding (the
// session key travels in the URL, as the vendor documents).
func (c *Client) GetUserScheduleGET(ctx context.Context, clientID int, sessionKey string) (*ScheduleResult, error) {
	req, body, err := c.GetUserScheduleGETRequest(clientID, sessionKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opGetUserScheduleGET, err)
	}
	x, err := c.do(ctx, opGetUserScheduleGET, req, body, sessionKey)
	if err != nil {
		return nil, err
	}
	return c.ParseGetUserScheduleGET(x)
}

// do sends a prepared request through wire.Do and registers secrets on the
// exchange, whether or not the exchange failed.
func (c *Client) do(ctx context.Context, op string, req *http.Request, body []byte, secrets ...string) (*wire.Exchange, error) {
	x, err := wire.Do(ctx, c.HTTP, op, req, body, c.MaxBody)
	if x != nil {
		x.AddSecrets(secrets...)
	}
	return x, err
}

// Send is the raw variant for negative tests: it sends method (GET when
// empty and body is nil, POST otherwise) to pathQuery with exactly the
// given headers and body, and returns the exchange unparsed. pathQuery ""
// is the service path, one starting with "?" is appended to the service
// path, anything else is appended to BaseURL as is:
//
//	c.Send(ctx, "", "?wsdl", nil, nil)
//	c.Send(ctx, "POST", "", c.Envelope(MethodCreateSessionKey, Param{"Username", "u"}), c.SOAPHeader(MethodCreateSessionKey))
//	c.Send(ctx, "GET", "/users.asmx/GetUserSchedule?ClientId=7", nil, nil)
//
// Pass the parsers (ParseCreateSessionKey, …) the exchange to decode it.
func (c *Client) Send(ctx context.Context, method, pathQuery string, body []byte, header http.Header) (*wire.Exchange, error) {
	switch {
	case pathQuery == "":
		pathQuery = c.path()
	case strings.HasPrefix(pathQuery, "?"):
		pathQuery = c.path() + pathQuery
	}
	if method == "" {
		method = http.MethodPost
		if body == nil {
			method = http.MethodGet
		}
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.url(pathQuery), rd)
	if err != nil {
		return nil, fmt.Errorf("ishare Send: building %s %s: %w", method, pathQuery, err)
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	return wire.Do(ctx, c.HTTP, "ishare Send "+method+" "+pathQuery, req, body, c.MaxBody)
}
