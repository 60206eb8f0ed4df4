package irp

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"
)

// value is one request field as received.
type value struct {
	s       string
	present bool // given, and not JSON null
	badType bool // a JSON object or array, which no field can hold
}

// blank reports whether the field counts as not present: absent, null,
// empty or only white space (as .NET's [Required] treats strings).
func (v value) blank() bool {
	return !v.present || (!v.badType && strings.TrimSpace(v.s) == "")
}

// values are the request fields the API knows; others are ignored.
type values struct {
	apiKey, timestamp, signature, token value
	formSeen                            uint8 // form fields already taken (first one wins)
}

// slot returns the field a body name (any case: "timestamp", "Timestamp";
// under exact-field-names only APIKey, TimeStamp, Timestamp, Signature and
// AuthenticationToken) stands for, or nil, and its bit for first-wins
// bookkeeping.
func (v *values) slot(name string, exact bool) (*value, uint8) {
	switch name { // the documented spellings first: no case folding
	case fieldAPIKey:
		return &v.apiKey, 1
	case fieldTimeStamp, "Timestamp":
		return &v.timestamp, 2
	case fieldSignature:
		return &v.signature, 4
	case fieldToken:
		return &v.token, 8
	}
	if exact {
		return nil, 0
	}
	switch {
	case strings.EqualFold(name, fieldAPIKey):
		return &v.apiKey, 1
	case strings.EqualFold(name, fieldTimeStamp):
		return &v.timestamp, 2
	case strings.EqualFold(name, fieldSignature):
		return &v.signature, 4
	case strings.EqualFold(name, fieldToken):
		return &v.token, 8
	}
	return nil, 0
}

// bodyKind is how a request body is encoded.
type bodyKind int

const (
	kindUnsupported bodyKind = iota
	kindForm
	kindJSON
)

// kindOf reads the media type of a Content-Type header without allocating:
// application/x-www-form-urlencoded is a form; application/json, text/json
// and any +json type are JSON; anything else (or nothing) is unsupported.
func kindOf(ct string) bodyKind {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	switch {
	case strings.EqualFold(ct, "application/x-www-form-urlencoded"):
		return kindForm
	case strings.EqualFold(ct, "application/json"), strings.EqualFold(ct, "text/json"):
		return kindJSON
	case len(ct) > 5 && strings.EqualFold(ct[len(ct)-5:], "+json") && strings.IndexByte(ct, '/') > 0:
		return kindJSON
	}
	return kindUnsupported
}

var errTooLarge = errors.New("request body over the limit")

// bufPool recycles request body buffers.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// readResult says whether a body could be read, and if not why.
type readResult int

const (
	readOK        readResult = iota
	readEmpty                // nothing sent: every field is missing
	readWrongType            // no or another Content-Type
	readTooLarge             // over the size cap
	readMalformed            // the body does not decode as its Content-Type says
)

// readValues reads and decodes the request body; anything but readOK and
// readEmpty is answered 2010 (or as a dialect or fault says). With formOnly
// (json-body-refused) a JSON body is of the wrong type; with exact
// (exact-field-names) field names must be spelled as documented.
func readValues(r *http.Request, limit int64, formOnly, exact bool) (v values, res readResult) {
	kind := kindOf(r.Header.Get("Content-Type"))
	if kind == kindUnsupported || (formOnly && kind == kindJSON) {
		return v, readWrongType
	}
	bp := bufPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 64<<10 {
			*bp = (*bp)[:0]
			bufPool.Put(bp)
		}
	}()
	body, err := readAll(r.Body, (*bp)[:0], limit)
	*bp = body
	if err != nil {
		return v, readTooLarge
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return v, readEmpty // nothing sent: every required field is missing
	}
	// One copy of the (decoded) body; field values are substrings of it.
	ok := false
	if kind == kindForm {
		ok = parseFormBytes(body, &v, exact)
	} else {
		ok = parseJSON(body, string(body), &v, exact)
	}
	if !ok {
		return v, readMalformed
	}
	return v, readOK
}

// fillFromQuery takes the fields the body lacks from the URL query string
// (fields-read-from-query only: the documented API reads bodies only).
func (v *values) fillFromQuery(r *http.Request, exact bool) {
	for name, vals := range r.URL.Query() {
		if slot, _ := v.slot(name, exact); slot != nil && !slot.present && len(vals) > 0 {
			*slot = value{s: vals[0], present: true}
		}
	}
}

// any reports whether any field was given.
func (v *values) any() bool {
	return v.apiKey.present || v.timestamp.present || v.signature.present || v.token.present
}

// longest returns the length of the longest field value.
func (v *values) longest() int {
	return max(len(v.apiKey.s), len(v.timestamp.s), len(v.signature.s), len(v.token.s))
}

