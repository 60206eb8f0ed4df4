package irp

import (
	"fmt"
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"strings"
)

// Encoding is how a request body is written.
type Encoding int

// The body encodings the API accepts.
const (
	// Form is application/x-www-form-urlencoded, what the vendor's jQuery
	// $.post(url, object) example sends:
	//
	//	APIKey=WJCw...&TimeStamp=2018-10-01+15%3A10%3A54&Signature=80db...
	Form Encoding = iota
	// JSON is a JSON object:
	//
	//	{"APIKey":"WJCw...","TimeStamp":"2018-10-01 15:10:54","Signature":"80db..."}
	JSON
)

// Content types sent with each encoding; the form one is the exact header
// jQuery sends.
const (
	ContentTypeForm = "application/x-www-form-urlencoded; charset=UTF-8"
	ContentTypeJSON = "application/json; charset=utf-8"
)

// ContentType returns the Content-Type header value for e.
func (e Encoding) ContentType() string {
	if e == JSON {
		return ContentTypeJSON
	}
	return ContentTypeForm
}

// String returns the setting value of e: "form" or "json".
func (e Encoding) String() string {
	switch e {
	case Form:
		return "form"
	case JSON:
		return "json"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// ParseEncoding reads an encoding setting: "form" or "json" (any case).
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "form", "application/x-www-form-urlencoded":
		return Form, nil
	case "json", "application/json":
		return JSON, nil
	}
	return Form, fmt.Errorf("irp: unknown body encoding %q (want form or json)", s)
}

// The documented request field names.
const (
	FieldAPIKey              = "APIKey"
	FieldTimeStamp           = "TimeStamp"
	FieldSignature           = "Signature"
	FieldAuthenticationToken = "AuthenticationToken"
)

// AppendAuthenticateBody appends an Authenticate body (APIKey, TimeStamp,
// Signature, in the vendor's example order) to dst. It uses no reflection
// and allocates nothing when dst has room, for the load runner.
func AppendAuthenticateBody(dst []byte, enc Encoding, apiKey, timestamp, signature string) []byte {
	return appendThree(dst, enc, FieldAPIKey, apiKey, timestamp, signature)
}

// AppendCheckTokenTimeBody appends a CheckTokenTime body
// (AuthenticationToken, TimeStamp, Signature) to dst, like
// AppendAuthenticateBody.
func AppendCheckTokenTimeBody(dst []byte, enc Encoding, token, timestamp, signature string) []byte {
	return appendThree(dst, enc, FieldAuthenticationToken, token, timestamp, signature)
}

func appendThree(dst []byte, enc Encoding, firstName, first, timestamp, signature string) []byte {
	dst = appendOpen(dst, enc)
	dst = appendField(dst, enc, true, firstName, first, false)
	dst = appendField(dst, enc, false, FieldTimeStamp, timestamp, false)
	dst = appendField(dst, enc, false, FieldSignature, signature, false)
	return appendClose(dst, enc)
}

func appendOpen(dst []byte, enc Encoding) []byte {
	if enc == JSON {
		return append(dst, '{')
	}
	return dst
}

func appendClose(dst []byte, enc Encoding) []byte {
	if enc == JSON {
		return append(dst, '}')
	}
	return dst
}

// appendField appends one name/value pair; raw writes a JSON value as it
// stands (ignored for forms).
func appendField(dst []byte, enc Encoding, first bool, name, value string, raw bool) []byte {
	if enc == JSON {
		if !first {
			dst = append(dst, ',')
		}
		dst = jsontext.AppendString(dst, name)
		dst = append(dst, ':')
		if raw {
			return append(dst, value...)
		}
		return jsontext.AppendString(dst, value)
	}
	if !first {
		dst = append(dst, '&')
	}
	dst = appendFormEscaped(dst, name)
	dst = append(dst, '=')
	return appendFormEscaped(dst, value)
}

const hexDigits = "0123456789ABCDEF"

// appendFormEscaped escapes s as jQuery.param does (encodeURIComponent,
// then %20 as '+').
func appendFormEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			dst = append(dst, c)
		case c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')':
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return dst
}
