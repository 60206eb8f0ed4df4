package certna

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/authprobe/authprobe/internal/encoding/jsontext"
)

// Failure codes of the {"code","message"} shape: the reference server's own
// choice (docs/profiles/certna.md); the vendor documents none, and the
// refusal-codes dialect renames them.
const (
	CodeMissingParameter     = "MISSING_PARAMETER"
	CodeInvalidParameter     = "INVALID_PARAMETER"
	CodeMalformedJSON        = "MALFORMED_JSON"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeBodyTooLarge         = "BODY_TOO_LARGE"
	CodeMissingToken         = "MISSING_TOKEN"
	CodeInvalidToken         = "INVALID_TOKEN"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeNotFound             = "NOT_FOUND"
	// CodeUnknownUser is only sent under the salt-reveals-unknown-user fault.
	CodeUnknownUser = "UNKNOWN_USER"
)

// MessageInvalidCredentials is the message of every refused login (seed
// example 1).
const MessageInvalidCredentials = "The user name or/and password are invalid."

// ExceptionCode is the Exception.Code of a refused login (seed example 1).
const ExceptionCode = "DatabaseError"

// exceptionUnknownUser is the Exception.Code the login-reveals-unknown-user
// fault gives an unknown user.
const exceptionUnknownUser = "UserNotFound"

// maxUserName bounds user names, in bytes.
const maxUserName = 256

// endpoint names the operation an answer belongs to: the null-fields
// dialect sends all fields of the operation's answer class.
type endpoint int

const (
	epOther endpoint = iota
	epLogin
	epSalt
	epStore
	epLogout
	epCount // the number of endpoints
)

// successField is the success field of an endpoint's answer class.
func (e endpoint) successField() string {
	switch e {
	case epLogin:
		return "access_token"
	case epSalt:
		return "salt"
	case epStore:
		return "checksum_key"
	}
	return ""
}

// member is one JSON member; value is a string, nil (null) or []member.
type member struct {
	key   string
	value any
}

// render writes one JSON answer of ep with the members given, as the
// dialects shape it: all fields of the class (null-fields), an extra field
// (extra-fields), indentation (json-pretty).
func (s *Server) render(ep endpoint, members ...member) []byte {
	if s.d.nullFields {
		members = s.withNulls(ep, members)
	}
	if s.d.extraFields {
		members = append(members, member{"api_version", "2.1"})
	}
	return appendObject(make([]byte, 0, 96), members, s.d.jsonPretty, 1)
}

// withNulls adds the absent fields of ep's answer class as null, in the
// class's order.
func (s *Server) withNulls(ep endpoint, members []member) []member {
	names := []string{"code", "message"}
	if f := ep.successField(); f != "" {
		names = append([]string{f}, names...)
	}
	have := map[string]bool{}
	for _, m := range members {
		have[m.key] = true
	}
	out := make([]member, 0, len(members)+len(names))
	for _, n := range names {
		if !have[n] {
			out = append(out, member{n, nil})
		}
	}
	return append(out, members...)
}

// appendObject renders members as a JSON object.
func appendObject(dst []byte, members []member, pretty bool, depth int) []byte {
	dst = append(dst, '{')
	for i, m := range members {
		if i > 0 {
			dst = append(dst, ',')
		}
		if pretty {
			dst = indent(dst, depth)
		}
		dst = jsontext.AppendString(dst, m.key)
		dst = append(dst, ':')
		if pretty {
			dst = append(dst, ' ')
		}
		switch v := m.value.(type) {
		case nil:
			dst = append(dst, "null"...)
		case string:
			dst = jsontext.AppendString(dst, v)
		case []member:
			dst = appendObject(dst, v, pretty, depth+1)
		}
	}
	if pretty && len(members) > 0 {
		dst = indent(dst, depth-1)
	}
	return append(dst, '}')
}

func indent(dst []byte, depth int) []byte {
	dst = append(dst, '\r', '\n')
	for range depth {
		dst = append(dst, "    "...)
	}
	return dst
}

// template is one JSON answer rendered once, at construction, in the
// server's dialect, split where the strings of each answer go: filling it
// costs one allocation, whatever the dialect.
type template [][]byte

// hole is the placeholder of a template's i-th string.
func hole(i int) string { return "\x00hole" + strconv.Itoa(i) + "\x00" }

// template renders ep's answer with members whose string values are holes
// hole(0), hole(1), … in order, and splits it at them.
func (s *Server) template(ep endpoint, members ...member) template {
	b := s.render(ep, members...)
	var t template
	for i := 0; ; i++ {
		lit := jsontext.AppendString(nil, hole(i))
		j := bytes.Index(b, lit)
		if j < 0 {
			return append(t, b)
		}
		t = append(t, b[:j])
		b = b[j+len(lit):]
	}
}

// fill writes the answer with values, as JSON strings, in the holes.
func (t template) fill(values ...string) []byte {
	n := 0
	for _, p := range t {
		n += len(p)
	}
	for _, v := range values {
		n += len(v) + 2
	}
	dst := make([]byte, 0, n+8) // a little room for escapes
	for i, p := range t {
		dst = append(dst, p...)
		if i < len(values) {
			dst = jsontext.AppendString(dst, values[i])
		}
	}
	return dst
}

// answers are the templates of every endpoint's answers.
type answers struct {
	success, failure, exception [epCount]template
}