// mistyped reports whether any field came as a JSON object or array.
func (v *values) mistyped() bool {
	return v.apiKey.badType || v.timestamp.badType || v.signature.badType || v.token.badType
}

// readAll reads rd into buf, failing once more than limit bytes come.
func readAll(rd io.Reader, buf []byte, limit int64) ([]byte, error) {
	if rd == nil || rd == http.NoBody {
		return buf, nil
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// parseForm decodes application/x-www-form-urlencoded pairs separated by
// '&'. The first occurrence of a field wins; a bad %-escape anywhere makes
// the body unreadable.
func parseForm(b string, v *values, exact bool) bool {
	return parseFormBytes([]byte(b), v, exact)
}

// parseFormBytes is parseForm decoding b in place (b is scratch): the
// fields' values come from one string of the decoded text.
func parseFormBytes(b []byte, v *values, exact bool) bool {
	type span struct {
		slot       *value
		start, end int
	}
	var spans [4]span
	n, w := 0, 0
	for r := 0; r < len(b); {
		end := bytes.IndexByte(b[r:], '&')
		if end < 0 {
			end = len(b)
		} else {
			end += r
		}
		if end == r {
			r++
			continue
		}
		eq := bytes.IndexByte(b[r:end], '=')
		valStart := end
		if eq < 0 {
			eq = end
		} else {
			eq += r
			valStart = eq + 1
		}
		keyStart := w
		kn, ok := unescapeInPlace(b, w, r, eq)
		if !ok {
			return false
		}
		w += kn
		slot, bit := v.slot(string(b[keyStart:w]), exact)
		vn, ok := unescapeInPlace(b, w, valStart, end)
		if !ok {
			return false
		}
		r = end + 1
		if slot == nil || v.formSeen&bit != 0 {
			w = keyStart // not kept
			continue
		}
		v.formSeen |= bit
		spans[n] = span{slot, w, w + vn}
		n++
		w += vn
	}
	text := string(b[:w])
	for _, sp := range spans[:n] {
		*sp.slot = value{s: text[sp.start:sp.end], present: true}
	}
	return true
}

// unescapeInPlace decodes the form text b[from:to] ('+' is a space, %XX a
// byte) to b[at:] (at <= from) and returns its length; ok is false for a
// bad %-escape.
func unescapeInPlace(b []byte, at, from, to int) (int, bool) {
	// Most of a form is plain text: find the first escape, moving the text
	// before it in one copy.
	i := to
	if k := bytes.IndexByte(b[from:to], '%'); k >= 0 {
		i = from + k
	}
	if k := bytes.IndexByte(b[from:i], '+'); k >= 0 {
		i = from + k
	}
	w := at + i - from
	if at != from {
		copy(b[at:], b[from:i])
	}
	for ; i < to; i++ {
		c := b[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= to || !isHex(b[i+1]) || !isHex(b[i+2]) {
				return 0, false
			}
			c = unhex(b[i+1])<<4 | unhex(b[i+2])
			i += 2
		}
		b[w] = c
		w++
	}
	return w - at, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// parseJSON decodes a JSON object; raw and text hold the same body. The
// last occurrence of a field wins (as in Json.NET); null means not
// present; numbers and booleans are taken as their text (as .NET model
// binding converts them to strings); an object or array is a value of the
// wrong type. Anything but a valid JSON object makes the body unreadable.
func parseJSON(raw []byte, text string, v *values, exact bool) bool {
	i := jsontext.SkipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' || !json.Valid(raw) {
		return false
	}
	i++
	for {
		i = jsontext.SkipWS(raw, i)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case '}':
			return true
		case ',':
			i++
			continue
		}
		keyEnd := jsontext.SkipString(raw, i)
		key, ok := jsonString(raw[i:keyEnd], text[i:keyEnd])
		if !ok {
			return false
		}
		i = jsontext.SkipWS(raw, keyEnd)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		start := jsontext.SkipWS(raw, i+1)
		end := jsontext.SkipValue(raw, start)
		i = end
		slot, _ := v.slot(key, exact)
		if slot == nil || start >= end {
			continue
		}
		switch raw[start] {
		case '"':
			s, ok := jsonString(raw[start:end], text[start:end])
			if !ok {
				return false
			}
			*slot = value{s: s, present: true}
		case 'n':
			*slot = value{}
		case '{', '[':
			*slot = value{present: true, badType: true}
		default:
			*slot = value{s: text[start:end], present: true}
		}
	}
}

// jsonString returns the contents of a JSON string literal, unescaped;
// raw and text hold the same literal, and a literal without escapes is
// returned as a substring of text.
func jsonString(raw []byte, text string) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return text[1 : len(text)-1], true
	}
	// Escapes, or invalid UTF-8 (which encoding/json turns into U+FFFD).
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}
