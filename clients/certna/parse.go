package certna

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/authprobe/authprobe/clients/wire"
)

// answer is every documented field of every CeRTNA answer; a nil pointer
// is an absent field or JSON null (a deployment that serializes one answer
// class for every case sends {"access_token":null,"code":"…",…}). Other
// fields are ignored: the vendor does not forbid them.
type answer struct {
	AccessToken *string `json:"access_token"`
	Salt        *string `json:"salt"`
	ChecksumKey *string `json:"checksum_key"`
	Code        *string `json:"code"`
	Message     *string `json:"message"`
	Exception   *struct {
		Code    *string `json:"Code"`
		Message *string `json:"Message"`
	} `json:"Exception"`
}

// successField picks the success field of one operation out of an answer.
type successField struct {
	name string
	get  func(*answer) *string
}

var (
	fieldAccessToken = successField{"access_token", func(a *answer) *string { return a.AccessToken }}
	fieldSalt        = successField{"salt", func(a *answer) *string { return a.Salt }}
	fieldChecksumKey = successField{"checksum_key", func(a *answer) *string { return a.ChecksumKey }}
)

// shapeHint is what every parse error says was expected.
const shapeHint = `{"code":"…","message":"…"} or {"Exception":{"Code":"…","Message":"…"}}`

// ParseSalt reads the answer of the salt endpoint: 2xx {"salt":"<Base64>"}
// or a documented refusal (either shape, any status). The salt is read as
// standard Base64, with or without padding (URL-safe Base64 too).
func ParseSalt(x *wire.Exchange) (*SaltResult, error) {
	v, f, err := parse(OpSalt, x, fieldSalt)
	if err != nil {
		return nil, err
	}
	r := &SaltResult{Failure: f, Exchange: x}
	if v != "" {
		salt, err := DecodeBase64(v)
		if err != nil {
			return nil, wire.Malformed(OpSalt, x, "salt %s is not Base64: %v", snippet([]byte(v)), err)
		}
		r.Salt, r.Encoded = salt, v
		x.AddSecrets(v)
	}
	return r, nil
}

