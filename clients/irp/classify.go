package irp

import (
	"bytes"
	"encoding/json"
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"strconv"
)

// The codes Classify returns when an answer carries no message Code.
const (
	// ClassMalformed: the body is not the documented object.
	ClassMalformed = "malformed"
	// ClassNoCode: a documented object with no token and no message.
	ClassNoCode = "no-code"
	// ClassHTTPPrefix starts the code of a non-2xx answer without a
	// message ("http-500").
	ClassHTTPPrefix = "http-"
)

// Classify is the load runner's cheap look at an answer. issued is true
// when the status is 2xx, Success is true (or "Warning") and a non-empty
// AuthenticationToken is present; otherwise code is the first message's
// Code ("2003"), or ClassHTTPPrefix+status for a non-2xx answer without
// one, ClassNoCode for a 2xx answer without one, or ClassMalformed for a
// body ParseResponse would reject. It agrees with ParseResponse on every
// body; common answers are scanned without building a Response, and
// anything unusual (escaped keys, duplicate fields, a double-encoded
// object) falls back to the full parse.
func Classify(status int, body []byte) (issued bool, code string) {
	sum, ok := scanSummary(body)
	if !ok {
		r, err := parseBody(body)
		if err != nil {
			return false, ClassMalformed
		}
		sum = summary{success: r.Success, hasToken: r.AuthenticationToken != "", hasCode: len(r.Messages) > 0}
		if sum.hasCode {
			sum.code = r.Messages[0].Code
		}
	}
	ok2xx := status >= 200 && status < 300
	switch {
	case ok2xx && sum.success.OK() && sum.hasToken:
		return true, ""
	case sum.hasCode:
		return false, codeString(sum.code)
	case !ok2xx:
		return false, ClassHTTPPrefix + strconv.Itoa(status)
	}
	return false, ClassNoCode
}

// codeString prints a code without allocating for the documented ones.
func codeString(c int) string {
	switch c {
	case CodeTokenExpired:
		return "1000"
	case CodeTimestampWindow:
		return "2001"
	case CodeNoKeyForToken:
		return "2002"
	case CodeBadSignature:
		return "2003"
	case CodeRequired:
		return "2004"
	case CodeTooShort:
		return "2005"
	case CodeTooLong:
		return "2006"
	case CodeWrongType:
		return "2007"
	case CodeUnreadable:
		return "2010"
	case CodeKeyInactive:
		return "2011"
	case CodeIPNotPermitted:
		return "2013"
	case CodeUnknownKey:
		return "2014"
	}
	return strconv.Itoa(c)
}

// summary is what Classify needs from an answer.
type summary struct {
	success  Success
	hasToken bool
	hasCode  bool
	code     int
}

// Top-level fields the scanner tracks.
const (
	seenToken = 1 << iota
	seenMessages
	seenSuccess
	seenSignature
	seenTimeStamp
	seenRemaining
)

var (
	keyToken     = []byte(FieldAuthenticationToken)
	keyMessages  = []byte("Messages")
	keySuccess   = []byte("Success")
	keySignature = []byte(FieldSignature)
	keyTimeStamp = []byte(FieldTimeStamp)
	keyRemaining = []byte("MinutesRemaining")
	keyCode      = []byte("Code")
	keyMessage   = []byte("Message")
)

