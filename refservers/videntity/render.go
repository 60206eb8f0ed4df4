package videntity

import (
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// API method names as the answers' api_method attribute gives them. Login
// answers say /session/login whichever login path was called, as the
// vendor's success example does.
const (
	apiLogin  = "/session/login"
	apiPing   = "/session/ping"
	apiLogout = "/session/logout"
)

// Success details.
const (
	detailLogin  = "you logged in successfully"
	detailPing   = "your session has been pinged successfully"
	detailLogout = "you logged out successfully"
)

const (
	contentTypeXML  = "text/xml; charset=utf-8"
	timestampLayout = "2006-01-02 15:04:05"
	xmlDecl         = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
)

var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// answer is one XML answer being built.
type answer struct {
	s   *Server
	buf *[]byte
	// noTimestamp leaves <timestamp> out (the missing-timestamp fault).
	noTimestamp bool
	// key says the answer carries a session key.
	key bool
}

// begin starts an answer: declaration, <response>, <status>, <api_tx_number>.
func (s *Server) begin(apiMethod, status string) answer {
	p := outPool.Get().(*[]byte)
	b := append((*p)[:0], xmlDecl...)
	b = append(b, `<response api_method="`...)
	b = appendEscaped(b, apiMethod)
	b = append(b, "\">\n<status>"...)
	b = append(b, status...)
	b = append(b, "</status>\n<api_tx_number>"...)
	b = strconv.AppendUint(b, s.tx.Add(1), 10)
	b = append(b, "</api_tx_number>\n"...)
	*p = b
	return answer{s: s, buf: p}
}

// elem appends <name>escaped value</name>.
func (a answer) elem(name, value string) answer {
	b := append(*a.buf, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendEscaped(b, value)
	b = append(b, "</"...)
	b = append(b, name...)
	b = append(b, ">\n"...)
	*a.buf = b
	return a
}

// raw appends literal markup.
func (a answer) raw(markup string) answer {
	*a.buf = append(*a.buf, markup...)
	return a
}

// send closes the answer with <timestamp> and </response> and writes it.
func (a answer) send(w http.ResponseWriter, status int) {
	b := *a.buf
	if !a.noTimestamp {
		b = append(b, "<timestamp>"...)
		b = a.s.clock.Now().UTC().AppendFormat(b, timestampLayout)
		b = append(b, "</timestamp>\n"...)
	}
	b = append(b, "</response>\n"...)
	h := w.Header()
	h["Content-Type"] = []string{contentTypeXML}
	if !a.key || !a.s.f.cacheableAnswers {
		h["Cache-Control"] = []string{"no-store"}
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
	*a.buf = b
	if cap(b) <= maxPooledBuf {
		outPool.Put(a.buf)
	}
}

// success writes a SUCCESS answer carrying the session key; password is
// echoed only under the password-echoed fault.
func (s *Server) success(w http.ResponseWriter, apiMethod, detail, key, password string) {
	a := s.begin(apiMethod, "SUCCESS").
		elem("detail", detail).
		raw("<response_name_value>\n").
		elem("session_key", key)
	a.key = true
	if password != "" && s.f.passwordEchoed {
		a = a.elem("password", password)
	}
	a.raw("</response_name_value>\n").send(w, http.StatusOK)
}

// crash answers as an unhandled failure would: HTTP 500 text/plain.
func crash(w http.ResponseWriter) {
	http.Error(w, "Internal Server Error", http.StatusInternalServerError)
}

// fail writes a documented error answer (errCrash: a crash).
func (s *Server) fail(w http.ResponseWriter, apiMethod string, e *apiError) {
	if e == errCrash {
		crash(w)
		return
	}
	a := s.begin(apiMethod, "ERROR")
	a.noTimestamp = s.f.missingTimestamp && e.number == errServerError
	*a.buf = strconv.AppendInt(append(*a.buf, "<error_number>"...), int64(e.number), 10)
	a = a.raw("</error_number>\n").
		elem("error_name", e.name).
		elem("error_detail", e.detail)
	status := http.StatusOK
	switch {
	case e.httpStatus != 0:
		status = e.httpStatus
	case s.f.errors500:
		status = http.StatusInternalServerError
	}
	if e.allow {
		w.Header()["Allow"] = []string{http.MethodPost}
	}
	a.send(w, status)
}

// appendEscaped appends s as XML character data safe in text and in
// attribute values; bytes that are not valid UTF-8 and characters XML
// forbids become U+FFFD.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"':
				dst = append(dst, "&quot;"...)
			case c == '\'':
				dst = append(dst, "&apos;"...)
			case c == '\t':
				dst = append(dst, "&#x9;"...)
			case c == '\n':
				dst = append(dst, "&#xA;"...)
			case c == '\r':
				dst = append(dst, "&#xD;"...)
			case c < 0x20:
				dst = append(dst, "\uFFFD"...)
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
