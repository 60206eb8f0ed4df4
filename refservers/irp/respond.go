package irp

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// Header values, shared so that no request allocates them.
var (
	headerJSON        = []string{"application/json; charset=utf-8"}
	headerJSONPlain   = []string{"application/json"}
	headerText        = []string{"text/plain; charset=utf-8"}
	headerTextPlain   = []string{"text/plain"}
	headerHTML        = []string{"text/html; charset=utf-8"}
	headerNoStore     = []string{"no-store"}
	headerNoCache     = []string{"no-cache"}
	headerNoCacheLong = []string{"no-cache, no-store, must-revalidate"}
	headerExpires     = []string{"-1"}
	headerServer      = []string{"Microsoft-IIS/10.0"}
	headerPoweredBy   = []string{"ASP.NET"}
	headerAllow       = []string{"POST"}
)

// serverTimeLayout prints the answer TimeStamp as .NET does,
// "2018-10-16 14:24:46.8838787Z"; timestamp-format prints milliseconds and
// no zone.
const (
	serverTimeLayout  = "2006-01-02 15:04:05.0000000Z"
	dialectTimeLayout = "2006-01-02 15:04:05.000"
)

// warningCode is the code of warning-message's warning: warnings are not
// among the documented (error) codes.
const warningCode = 3001

// reply is one answer before it is written.
type reply struct {
	now       time.Time
	ok        bool          // Success true (or "Warning")
	token     string        // success: the issued or checked token
	signature string        // success: the request's signature
	check     bool          // CheckTokenTime success: add MinutesRemaining
	remaining time.Duration // CheckTokenTime success
	secret    string        // shared-secret-echoed only
	msgs      []message     // errors
}

// writeSuccess answers
//
//	{"AuthenticationToken":"…","Messages":[],"Success":true,"Signature":"…","TimeStamp":"…"}
//
// plus MinutesRemaining for CheckTokenTime, as the dialects on shape it.
func (s *server) writeSuccess(w http.ResponseWriter, rp reply) {
	rp.ok = true
	s.writeReply(w, &rp)
}

// writeError answers a documented error:
//
//	{"Messages":[{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}],
//	 "Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:27:31.5523349Z"}
func (s *server) writeError(w http.ResponseWriter, now time.Time, msgs []message) {
	s.writeReply(w, &reply{now: now, msgs: msgs})
}

func (s *server) writeReply(w http.ResponseWriter, rp *reply) {
	bp := outPool.Get().(*[]byte)
	defer putOut(bp)
	b := s.render((*bp)[:0], rp)
	if s.d.jsonString {
		b = jsontext.AppendString(make([]byte, 0, len(b)+len(b)/4+2), string(b))
	} else {
		*bp = b
	}
	status := http.StatusOK
	if !rp.ok {
		if s.d.status400 {
			status = http.StatusBadRequest
		}
		if s.f.http500 {
			status = http.StatusInternalServerError
		}
	}
	s.writeJSON(w, status, b)
}

// jw writes one JSON object, compact or (json-pretty) indented with CRLF
// and "/" escaped.
type jw struct {
	b      []byte
	pretty bool
	n      int
}

func (j *jw) key(k string) {
	if j.n > 0 {
		j.b = append(j.b, ',')
	}
	if j.pretty {
		j.b = append(j.b, "\r\n  "...)
	}
	j.b = append(j.b, '"')
	j.b = append(j.b, k...)
	j.b = append(j.b, '"', ':')
	if j.pretty {
		j.b = append(j.b, ' ')
	}
	j.n++
}

func (j *jw) str(v string) {
	start := len(j.b)
	j.b = jsontext.AppendString(j.b, v)
	if !j.pretty {
		return
	}
	// Escape "/" as "\/", as PHP and older .NET serializers do.
	n := 0
	for _, c := range j.b[start:] {
		if c == '/' {
			n++
		}
	}
	if n == 0 {
		return
	}
	seg := append([]byte(nil), j.b[start:]...)
	j.b = j.b[:start]
	for _, c := range seg {
		if c == '/' {
			j.b = append(j.b, '\\')
		}
		j.b = append(j.b, c)
	}
}

func (j *jw) raw(v string) { j.b = append(j.b, v...) }