// scanSummary reads a well-formed answer without decoding it. ok is false
// whenever the full parser must decide (including every malformed body).
func scanSummary(b []byte) (sum summary, ok bool) {
	i := jsontext.SkipWS(b, 0)
	if i >= len(b) || b[i] != '{' || !json.Valid(b) {
		return sum, false
	}
	seen := 0
	successSet := false
	i++
	for {
		i = jsontext.SkipWS(b, i)
		if i >= len(b) {
			return sum, false
		}
		if b[i] == '}' {
			break
		}
		key, next, plain := scanKey(b, i)
		if !plain {
			return sum, false
		}
		start := jsontext.SkipWS(b, next+1) // past ':'
		end := jsontext.SkipValue(b, start)
		val := b[start:end]
		var bit int
		switch {
		case bytes.EqualFold(key, keyToken):
			bit = seenToken
			if !stringOrNull(val) {
				return sum, false
			}
			sum.hasToken = val[0] == '"' && len(val) > 2
		case bytes.EqualFold(key, keyMessages):
			bit = seenMessages
			if !scanMessages(val, &sum) {
				return sum, false
			}
		case bytes.EqualFold(key, keySuccess):
			bit = seenSuccess
			if string(val) == "null" {
				break
			}
			s, err := parseSuccess(val)
			if err != nil {
				return sum, false
			}
			sum.success, successSet = s, true
		case bytes.EqualFold(key, keySignature):
			bit = seenSignature
		case bytes.EqualFold(key, keyTimeStamp):
			bit = seenTimeStamp
		case bytes.EqualFold(key, keyRemaining):
			bit = seenRemaining
		}
		if bit != 0 {
			if seen&bit != 0 {
				return sum, false // duplicate: the last one wins, let the parser say
			}
			seen |= bit
			if bit&(seenSignature|seenTimeStamp|seenRemaining) != 0 && !stringOrNull(val) {
				return sum, false
			}
		}
		i = jsontext.SkipWS(b, end)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
	return sum, successSet
}

// scanMessages checks a Messages value (null or an array of {Code,
// Message} objects) and records the first Code.
func scanMessages(v []byte, sum *summary) bool {
	if string(v) == "null" {
		return true
	}
	if len(v) == 0 || v[0] != '[' {
		return false
	}
	i := 1
	first := true
	for {
		i = jsontext.SkipWS(v, i)
		if i >= len(v) {
			return false
		}
		switch v[i] {
		case ']':
			return true
		case ',':
			i++
			continue
		case '{':
		default:
			return false
		}
		end := jsontext.SkipValue(v, i)
		code, ok := scanMessage(v[i:end])
		if !ok {
			return false
		}
		if first {
			sum.hasCode, sum.code, first = true, code, false
		}
		i = end
	}
}

// scanMessage checks one message object and returns its Code.
func scanMessage(o []byte) (int, bool) {
	i := 1
	var codeRaw []byte
	seenCode, seenMsg := false, false
	for {
		i = jsontext.SkipWS(o, i)
		if i >= len(o) {
			return 0, false
		}
		if o[i] == '}' {
			break
		}
		if o[i] == ',' {
			i++
			continue
		}
		key, next, plain := scanKey(o, i)
		if !plain {
			return 0, false
		}
		start := jsontext.SkipWS(o, next+1)
		end := jsontext.SkipValue(o, start)
		val := o[start:end]
		switch {
		case bytes.EqualFold(key, keyCode):
			if seenCode {
				return 0, false
			}
			seenCode, codeRaw = true, val
		case bytes.EqualFold(key, keyMessage):
			if seenMsg || !stringOrNull(val) {
				return 0, false
			}
			seenMsg = true
		}
		i = end
	}
	code, err := parseCode(codeRaw)
	return code, err == nil
}

// scanKey reads the object key starting at b[i] (a quote) and returns its
// raw text and the index of the ':' after it; plain is false for a key
// with escapes or a broken layout.
func scanKey(b []byte, i int) (key []byte, colon int, plain bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	j := i + 1
	for j < len(b) && b[j] != '"' {
		if b[j] == '\\' {
			return nil, 0, false
		}
		j++
	}
	if j >= len(b) {
		return nil, 0, false
	}
	colon = jsontext.SkipWS(b, j+1)
	if colon >= len(b) || b[colon] != ':' {
		return nil, 0, false
	}
	return b[i+1 : j], colon, true
}

// stringOrNull reports whether a JSON value is a string or null.
func stringOrNull(v []byte) bool {
	return len(v) >= 2 && v[0] == '"' || string(v) == "null"
}
