package certna

import (
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
	case name == "":
		writeJSON(w, http.StatusBadRequest, bodyMissingUserNameQuery)
		return
	case len(name) > maxUserName:
		writeJSON(w, http.StatusBadRequest, bodyUserNameTooLong)
		return
	}
	if a := s.accounts[name]; a != nil {
		writeJSON(w, http.StatusOK, a.saltBody)
		return
	}
	if s.faults.Has(FaultSaltRevealsUnknownUser) {
		writeJSON(w, http.StatusNotFound, bodyUnknownUser)
		return
	}
	writeJSON(w, http.StatusOK, saltBody(fakeSalt(s.secret, name)))
}
