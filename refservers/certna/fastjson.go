package certna

import (
	"unicode/utf8"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// parseLoginFast decodes the common login body without reflection: one
// object whose only keys are user_name and password, each at most once,
// with string values free of escapes and control characters and in valid
// UTF-8. ok is false for anything else, which then goes through
// encoding/json; for every body it accepts, the result is the one
// encoding/json gives.
func parseLoginFast(b []byte) (in loginBody, ok bool) {
	i := jsontext.SkipWS(b, 0)
	if i == len(b) || b[i] != '{' {
		return in, false
	}
	i = jsontext.SkipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return in, jsontext.SkipWS(b, i+1) == len(b)
	}
	var seenUser, seenPassword bool
	for {
		key, j, ok := plainString(b, i)
		if !ok {
			return loginBody{}, false
		}
		i = jsontext.SkipWS(b, j)
		if i == len(b) || b[i] != ':' {
			return loginBody{}, false
		}
		val, j, ok := plainString(b, jsontext.SkipWS(b, i+1))
		if !ok {
			return loginBody{}, false
		}
		switch string(key) {
		case "user_name":
			if seenUser {
				return loginBody{}, false
			}
			seenUser, in.UserName = true, string(val)
		case "password":
			if seenPassword {
				return loginBody{}, false
			}
			seenPassword, in.Password = true, string(val)
		default:
			return loginBody{}, false
		}
		i = jsontext.SkipWS(b, j)
		if i == len(b) {
			return loginBody{}, false
		}
		if b[i] == '}' {
			if jsontext.SkipWS(b, i+1) != len(b) {
				return loginBody{}, false
			}
			return in, true
		}
		if b[i] != ',' {
			return loginBody{}, false
		}
		i = jsontext.SkipWS(b, i+1)
	}
}

// plainString reads a JSON string at b[i] that needs no unescaping: no
// backslash, no control character, valid UTF-8. It returns the contents
// and the index after the closing quote.
func plainString(b []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			s = b[i+1 : j]
			return s, j + 1, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, 0, false
		}
	}
	return nil, 0, false
}
