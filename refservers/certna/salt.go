package certna

import (
	"crypto/rand"
	"net/http"
	"net/url"
)

var bodyMissingUserNameQuery = failureBody(CodeMissingParameter, "The query parameter 'user_name' is required.")

// salt serves GET /user/salt?user_name=…: {"salt":"<Base64 of 16 bytes>"},
// the user's stable salt, or for an unknown name a stable fake salt of the
// same shape, so the answer never tells whether a user exists.
func (s *Server) salt(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, failureBody(CodeInvalidParameter, "The query string is not valid URL encoding."))
		return
	}
	name := q.Get("user_name")
	switch {
	case name == "" && s.faults.Has(FaultMissingField500):
		writeJSON(w, http.StatusInternalServerError, bodyInvalidCredentials)
		return
	case name == "":
		writeJSON(w, http.StatusBadRequest, bodyMissingUserNameQuery)
		return
	case len(name) > maxUserName && !s.faults.Has(FaultUserNameLengthUnchecked):
		writeJSON(w, http.StatusBadRequest, bodyUserNameTooLong)
		return
	}
	if a := s.accounts[name]; a != nil {
		if s.faults.Has(FaultSaltRotates) {
			writeJSON(w, http.StatusOK, a.rotate())
			return
		}
		writeJSON(w, http.StatusOK, a.saltBody)
		return
	}
	switch {
	case s.faults.Has(FaultSaltRevealsUnknownUser):
		writeJSON(w, http.StatusNotFound, bodyUnknownUser)
	case s.faults.Has(FaultUnknownUserSaltRandom):
		salt := make([]byte, saltLen)
		_, _ = rand.Read(salt) // never fails (Go 1.24+)
		writeJSON(w, http.StatusOK, saltBody(salt))
	default:
		writeJSON(w, http.StatusOK, saltBody(fakeSalt(s.secret, name)))
	}
}
