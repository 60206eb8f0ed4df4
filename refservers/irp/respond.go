package irp

import (
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Header values, shared so that no request allocates them.
var (
	headerJSON    = []string{"application/json; charset=utf-8"}
	headerNoStore = []string{"no-store"}
	headerNoCache = []string{"no-cache"}
	headerAllow   = []string{"POST"}
)

// serverTimeLayout prints the answer TimeStamp as .NET does,
// "2018-10-16 14:24:46.8838787Z".
const serverTimeLayout = "2006-01-02 15:04:05.0000000Z"

// success is what a successful answer carries.
type success struct {
	token     string
	signature string
	remaining time.Duration // CheckTokenTime only
	check     bool          // add MinutesRemaining
	secret    string        // shared-secret-echoed only
}

// writeSuccess answers
//
//	{"AuthenticationToken":"…","Messages":[],"Success":true,"Signature":"…","TimeStamp":"…"}
//
// plus MinutesRemaining for CheckTokenTime.
func (s *server) writeSuccess(w http.ResponseWriter, now time.Time, ok success) {
	bp := outPool.Get().(*[]byte)
	defer putOut(bp)
	b := (*bp)[:0]
	b = append(b, `{"AuthenticationToken":`...)
	b = jsontext.AppendString(b, ok.token)
	b = append(b, `,"Messages":[],"Success":true,"Signature":`...)
	b = jsontext.AppendString(b, ok.signature)
	b = append(b, `,"TimeStamp":"`...)
	b = now.UTC().AppendFormat(b, serverTimeLayout)
	b = append(b, '"')
	if ok.check {
		b = append(b, `,"MinutesRemaining":"`...)
		b = s.appendRemaining(b, ok.remaining)
		b = append(b, '"')
	}
	if ok.secret != "" {
		b = append(b, `,"SharedSecret":`...)
		b = jsontext.AppendString(b, ok.secret)
	}
	b = append(b, '}')
	*bp = b
	writeJSON(w, http.StatusOK, b)
}

// appendRemaining prints a remaining lifetime as "MM:SS" ("04:59"), whole
// seconds rounded down, never negative.
func (s *server) appendRemaining(b []byte, d time.Duration) []byte {
	if d < 0 {
		d = 0
	}
	if s.f.minutesFormat {
		return strconv.AppendFloat(b, d.Minutes(), 'f', 2, 64)
	}
	secs := int64(d / time.Second)
	mins := secs / 60
	if mins < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, mins, 10)
	b = append(b, ':', byte('0'+secs%60/10), byte('0'+secs%10))
	return b
}

// writeError answers a documented error:
//
//	{"Messages":[{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}],
//	 "Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:27:31.5523349Z"}
func (s *server) writeError(w http.ResponseWriter, now time.Time, msgs []message) {
	bp := outPool.Get().(*[]byte)
	defer putOut(bp)
	b := (*bp)[:0]
	b = append(b, `{"Messages":[`...)
	for i, m := range msgs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Code":`...)
		b = strconv.AppendInt(b, int64(m.code), 10)
		b = append(b, `,"Message":"`...)
		b = append(b, messageText(m.code)...)
		b = append(b, '.')
		if !s.f.noParameter {
			b = append(b, "(Parameter="...)
			b = append(b, m.field...)
			b = append(b, ')')
		}
		if m.code == codeUnreadable && s.f.leakInternals {
			b = jsontext.AppendStringBody(b, stackTrace)
		}
		b = append(b, `"}`...)
	}
	b = append(b, `],"Success":false,"Signature":null,"TimeStamp":"`...)
	b = now.UTC().AppendFormat(b, serverTimeLayout)
	b = append(b, `"}`...)
	*bp = b
	status := http.StatusOK
	if s.f.http500 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, b)
}

// outPool recycles answer buffers; ResponseWriter.Write copies.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func putOut(bp *[]byte) {
	if cap(*bp) <= 16<<10 {
		outPool.Put(bp)
	}
}

func writeJSON(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = headerJSON
	h["Cache-Control"] = headerNoStore
	h["Pragma"] = headerNoCache
	w.WriteHeader(status)
	_, _ = w.Write(b)
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
	writeJSON(w, http.StatusNotFound, []byte(`{"Message":"No HTTP resource was found that matches the request URI."}`))
}

// writeMethodNotAllowed answers a method other than POST, as ASP.NET Web
// API does.
func writeMethodNotAllowed(w http.ResponseWriter, method string) {
	w.Header()["Allow"] = headerAllow
	b := append([]byte(nil), `{"Message":"The requested resource does not support http method '`...)
	b = jsontext.AppendStringBody(b, method)
	b = append(b, `'."}`...)
	writeJSON(w, http.StatusMethodNotAllowed, b)
}
