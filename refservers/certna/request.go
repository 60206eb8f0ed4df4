package certna

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// bodyPool recycles request body buffers; every decoder copies what it
// keeps, so a buffer goes back as soon as its body is decoded.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody is the largest buffer kept for reuse.
const maxPooledBody = 64 << 10

func releaseBody(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBody {
		b.Reset()
		bodyPool.Put(b)
	}
}

// readBody checks that r carries a JSON body (Content-Type
// application/json, charset absent or UTF-8), reads it under the body cap
// into a pooled buffer (give it back with releaseBody) and checks that it
// starts as a JSON object. On any failure it answers with the documented
// error and returns false.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, ep endpoint) (*bytes.Buffer, bool) {
	if !jsonContentType(r.Header.Get("Content-Type"), s.d.charsetLenient) && !s.faults.Has(FaultWrongContentTypeAccepted) {
		s.refuse(w, ep, kindMediaType, "The request body must be sent as Content-Type: application/json.")
		return nil, false
	}
	buf := bodyPool.Get().(*bytes.Buffer)
	if r.Body != nil {
		if _, err := buf.ReadFrom(r.Body); err != nil {
			releaseBody(buf)
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				s.refuse(w, ep, kindTooLarge, "The request body is too large.")
				return nil, false
			}
			s.refuse(w, ep, kindMalformed, s.malformedMessage("The request body could not be read."))
			return nil, false
		}
	}
	body := buf.Bytes()
	i := jsontext.SkipWS(body, 0)
	switch {
	case i == len(body):
		releaseBody(buf)
		s.refuse(w, ep, kindMalformed, s.malformedMessage("The request body is empty; a JSON object is required."))
		return nil, false
	case body[i] != '{':
		releaseBody(buf)
		s.refuse(w, ep, kindMalformed, s.malformedMessage("The request body must be one JSON object."))
		return nil, false
	}
	return buf, true
}

// malformedMessage is the message of a malformed body; the
// bad-input-exception-500 dialect words it as the vendor's examples would.
func (s *Server) malformedMessage(m string) string {
	if s.d.badInputException {
		return exceptionMalformedMessage
	}
	return m
}

// decodeJSON decodes body, one JSON object, into v, whose fields are all
// strings. On failure it answers with the documented error and returns
// false.
func (s *Server) decodeJSON(w http.ResponseWriter, ep endpoint, body []byte, v any) bool {
	err := json.Unmarshal(body, v)
	if err == nil {
		return true
	}
	var typeErr *json.UnmarshalTypeError
	isType := errors.As(err, &typeErr) && typeErr.Field != ""
	switch {
	case isType && s.faults.Has(FaultMistypedFieldCrashes):
		crash(w, err.Error())
	case isType:
		m := "The parameter '" + typeErr.Field + "' must be a string."
		if s.d.badInputException {
			m = exceptionBadInputMessage
		}
		s.refuse(w, ep, kindInvalid, m)
	case s.faults.Has(FaultCrashOnMalformedJSON):
		crash(w, "runtime error: invalid memory address or nil pointer dereference")
	default:
		s.refuse(w, ep, kindMalformed, s.malformedMessage("The request body is not valid JSON."))
	}
	return false
}

// readJSON is readBody and decodeJSON together.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, ep endpoint, v any) bool {
	buf, ok := s.readBody(w, r, ep)
	if !ok {
		return false
	}
	defer releaseBody(buf)
	return s.decodeJSON(w, ep, buf.Bytes(), v)
}

// jsonContentType reports whether a Content-Type header names JSON in
// UTF-8: "application/json", optionally with charset=utf-8; with lenient
// (the charset-lenient dialect), application/json with any parameters.
func jsonContentType(ct string, lenient bool) bool {
	if ct == "application/json" || ct == "application/json; charset=utf-8" {
		return true
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	if lenient {
		return true
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}