func (j *jw) close() []byte {
	if j.pretty {
		j.b = append(j.b, "\r\n"...)
	}
	return append(j.b, '}')
}

// render writes the answer object for rp.
func (s *server) render(b []byte, rp *reply) []byte {
	j := &jw{b: append(b, '{'), pretty: s.d.jsonPretty}
	token := func() {
		switch {
		case rp.ok && rp.check && s.d.checkMinimal:
		case rp.ok:
			j.key("AuthenticationToken")
			j.str(rp.token)
		case s.d.extraFields:
			j.key("AuthenticationToken")
			j.raw("null")
		}
	}
	if s.d.jsonPretty { // Success first, the token last
		s.renderSuccess(j, rp)
		s.renderMessages(j, rp)
		token()
	} else {
		token()
		s.renderMessages(j, rp)
		s.renderSuccess(j, rp)
	}
	j.key("Signature")
	if rp.ok && !(rp.check && s.d.checkMinimal) {
		j.str(rp.signature)
	} else {
		j.raw("null")
	}
	j.key(s.timeKey)
	j.b = append(j.b, '"')
	j.b = appendTime(j.b, rp.now, s.timeLayout)
	j.b = append(j.b, '"')
	if rp.ok && rp.check {
		j.key("MinutesRemaining")
		j.b = append(j.b, '"')
		j.b = s.appendRemaining(j.b, rp.remaining)
		j.b = append(j.b, '"')
	}
	if rp.secret != "" {
		j.key("SharedSecret")
		j.str(rp.secret)
	}
	if s.d.extraFields {
		j.key("Version")
		j.str("1.0")
		j.key("RequestId")
		j.str(randomHex(8))
	}
	return j.close()
}

func (s *server) renderSuccess(j *jw, rp *reply) {
	j.key("Success")
	switch {
	case !rp.ok:
		j.raw("false")
	case rp.check && s.f.successString:
		j.raw(`"True"`)
	case (rp.check && s.d.warningMessage) || (!rp.check && s.d.warningEmpty):
		j.raw(`"Warning"`)
	default:
		j.raw("true")
	}
}

func (s *server) renderMessages(j *jw, rp *reply) {
	j.key("Messages")
	j.b = append(j.b, '[')
	if rp.ok {
		if rp.check && s.d.warningMessage {
			s.openMessage(j, 0, warningCode)
			j.str("The token expires in less than five minutes")
			s.closeMessage(j)
		}
		s.closeMessages(j, rp.check && s.d.warningMessage)
		return
	}
	for i, m := range rp.msgs {
		s.openMessage(j, i, m.code)
		j.b = append(j.b, '"')
		j.b = s.appendMessageText(j.b, m)
		j.b = append(j.b, '"')
		s.closeMessage(j)
	}
	s.closeMessages(j, len(rp.msgs) > 0)
}

func (s *server) openMessage(j *jw, i, code int) {
	if i > 0 {
		j.b = append(j.b, ',')
	}
	if j.pretty {
		j.b = append(j.b, "\r\n    {\"Code\": "...)
	} else {
		j.b = append(j.b, `{"Code":`...)
	}
	j.b = strconv.AppendInt(j.b, int64(code), 10)
	if j.pretty {
		j.b = append(j.b, `, "Message": `...)
	} else {
		j.b = append(j.b, `,"Message":`...)
	}
}

func (s *server) closeMessage(j *jw) { j.b = append(j.b, '}') }

func (s *server) closeMessages(j *jw, any bool) {
	if j.pretty && any {
		j.b = append(j.b, "\r\n  "...)
	}
	j.b = append(j.b, ']')
}

// appendMessageText appends a message's text, JSON-escaped, without
// quotes: "Value Is Shorter Than The Minimum Length.(Parameter=APIKey)", or
// under message-texts "value is too short (parameter 'apiKey')".
func (s *server) appendMessageText(b []byte, m message) []byte {
	if s.d.messageTexts {
		b = append(b, messageText(m.code, true)...)
		if field := otherFieldName(m.field); field != "" && !s.f.noParameter {
			b = append(b, " (parameter '"...)
			b = append(b, field...)
			b = append(b, "')"...)
		}
	} else {
		b = append(b, messageText(m.code, false)...)
		b = append(b, '.')
		if !s.f.noParameter {
			b = append(b, "(Parameter="...)
			b = append(b, m.field...)
			b = append(b, ')')
		}
	}
	if m.code == codeUnreadable && s.f.leakInternals {
		b = jsontext.AppendStringBody(b, stackTrace)
	}
	return b
}

