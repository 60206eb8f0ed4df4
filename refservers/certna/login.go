package certna

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// loginBody is the documented login request. An absent, null or empty
// field is the same: missing.
type loginBody struct {
	UserName string `json:"user_name"`
	Password string `json:"password"`
}

// login serves POST /user/login.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.methodNotAllowed(w, epLogin, http.MethodPost)
		return
	}
	buf, ok := s.readBody(w, r, epLogin)
	if !ok {
		return
	}
	in, ok := parseLoginFast(buf.Bytes())
	if !ok && !s.decodeJSON(w, epLogin, buf.Bytes(), &in) {
		releaseBody(buf)
		return
	}
	releaseBody(buf)
	switch {
	case (in.UserName == "" || in.Password == "") && s.faults.Has(FaultMissingField500):
		crash(w, "An error occurred while processing your request.")
		return
	case len(in.UserName) > maxUserName && s.faults.Has(FaultLongUserNameCrashes):
		crash(w, "String or binary data would be truncated.")
		return
	case in.UserName == "" && !s.d.emptyNameIsAName:
		s.refuse(w, epLogin, kindMissing, s.missingLoginParameter("user_name", "@USER_NAME"))
		return
	case in.Password == "":
		s.refuse(w, epLogin, kindMissing, s.missingLoginParameter("password", "@PASSWORD"))
		return
	case len(in.UserName) > maxUserName && !s.d.longNameFakeSalt:
		s.refuse(w, epLogin, kindInvalid, "The parameter 'user_name' is too long.")
		return
	case len(in.Password) > maxDigestText && s.faults.Has(FaultLongPasswordCrashes):
		crash(w, "runtime error: index out of range [44] with length 44")
		return
	}
	a := s.accounts[in.UserName]
	if !s.verify(a, in.Password) {
		s.refuseLogin(w, a == nil, in.Password)
		return
	}
	body := s.successBody(epLogin, s.issue(a))
	s.writeJSONCache(w, http.StatusOK, body, !s.faults.Has(FaultLoginAnswerCacheable))
}

// missingLoginParameter is the message for a missing login field; the
// internals-leaked fault swaps in the vendor's stored-procedure message
// (seed example 2).
func (s *Server) missingLoginParameter(field, procParam string) string {
	if s.faults.Has(FaultInternalsLeaked) {
		return "Procedure or function 'spLogin_New' expects parameter '" + procParam + "', which was not supplied."
	}
	if s.d.badInputException {
		return exceptionBadInputMessage
	}
	return "The parameter '" + field + "' is required."
}

// credentialsRefusal renders the refusal of a login: the seed's 500
// {"Exception":{"Code":"DatabaseError",…}}, or in the login-refusal-code
// dialect 401 {"code":"LOGIN_FAILED",…}; 200 in the login-refusal-200
// dialect. exceptionCode, when set, replaces the code (a fault's).
func (s *Server) credentialsRefusal(exceptionCode, message string) (int, []byte) {
	status := http.StatusInternalServerError
	var body []byte
	if s.d.loginRefusalCode {
		status = http.StatusUnauthorized
		code := codeLoginFailed
		if exceptionCode != "" {
			code = CodeUnknownUser
		}
		body = s.failureBody(epLogin, code, message)
	} else {
		code := ExceptionCode
		if exceptionCode != "" {
			code = exceptionCode
		}
		body = s.exceptionBody(epLogin, code, message)
	}
	if s.d.loginRefusal200 {
		status = http.StatusOK
	}
	return status, body
}

// refuseLogin answers a refused login: the same answer for every cause
// (seed example 1), unless a fault tells causes apart or echoes the
// password.
func (s *Server) refuseLogin(w http.ResponseWriter, unknownUser bool, submitted string) {
	status, body := s.refusedStatus, s.refusedBody
	switch {
	case unknownUser && s.faults.Has(FaultLoginRevealsUnknownUser):
		status, body = s.credentialsRefusal(exceptionUnknownUser, "The user name is unknown.")
	case s.faults.Has(FaultPasswordEchoed):
		// In a header, so that the message stays the same for every cause.
		w.Header().Set("X-Debug-Password", submitted)
	}
	s.writeJSON(w, status, body)
}

// dummyDigest is compared against when the user is unknown, so an unknown
// user costs the same work as a wrong password.
var dummyDigest [sha256.Size]byte

// maxDigestText is the Base64 length of a SHA-256 digest (44 characters).
var maxDigestText = base64.StdEncoding.EncodedLen(sha256.Size)

// digestBuf holds a decoded password of at most a SHA-256 digest's length
// (DecodedLen(44) is 33), kept by value so checking a login does not allocate.
type digestBuf struct {
	b [sha256.Size + 1]byte
	n int
}

func (d *digestBuf) bytes() []byte { return d.b[:d.n] }

// decodeDigest decodes a Base64 password of at most a SHA-256 digest's
// length; ok is false for anything longer or not Base64.
func decodeDigest(submitted string) (d digestBuf, ok bool) {
	if len(submitted) > maxDigestText {
		return d, false
	}
	var src [44]byte // maxDigestText; a copy, so the conversion does not allocate
	n, err := base64.StdEncoding.Decode(d.b[:], src[:copy(src[:], submitted)])
	if err != nil {
		return digestBuf{}, false
	}
	d.n = n
	return d, true
}

// verify reports whether submitted is a's password prepared as documented:
// Base64(SHA-256(salt ‖ password)). a is nil for an unknown user. Faults
// widen what is accepted.
func (s *Server) verify(a *account, submitted string) bool {
	d, decoded := decodeDigest(submitted)
	got := d.bytes()
	if a == nil {
		subtle.ConstantTimeCompare(got, dummyDigest[:])
		return false
	}
	want := &a.digest
	if s.faults.Has(FaultSaltRotates) {
		want = a.currentDigest()
	}
	if decoded && subtle.ConstantTimeCompare(got, want[:]) == 1 {
		return true
	}
	return s.weakAccepted(a, submitted, got, decoded)
}

// weakAccepted applies the faults that accept a wrongly prepared password.
func (s *Server) weakAccepted(a *account, submitted string, got []byte, decoded bool) bool {
	if s.faults.Has(FaultPlaintextPasswordAccepted) &&
		subtle.ConstantTimeCompare([]byte(submitted), []byte(a.password)) == 1 {
		return true
	}
	if !decoded {
		return false
	}
	if s.faults.Has(FaultUnsaltedHashAccepted) &&
		(subtle.ConstantTimeCompare(got, a.unsalted256[:]) == 1 || subtle.ConstantTimeCompare(got, a.unsalted1[:]) == 1) {
		return true
	}
	if s.faults.Has(FaultSaltedSHA1Accepted) && subtle.ConstantTimeCompare(got, a.salted1[:]) == 1 {
		return true
	}
	if s.faults.Has(FaultForeignSaltAccepted) {
		for _, other := range s.salts {
			d := saltedDigest(other, a.password)
			if subtle.ConstantTimeCompare(got, d[:]) == 1 {
				return true
			}
		}
	}
	return false
}