// newAnswers renders the templates in the server's dialect.
func (s *Server) newAnswers() answers {
	var a answers
	for ep := range epCount {
		if f := ep.successField(); f != "" {
			a.success[ep] = s.template(ep, member{f, hole(0)})
		}
		a.failure[ep] = s.template(ep, member{"code", hole(0)}, member{"message", hole(1)})
		a.exception[ep] = s.template(ep, member{"Exception", []member{{"Code", hole(0)}, {"Message", hole(1)}}})
	}
	return a
}

// failureBody renders {"code":…,"message":…} of ep.
func (s *Server) failureBody(ep endpoint, code, message string) []byte {
	return s.answers.failure[ep].fill(s.code(code), message)
}

// exceptionBody renders {"Exception":{"Code":…,"Message":…}} of ep.
func (s *Server) exceptionBody(ep endpoint, code, message string) []byte {
	return s.answers.exception[ep].fill(code, message)
}

// successBody renders {"<field>":value} of ep.
func (s *Server) successBody(ep endpoint, value string) []byte {
	return s.answers.success[ep].fill(value)
}

// code is a canonical code as the dialects spell it.
func (s *Server) code(c string) string {
	if s.d.refusalCodes {
		if p, ok := pascalCodes[c]; ok {
			return p
		}
	}
	return c
}

// kind is a class of refusal; the dialects choose status and shape per kind.
type kind int

const (
	kindMissing   kind = iota // a required field absent, null or empty
	kindInvalid               // a field of the wrong type or value
	kindMalformed             // a body that is not one JSON object
	kindMediaType             // a body not sent as application/json
	kindTooLarge              // a body over the cap
	kindMissingToken
	kindInvalidToken
	kindNotFound
)

// refuse answers a refusal of kind k at ep with message.
func (s *Server) refuse(w http.ResponseWriter, ep endpoint, k kind, message string) {
	status, code := http.StatusBadRequest, ""
	switch k {
	case kindMissing:
		code = CodeMissingParameter
	case kindInvalid:
		code = CodeInvalidParameter
		if s.d.unprocessable422 {
			status = http.StatusUnprocessableEntity
		}
	case kindMalformed:
		code = CodeMalformedJSON
	case kindMediaType:
		status, code = http.StatusUnsupportedMediaType, CodeUnsupportedMediaType
		if s.d.contentType400 {
			status = http.StatusBadRequest
		}
	case kindTooLarge:
		status, code = http.StatusRequestEntityTooLarge, CodeBodyTooLarge
	case kindMissingToken:
		status, code = http.StatusUnauthorized, CodeMissingToken
		if s.d.missingToken400 {
			status = http.StatusBadRequest
		}
	case kindInvalidToken:
		status, code = http.StatusUnauthorized, CodeInvalidToken
	case kindNotFound:
		status, code = http.StatusNotFound, CodeNotFound
	}
	if s.d.badInputException && (ep == epLogin || ep == epSalt) && (k == kindMissing || k == kindInvalid || k == kindMalformed) {
		s.writeJSON(w, http.StatusInternalServerError, s.exceptionBody(ep, ExceptionCode, message))
		return
	}
	s.writeJSON(w, status, s.failureBody(ep, code, message))
}

// Header values shared by every answer.
var (
	hdrJSON      = []string{"application/json; charset=utf-8"}
	hdrJSONPlain = []string{"application/json"}
	hdrNoStore   = []string{"no-store"}
	hdrNoSniff   = []string{"nosniff"}
	hdrServer    = []string{"Microsoft-IIS/10.0"}
	hdrPoweredBy = []string{"ASP.NET"}
)

// writeJSON sends body as a JSON answer that must not be cached. (net/http
// adds Content-Length itself for a body written at once.)
func (s *Server) writeJSON(w http.ResponseWriter, status int, body []byte) {
	s.writeJSONCache(w, status, body, true)
}

// writeJSONCache is writeJSON with Cache-Control: no-store only when
// noStore is set (the login-answer-cacheable fault clears it).
func (s *Server) writeJSONCache(w http.ResponseWriter, status int, body []byte, noStore bool) {
	h := w.Header()
	h["Content-Type"] = s.contentType
	if noStore {
		h["Cache-Control"] = hdrNoStore
	}
	h["X-Content-Type-Options"] = hdrNoSniff
	s.extraHeaders(h)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// extraHeaders adds the extra-fields dialect's headers and cookie.
func (s *Server) extraHeaders(h http.Header) {
	if !s.d.extraFields {
		return
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	h["Server"] = hdrServer
	h["X-Powered-By"] = hdrPoweredBy
	h["X-Request-Id"] = []string{hex.EncodeToString(id[:])}
	h["Set-Cookie"] = []string{"ASP.NET_SessionId=" + hex.EncodeToString(id[:8]) + "; path=/; HttpOnly; SameSite=Lax"}
}

// crash answers like an unhandled exception: 500 text/plain with the
// runtime's message (only under the faults that crash).
func crash(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(message + "\n"))
}

// methodNotAllowed answers 405 with the Allow header.
func (s *Server) methodNotAllowed(w http.ResponseWriter, ep endpoint, allow string) {
	w.Header().Set("Allow", allow)
	s.writeJSON(w, http.StatusMethodNotAllowed, s.failureBody(ep, CodeMethodNotAllowed, "The method is not allowed for this endpoint."))
}
