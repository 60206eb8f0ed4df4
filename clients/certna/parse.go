package certna

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/authprobe/authprobe/clients/wire"
)

// answer is every documented field of every CeRTNA answer; a nil pointer
// is an absent field.
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

// ParseSalt reads the answer of the salt endpoint: 200 {"salt":"<Base64>"}
// or a documented refusal.
func ParseSalt(x *wire.Exchange) (*SaltResult, error) {
	v, f, err := parse(OpSalt, x, fieldSalt, false)
	if err != nil {
		return nil, err
	}
	r := &SaltResult{Failure: f, Exchange: x}
	if v != "" {
		salt, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return nil, wire.Malformed(OpSalt, x, "salt %s is not standard Base64: %v", snippet([]byte(v)), err)
		}
		r.Salt, r.Encoded = salt, v
		x.AddSecrets(v)
	}
	return r, nil
}

// ParseLogin reads the answer of a login: 2xx {"access_token":"…"}, or a
// refusal in either documented shape at a non-2xx status. A 2xx without
// access_token is malformed.
func ParseLogin(x *wire.Exchange) (*LoginResult, error) {
	v, f, err := parse(OpLogin, x, fieldAccessToken, false)
	if err != nil {
		return nil, err
	}
	x.AddSecrets(v)
	return &LoginResult{AccessToken: v, Failure: f, Exchange: x}, nil
}

// ParseStoreChecksum reads the answer of StoreChecksum: 2xx
// {"checksum_key":"<GUID>"} or a documented refusal. A refusal is accepted
// at any status (a deployment may answer 200 {"code":…}); the status stays
// in Exchange for the specs to judge.
func ParseStoreChecksum(x *wire.Exchange) (*StoreChecksumResult, error) {
	v, f, err := parse(OpStoreChecksum, x, fieldChecksumKey, true)
	if err != nil {
		return nil, err
	}
	return &StoreChecksumResult{ChecksumKey: v, Failure: f, Exchange: x}, nil
}

// ParseLogout reads the answer of Logout: a documented refusal (at any
// status), or else any 2xx, whatever its body (the reference server sends
// 204 No Content).
func ParseLogout(x *wire.Exchange) (*LogoutResult, error) {
	if isSuccess(x.Status) {
		if wire.ExpectContentType(OpLogout, x, "json") == nil {
			if a, err := decode(OpLogout, x); err == nil {
				if f, ok, err := failureOf(OpLogout, x, a); err == nil && ok {
					return &LogoutResult{Failure: f, Exchange: x}, nil
				}
			}
		}
		return &LogoutResult{Exchange: x}, nil
	}
	if err := wire.ExpectContentType(OpLogout, x, "json"); err != nil {
		return nil, err
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
	return &LogoutResult{Failure: f, Exchange: x}, nil
}

// parse checks the content type and decodes either the operation's success
// field (at a 2xx status) or a documented refusal. failureAt2xx accepts a
// refusal at a 2xx status too.
func parse(op string, x *wire.Exchange, field successField, failureAt2xx bool) (string, Failure, error) {
	if err := wire.ExpectContentType(op, x, "json"); err != nil {
		return "", Failure{}, err
	}
	a, err := decode(op, x)
	if err != nil {
		return "", Failure{}, err
	}
	f, failed, err := failureOf(op, x, a)
	if err != nil {
		return "", Failure{}, err
	}
	v := field.get(a)
	switch {
	case v != nil && failed:
		return "", Failure{}, wire.Malformed(op, x, "answer carries both %s and a refusal (code %q); want one or the other", field.name, f.FailureCode())
	case v != nil && !isSuccess(x.Status):
		return "", Failure{}, wire.Malformed(op, x, "status %d answer carries %s; a refusal must be %s", x.Status, field.name, shapeHint)
	case v != nil && *v == "":
		return "", Failure{}, wire.Malformed(op, x, "%s is empty; want a non-empty string", field.name)
	case v != nil:
		return *v, Failure{}, nil
	case failed && (failureAt2xx || !isSuccess(x.Status)):
		return "", f, nil
	case isSuccess(x.Status):
		return "", Failure{}, wire.Malformed(op, x, "status %d answer without %s: want {%q:\"…\"}, got %s", x.Status, field.name, field.name, snippet(x.Body))
	}
	return "", Failure{}, wire.Malformed(op, x, "status %d answer matches no documented shape: want %s, got %s", x.Status, shapeHint, snippet(x.Body))
}

// decode reads the body as one JSON object of documented fields.
func decode(op string, x *wire.Exchange) (*answer, error) {
	body := bytes.TrimSpace(x.Body)
	if len(body) == 0 {
		return nil, wire.Malformed(op, x, "status %d answer has an empty body; want a JSON object", x.Status)
	}
	if body[0] != '{' {
		return nil, wire.Malformed(op, x, "status %d answer is not a JSON object: got %s", x.Status, snippet(body))
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, wire.Malformed(op, x, "status %d answer is not the documented JSON (%v): got %s", x.Status, err, snippet(body))
	}
	return &a, nil
}

// failureOf extracts a documented refusal; ok is false when the answer
// carries none. A refusal missing its code or message is malformed.
func failureOf(op string, x *wire.Exchange, a *answer) (f Failure, ok bool, err error) {
	if a.Code != nil {
		if *a.Code == "" || a.Message == nil {
			return Failure{}, false, wire.Malformed(op, x, "refusal with empty code or without message: want %s, got %s", shapeHint, snippet(x.Body))
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
	if err := json.Unmarshal(body, &c); err != nil {
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