// appendRemaining prints a remaining lifetime as "MM:SS" ("04:59"), whole
// seconds rounded down (up under remaining-ceil), never negative.
func (s *server) appendRemaining(b []byte, d time.Duration) []byte {
	if d < 0 {
		d = 0
	}
	if s.f.minutesFormat {
		return strconv.AppendFloat(b, d.Minutes(), 'f', 2, 64)
	}
	secs := int64(d / time.Second)
	if s.d.remainingCeil && d%time.Second != 0 {
		secs++
	}
	mins := secs / 60
	if mins < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, mins, 10)
	b = append(b, ':', byte('0'+secs%60/10), byte('0'+secs%10))
	return b
}

// outPool recycles answer buffers; ResponseWriter.Write copies.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func putOut(bp *[]byte) {
	if cap(*bp) <= 16<<10 {
		outPool.Put(bp)
	}
}

// writeJSON writes an answer of the API with the headers the dialects on
// give it. The answer's JSON text goes out as text/plain by default: the
// seed's jQuery example calls JSON.parse on what $.post hands its success
// function, which is the JSON text only when jQuery did not parse it
// itself, as it does for application/json (json-content-type). An answer
// held in a JSON string (json-in-string) is application/json, so that
// jQuery's own parse yields the text JSON.parse expects.
func (s *server) writeJSON(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	switch {
	case s.d.jsonString || s.d.jsonContentType:
		if s.d.jsonPretty {
			h["Content-Type"] = headerJSONPlain
		} else {
			h["Content-Type"] = headerJSON
		}
	case s.d.textContentType:
		h["Content-Type"] = headerHTML
	case s.d.jsonPretty:
		h["Content-Type"] = headerTextPlain
	default:
		h["Content-Type"] = headerText
	}
	if !s.f.cacheable {
		if s.d.extraFields { // as ASP.NET sends them
			h["Cache-Control"] = headerNoCacheLong
			h["Pragma"] = headerNoCache
			h["Expires"] = headerExpires
		} else { // as the other three reference servers do
			h["Cache-Control"] = headerNoStore
		}
	}
	if s.d.extraFields {
		h["Server"] = headerServer
		h["X-Powered-By"] = headerPoweredBy
		h["X-Request-Id"] = []string{randomHex(8)}
		h["Set-Cookie"] = []string{"ASP.NET_SessionId=" + randomHex(12) + "; path=/; HttpOnly; SameSite=Lax"}
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writePlainJSON answers outside the API's own shape (404, 405).
func writePlainJSON(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = headerJSON
	h["Cache-Control"] = headerNoStore
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeUnsupportedMediaType answers content-type-415: HTTP 415, no body.
func writeUnsupportedMediaType(w http.ResponseWriter) {
	w.WriteHeader(http.StatusUnsupportedMediaType)
}

// writeBadRequest answers malformed-400: HTTP 400, a line of text.
func writeBadRequest(w http.ResponseWriter) {
	w.Header()["Content-Type"] = []string{"text/plain; charset=utf-8"}
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("Bad Request"))
}

// writeCrash answers as an unhandled exception would (the crash faults).
func writeCrash(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Type"] = []string{"text/html; charset=utf-8"}
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(crashPage))
}

// writeNotFound answers a path the API does not have, as ASP.NET Web API
// does (without echoing the URI).
func writeNotFound(w http.ResponseWriter) {
	writePlainJSON(w, http.StatusNotFound, []byte(`{"Message":"No HTTP resource was found that matches the request URI."}`))
}

// writeMethodNotAllowed answers a method other than POST, as ASP.NET Web
// API does.
func writeMethodNotAllowed(w http.ResponseWriter, method string) {
	w.Header()["Allow"] = headerAllow
	b := append([]byte(nil), `{"Message":"The requested resource does not support http method '`...)
	b = jsontext.AppendStringBody(b, method)
	b = append(b, `'."}`...)
	writePlainJSON(w, http.StatusMethodNotAllowed, b)
}

// randomHex returns n random bytes in hex (request ids, cookies of
// extra-fields).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
