package irp

import (
	"bytes"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// issuedFast reports whether body is, beyond doubt, an answer that issues
// a token: a flat JSON object in printable ASCII whose values are plain
// strings (no escapes), null, true or false, with Success true (or
// "True", "Warning"), a non-empty AuthenticationToken string, Messages
// null or absent, and each field the client reads present once. It reads
// the body once, validating as it goes; a false answer only means "not
// sure": the full classification (clients/irp.Classify) then decides. A
// token flood's answers are all of this shape, so most hits are judged
// here, without the full validation pass and scan.
func issuedFast(status int, body []byte) bool {
	if status < 200 || status > 299 {
		return false
	}
	b := body
	i := jsontext.SkipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i++
	var seen uint8
	var success, token bool
	for first := true; ; first = false {
		i = jsontext.SkipWS(b, i)
		if i >= len(b) {
			return false
		}
		if b[i] == '}' {
			break
		}
		if !first {
			if b[i] != ',' {
				return false
			}
			i = jsontext.SkipWS(b, i+1)
		}
		key, next, ok := plainString(b, i)
		if !ok {
			return false
		}
		i = jsontext.SkipWS(b, next)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = jsontext.SkipWS(b, i+1)
		// the value: a plain string, null, true or false
		var val []byte
		isString := false
		switch {
		case i < len(b) && b[i] == '"':
			s, end, ok := plainString(b, i)
			if !ok {
				return false
			}
			val, isString, i = s, true, end
		case bytes.HasPrefix(b[i:], litNull), bytes.HasPrefix(b[i:], litTrue):
			val, i = b[i:i+4], i+4
		case bytes.HasPrefix(b[i:], litFalse):
			val, i = b[i:i+5], i+5
		default:
			return false
		}
		var bit uint8
		switch {
		case bytes.EqualFold(key, keyToken):
			bit = 1
			token = isString && len(val) > 0
			if !isString && !bytes.Equal(val, litNull) {
				return false
			}
		case bytes.EqualFold(key, keyMessages):
			bit = 2
			if !bytes.Equal(val, litNull) {
				return false
			}
		case bytes.EqualFold(key, keySuccess):
			bit = 4
			switch {
			case !isString && bytes.Equal(val, litTrue):
				success = true
			case isString && (bytes.EqualFold(val, litTrue) || bytes.EqualFold(val, litWarning)):
				success = true
			default:
				return false // false, null or anything else: let Classify say
			}
		case bytes.EqualFold(key, keySignature):
			bit = 8
		case bytes.EqualFold(key, keyTimeStamp):
			bit = 16
		case bytes.EqualFold(key, keyRemaining):
			bit = 32
		}
		if bit != 0 {
			if seen&bit != 0 {
				return false // a duplicate: the last one wins, let Classify say
			}
			seen |= bit
			if bit >= 8 && !isString && !bytes.Equal(val, litNull) {
				return false
			}
		}
	}
	return success && token && jsontext.SkipWS(b, i+1) == len(b)
}

var (
	keyToken     = []byte("AuthenticationToken")
	keyMessages  = []byte("Messages")
	keySuccess   = []byte("Success")
	keySignature = []byte("Signature")
	keyTimeStamp = []byte("TimeStamp")
	keyRemaining = []byte("MinutesRemaining")
	litNull      = []byte("null")
	litTrue      = []byte("true")
	litFalse     = []byte("false")
	litWarning   = []byte("warning")
)

// plainString reads the JSON string starting at b[i] (a quote) whose
// bytes are all printable ASCII with no escape, and returns its content
// and the index past its closing quote.
func plainString(b []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20 || c > 0x7e:
			return nil, 0, false
		}
	}
	return nil, 0, false
}
