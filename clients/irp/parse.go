package irp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/authprobe/authprobe/clients/wire"
)

// Operation names used in errors.
const (
	opAuthenticate   = "irp Authenticate"
	opCheckTokenTime = "irp CheckTokenTime"
	opSend           = "irp Send"
)

// utf8BOM is a byte order mark, which RFC 8259 lets a parser ignore.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// expectedShape is what the parsers say they expected.
const expectedShape = "a JSON object {AuthenticationToken, Messages, Success, Signature, TimeStamp}"

// wireResponse is the decoding target; pointers tell absent from present.
type wireResponse struct {
	AuthenticationToken *string       `json:"AuthenticationToken"`
	Messages            []Message     `json:"Messages"`
	Success             *successField `json:"Success"`
	Signature           *string       `json:"Signature"`
	TimeStamp           *string       `json:"TimeStamp"`
	MinutesRemaining    *string       `json:"MinutesRemaining"`
}

// ParseAuthenticate parses an Authenticate answer.
func ParseAuthenticate(x *wire.Exchange) (*Response, error) {
	return ParseResponse(opAuthenticate, x)
}

// ParseCheckTokenTime parses a CheckTokenTime answer.
func ParseCheckTokenTime(x *wire.Exchange) (*Response, error) {
	return ParseResponse(opCheckTokenTime, x)
}

// ParseResponse parses any answer of the API, whatever its HTTP status:
// errors are documented as HTTP 200 but a deployment may differ (the
// error_http_status setting), so the status is left to the caller. The
// body must hold the documented object with a valid Success
// (wire.KindMalformed otherwise), whatever the media type: the vendor
// documents JSON answers but not their Content-Type, and its own example
// calls JSON.parse on what jQuery returns, which a text/html answer would
// be. A body that is not the object under a media type that is not JSON is
// a wire.KindContentType error. The issued token is registered as a secret
// of the exchange.
func ParseResponse(op string, x *wire.Exchange) (*Response, error) {
	if x == nil {
		return nil, &wire.Error{Kind: wire.KindMalformed, Op: op, Err: errors.New("no exchange to parse")}
	}
	r, err := parseBody(x.Body)
	if err != nil {
		if ct := wire.ExpectContentType(op, x, "json"); ct != nil {
			return nil, ct
		}
		return nil, wire.Malformed(op, x, "expected %s: %v", expectedShape, err)
	}
	r.Exchange = x
	x.AddSecrets(r.AuthenticationToken)
	return r, nil
}

// parseBody decodes a response body; errors say what came instead of the
// documented object.
func parseBody(body []byte) (*Response, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	if len(trimmed) == 0 {
		return nil, errors.New("got an empty body")
	}
	double := false
	if trimmed[0] == '"' {
		var inner string
		if err := json.Unmarshal(trimmed, &inner); err != nil {
			return nil, fmt.Errorf("got a broken JSON string %s: %w", snippet(trimmed), err)
		}
		trimmed = bytes.TrimSpace([]byte(inner))
		double = true
		if len(trimmed) == 0 || trimmed[0] != '{' {
			return nil, fmt.Errorf("got a JSON string that holds no object: %s", snippet(trimmed))
		}
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("got %s", describeJSON(trimmed))
	}
	var w wireResponse
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return nil, fmt.Errorf("got %s: %w", snippet(trimmed), err)
	}
	if w.Success == nil || w.Success.raw == "" {
		return nil, fmt.Errorf("got an object without Success: %s", snippet(trimmed))
	}
	r := &Response{Messages: w.Messages, Success: w.Success.v, SuccessJSON: w.Success.raw, Signature: w.Signature, DoubleEncoded: double}
	if w.AuthenticationToken != nil {
		r.AuthenticationToken = *w.AuthenticationToken
	}
	if w.TimeStamp != nil {
		r.TimeStamp = *w.TimeStamp
	}
	if w.MinutesRemaining != nil {
		r.MinutesRemaining = *w.MinutesRemaining
	}
	return r, nil
}

// describeJSON names what a body that is not an object holds.
func describeJSON(b []byte) string {
	if !json.Valid(b) {
		return "a body that is not JSON: " + snippet(b)
	}
	switch b[0] {
	case '[':
		return "a JSON array: " + snippet(b)
	case 'n':
		return "JSON null"
	case 't', 'f':
		return "a JSON boolean: " + snippet(b)
	}
	return "a JSON scalar: " + snippet(b)
}

// successField decodes Success and keeps its JSON text.
type successField struct {
	v   Success
	raw string
}

func (f *successField) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil // counted as absent
	}
	v, err := parseSuccess(b)
	if err != nil {
		return err
	}
	f.v, f.raw = v, string(b)
	return nil
}