// DecodeBase64 reads standard Base64 with or without padding, or its
// URL-safe variant: "<base64, 16 bytes>" (profiles.md) names no alphabet.
func DecodeBase64(s string) ([]byte, error) {
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err == nil {
			return b, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// ParseLogin reads the answer of a login: 2xx {"access_token":"…"}, or a
// documented refusal in either shape at any status (the seed documents the
// refusal by its body, "a JSON formatted response with a code and message
// property populated", and shows it at 500). A 2xx with neither is
// malformed, as is a token at a non-2xx status.
func ParseLogin(x *wire.Exchange) (*LoginResult, error) {
	v, f, err := parse(OpLogin, x, fieldAccessToken)
	if err != nil {
		return nil, err
	}
	x.AddSecrets(v)
	return &LoginResult{AccessToken: v, Failure: f, Exchange: x}, nil
}

// ParseStoreChecksum reads the answer of StoreChecksum: 2xx
// {"checksum_key":"<GUID>"} or a documented refusal at any status (a
// deployment may answer 200 {"code":…}); the status stays in Exchange for
// the specs to judge.
func ParseStoreChecksum(x *wire.Exchange) (*StoreChecksumResult, error) {
	v, f, err := parse(OpStoreChecksum, x, fieldChecksumKey)
	if err != nil {
		return nil, err
	}
	return &StoreChecksumResult{ChecksumKey: v, Failure: f, Exchange: x}, nil
}

// ParseLogout reads the answer of Logout. Any 2xx is a logout done,
// whatever its body (none, or JSON of any shape: profiles.md documents no
// answer). Any other status is a refusal whose body must be one of the
// documented shapes (profiles.md: a dead token gets HTTP 401
// {"code","message"}); another body is malformed.
func ParseLogout(x *wire.Exchange) (*LogoutResult, error) {
	r := &LogoutResult{Exchange: x}
	if isSuccess(x.Status) {
		return r, nil
	}
	a, err := decode(OpLogout, x)
	if err != nil {
		return nil, err
	}
	f, ok, err := failureOf(OpLogout, x, a)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, wire.Malformed(OpLogout, x, "status %d answer matches no documented refusal: want %s, got %s", x.Status, shapeHint, snippet(x.Body))
	}
	r.Failure = f
	return r, nil
}

// parse decodes either the operation's success field (at a 2xx status) or a
// documented refusal (at any status).
func parse(op string, x *wire.Exchange, field successField) (string, Failure, error) {
	a, err := decode(op, x)
	if err != nil {
		return "", Failure{}, err
	}
	f, failed, err := failureOf(op, x, a)
	if err != nil {
		return "", Failure{}, err
	}
	v := ""
	if p := field.get(a); p != nil {
		v = *p
	}
	switch {
	case v != "" && isSuccess(x.Status):
		// A success that also carries code/message (a deployment that
		// always sends every field) is still a success: code and message
		// are documented for failures only.
		return v, Failure{}, nil
	case v != "":
		return "", Failure{}, wire.Malformed(op, x, "status %d answer carries %s; a refusal must be %s", x.Status, field.name, shapeHint)
	case failed:
		return "", f, nil
	case isSuccess(x.Status):
		return "", Failure{}, wire.Malformed(op, x, "status %d answer without %s: want {%q:\"…\"}, got %s", x.Status, field.name, field.name, snippet(x.Body))
	}
	return "", Failure{}, wire.Malformed(op, x, "status %d answer matches no documented shape: want %s, got %s", x.Status, shapeHint, snippet(x.Body))
}

// utf8BOM is the byte order mark some servers put before JSON.
var utf8BOM = []byte("\xef\xbb\xbf")

// decode reads the body as one JSON object. The media type is not
// required: the seed promises "a JSON formatted response" and names no
// Content-Type, so a JSON object under another type is read; a body that
// is no JSON object under a non-JSON type is a content-type error (an HTML
// error page reads as what it is).
func decode(op string, x *wire.Exchange) (*answer, error) {
	body := bytes.TrimSpace(bytes.TrimPrefix(x.Body, utf8BOM))
	var a answer
	var err error
	switch {
	case len(body) == 0:
		err = wire.Malformed(op, x, "status %d answer has an empty body; want a JSON object", x.Status)
	case body[0] != '{':
		err = wire.Malformed(op, x, "status %d answer is not a JSON object: got %s", x.Status, snippet(body))
	default:
		if jerr := json.Unmarshal(body, &a); jerr != nil {
			err = wire.Malformed(op, x, "status %d answer is not the documented JSON (%v): got %s", x.Status, jerr, snippet(body))
		}
	}
	if err != nil {
		if cerr := wire.ExpectContentType(op, x, "json"); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	return &a, nil
}

// failureOf extracts a documented refusal; ok is false when the answer
// carries none. A refusal is a non-empty code with a message (the seed's
// "code and message property populated"), or an Exception with a non-empty
// Code and a Message; a code or Exception without its message is
// malformed. Null fields are absent.
func failureOf(op string, x *wire.Exchange, a *answer) (f Failure, ok bool, err error) {
	if a.Code != nil && *a.Code != "" {
		if a.Message == nil {
			return Failure{}, false, wire.Malformed(op, x, "refusal without message: want %s, got %s", shapeHint, snippet(x.Body))
		}
		f.Code, f.Message, ok = *a.Code, *a.Message, true
	}
	if a.Exception != nil {
		e := a.Exception
		if e.Code == nil || *e.Code == "" || e.Message == nil {
			return Failure{}, false, wire.Malformed(op, x, "Exception without Code or Message: want %s, got %s", shapeHint, snippet(x.Body))
		}
		f.Exception, ok = &Exception{Code: *e.Code, Message: *e.Message}, true
	}
	return f, ok, nil
}

// snippet quotes the start of a body for an error message.
func snippet(b []byte) string {
	const max = 96
	if len(b) > max {
		return fmt.Sprintf("%q… (%d bytes)", b[:max], len(b))
	}
	return fmt.Sprintf("%q", b)
}

// guidRe matches a GUID in the textual forms of Microsoft's Guid.ToString
// (D: hyphenated, B: in braces, P: in parentheses, N: 32 digits), in
// either case: profiles.md documents the token as "<GUID>" and the seed's
// example is the D form.
var guidRe = regexp.MustCompile(`^(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}|\([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\)|[0-9A-Fa-f]{32})$`)

// IsGUID reports whether s is a GUID ("534d4c30-28a0-48c8-a76d-bbd265d7a1ac",
// upper case, in braces or parentheses, or as 32 digits).
func IsGUID(s string) bool { return guidRe.MatchString(s) }

// classified is the part of an answer Classify reads.
type classified struct {
	AccessToken string `json:"access_token"`
	Code        string `json:"code"`
	Exception   *struct {
		Code string `json:"Code"`
	} `json:"Exception"`
}

// Classify is the load runner's cheap check of a login answer: issued is
// true only for a 2xx whose JSON carries a non-empty access_token; code is
// the refusal's code in either shape ("code" or Exception.Code), "" when the
// body carries none.
func Classify(status int, body []byte) (issued bool, code string) {
	var c classified
	if err := json.Unmarshal(bytes.TrimPrefix(body, utf8BOM), &c); err != nil {
		return false, ""
	}
	if isSuccess(status) && c.AccessToken != "" {
		return true, ""
	}
	if c.Code != "" {
		return false, c.Code
	}
	if c.Exception != nil {
		return false, c.Exception.Code
	}
	return false, ""
}
