package certna

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
)

// salt serves GET <salt path>?user_name=…: {"salt":"<Base64 of 16 bytes>"},
// the user's stable salt, or for an unknown name a stable fake salt of the
// same shape, so the answer never tells whether a user exists.
func (s *Server) salt(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.methodNotAllowed(w, epSalt, "GET, HEAD")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.refuse(w, epSalt, kindInvalid, "The query string is not valid URL encoding.")
		return
	}
	name := q.Get("user_name")
	switch {
	case name == "" && s.faults.Has(FaultMissingField500):
		crash(w, "An error occurred while processing your request.")
		return
	case len(name) > maxUserName && s.faults.Has(FaultLongUserNameCrashes):
		crash(w, "String or binary data would be truncated.")
		return
	case name == "" && !s.d.emptyNameIsAName:
		s.refuse(w, epSalt, kindMissing, "The query parameter 'user_name' is required.")
		return
	case len(name) > maxUserName && !s.d.longNameFakeSalt:
		s.refuse(w, epSalt, kindInvalid, "The parameter 'user_name' is too long.")
		return
	}
	if a := s.accounts[name]; a != nil {
		if s.faults.Has(FaultSaltRotates) {
			s.writeJSON(w, http.StatusOK, s.successBody(epSalt, a.rotate()))
			return
		}
		s.writeJSON(w, http.StatusOK, a.saltBody)
		return
	}
	switch {
	case s.faults.Has(FaultSaltRevealsUnknownUser):
		s.writeJSON(w, http.StatusNotFound, s.failureBody(epSalt, CodeUnknownUser, "No user with that name exists."))
	case s.faults.Has(FaultUnknownUserSaltRandom):
		salt := make([]byte, saltLen)
		_, _ = rand.Read(salt) // never fails (Go 1.24+)
		s.writeJSON(w, http.StatusOK, s.successBody(epSalt, base64.StdEncoding.EncodeToString(salt)))
	default:
		s.writeJSON(w, http.StatusOK, s.successBody(epSalt, base64.StdEncoding.EncodeToString(fakeSalt(s.secret, name))))
	}
}
