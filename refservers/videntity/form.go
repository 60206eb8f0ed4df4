package videntity

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Form fields.
const (
	fieldUsername      = "username"
	fieldPassword      = "password"
	fieldAccountNumber = "account_number"
	fieldSessionKey    = "session_key"
)

const formType = "application/x-www-form-urlencoded"

// form holds the fields the session methods read; an absent field and an
// empty one are both "". A repeated field keeps its first non-empty value.
type form struct {
	username, password, accountNumber, sessionKey string
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuf keeps buffers that grew on a huge body out of the pool.
const maxPooledBuf = 64 << 10

// readForm checks the method and content type and decodes the POST body.
// Fields in the URL query string are ignored: a session key never travels
// in a URL.
func (s *Server) readForm(r *http.Request) (form, *apiError) {
	var f form
	if r.Method != http.MethodPost {
		return f, s.errs.method
	}
	ct := r.Header.Get("Content-Type")
	if ct != "" && !isFormType(ct) {
		if s.f.jsonBodyCrashes && strings.HasPrefix(strings.ToLower(ct), "application/json") {
			return f, errCrash
		}
		return f, s.errs.contentType
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuf {
			bufPool.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(r.Body); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return f, s.errs.tooLarge
		}
		return f, s.errs.unreadable
	}
	if buf.Len() == 0 {
		return f, nil
	}
	if ct == "" {
		return f, s.errs.contentType
	}
	if !parseForm(buf.Bytes(), &f) {
		return f, s.errs.form
	}
	return f, nil
}

// isFormType reports whether a Content-Type is
// application/x-www-form-urlencoded, with or without parameters.
func isFormType(ct string) bool {
	if len(ct) < len(formType) || !strings.EqualFold(ct[:len(formType)], formType) {
		return false
	}
	rest := strings.TrimLeft(ct[len(formType):], " \t")
	return rest == "" || rest[0] == ';'
}

// parseForm decodes an URL-encoded body into f; it reports false when a
// name or value has a broken %-escape.
func parseForm(b []byte, f *form) bool {
	for len(b) > 0 {
		var pair []byte
		pair, b, _ = bytes.Cut(b, []byte{'&'})
		if len(pair) == 0 {
			continue
		}
		k, v, _ := bytes.Cut(pair, []byte{'='})
		key, ok := fieldName(k)
		if !ok {
			return false
		}
		var dst *string
		switch key {
		case fieldUsername:
			dst = &f.username
		case fieldPassword:
			dst = &f.password
		case fieldAccountNumber:
			dst = &f.accountNumber
		case fieldSessionKey:
			dst = &f.sessionKey
		default:
			if !validEscapes(v) {
				return false
			}
			continue
		}
		value, ok := unescape(v)
		if !ok {
			return false
		}
		if *dst == "" {
			*dst = value
		}
	}
	return true
}

// fieldName decodes a form name; the names the server reads are matched
// without allocating.
func fieldName(b []byte) (string, bool) {
	switch string(b) {
	case fieldUsername:
		return fieldUsername, true
	case fieldPassword:
		return fieldPassword, true
	case fieldAccountNumber:
		return fieldAccountNumber, true
	case fieldSessionKey:
		return fieldSessionKey, true
	}
	return unescape(b)
}

// unescape decodes one form name or value; plain text is copied as is.
func unescape(b []byte) (string, bool) {
	if bytes.IndexByte(b, '%') < 0 && bytes.IndexByte(b, '+') < 0 {
		return string(b), true
	}
	s, err := url.QueryUnescape(string(b))
	return s, err == nil
}

// validEscapes reports whether every '%' in b starts a two-digit hex escape.
func validEscapes(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] != '%' {
			continue
		}
		if i+2 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) {
			return false
		}
		i += 2
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// drain discards what is left of a body so the connection can be reused.
func drain(r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }
