package certna

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"
	"sync"
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
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, bool) {
	if !jsonContentType(r.Header.Get("Content-Type")) && !s.faults.Has(FaultWrongContentTypeAccepted) {
		writeJSON(w, http.StatusUnsupportedMediaType, bodyUnsupportedType)
		return nil, false
	}
	buf := bodyPool.Get().(*bytes.Buffer)
	if r.Body != nil {
		if _, err := buf.ReadFrom(r.Body); err != nil {
			releaseBody(buf)
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeJSON(w, http.StatusRequestEntityTooLarge, bodyTooLarge)
				return nil, false
			}
			writeJSON(w, http.StatusBadRequest, bodyUnreadable)
			return nil, false
		}
	}
	body := buf.Bytes()
	i := skipSpace(body, 0)
	switch {
	case i == len(body):
		releaseBody(buf)
		writeJSON(w, http.StatusBadRequest, bodyEmpty)
		return nil, false
	case body[i] != '{':
		releaseBody(buf)
		writeJSON(w, http.StatusBadRequest, bodyNotObject)
		return nil, false
	}
	return buf, true
}

var (
	bodyUnreadable = failureBody(CodeMalformedJSON, "The request body could not be read.")
	bodyBadJSON    = failureBody(CodeMalformedJSON, "The request body is not valid JSON.")
)

// decodeJSON decodes body, one JSON object, into v, whose fields are all
// strings. On failure it answers with the documented error and returns
// false.
func (s *Server) decodeJSON(w http.ResponseWriter, body []byte, v any) bool {
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
		writeJSON(w, http.StatusBadRequest, failureBody(CodeInvalidParameter,
			"The parameter '"+typeErr.Field+"' must be a string."))
	case s.faults.Has(FaultCrashOnMalformedJSON):
		crash(w, "runtime error: invalid memory address or nil pointer dereference")
	default:
		writeJSON(w, http.StatusBadRequest, bodyBadJSON)
	}
	return false
}

// readJSON is readBody and decodeJSON together.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	buf, ok := s.readBody(w, r)
	if !ok {
		return false
	}
	defer releaseBody(buf)
	return s.decodeJSON(w, buf.Bytes(), v)
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// jsonContentType reports whether a Content-Type header names JSON in
// UTF-8: "application/json", optionally with charset=utf-8.
func jsonContentType(ct string) bool {
	if ct == "application/json" || ct == "application/json; charset=utf-8" {
		return true
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}
