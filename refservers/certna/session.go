package certna

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// TokenHeader is the request header that carries the access token.
const TokenHeader = "access_token"

// session is what the store keeps per token: the index of its account in
// Server.list (an index, not a pointer, so the garbage collector need not
// trace a full store).
type session struct {
	account int32
}

// issue starts a session for a and returns its token.
func (s *Server) issue(a *account) string {
	if s.faults.Has(FaultTokenReusedOnLogin) {
		if t, ok := s.lastToken.Load(a.index); ok {
			if _, st := s.store.Get(t.(string)); st == refkit.Live {
				return t.(string)
			}
		}
	}
	token := s.tokens.Token()
	if s.faults.Has(FaultTokenEmbedsPasswordHash) {
		// The last GUID group (12 hex digits) becomes the digest's start.
		token = token[:24] + hex.EncodeToString(a.digest[:6])
	}
	if s.faults.Has(FaultUnknownTokenCrashes) {
		s.issued.Store(token, struct{}{})
	}
	s.store.Put(token, session{account: a.index}, s.sessionTTL())
	if s.faults.Has(FaultTokenReusedOnLogin) {
		s.lastToken.Store(a.index, token)
	}
	return token
}

// sessionTTL is the idle lifetime given to a session at login and at every
// authorized call; 0 (never expires) under the tokens-never-expire fault.
func (s *Server) sessionTTL() time.Duration {
	if s.faults.Has(FaultTokensNeverExpire) {
		return 0
	}
	return s.ttl
}

// authorize checks the access_token header of a guarded call and, for a
// live session, extends its idle lifetime. On failure it answers 401 and
// returns false.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	token := s.tokenOf(r)
	if token == "" {
		s.refuseToken(w, bodyMissingToken)
		return false
	}
	var live bool
	switch {
	case s.faults.Has(FaultIdleTimeoutNotExtended):
		_, st := s.store.Get(token)
		live = st == refkit.Live
	case s.faults.Has(FaultUseAddsTTL):
		if sess, st := s.store.Get(token); st == refkit.Live {
			live = true
			if !sess.Expires.IsZero() {
				s.store.Put(token, sess.Value, sess.Expires.Sub(s.clock.Now())+s.sessionTTL())
			}
		}
	default:
		live = s.store.Extend(token, s.sessionTTL())
	}
	if !live {
		s.refuseDeadToken(w, token)
	}
	return live
}

// tokenOf reads the access_token header; under the token-accepted-in-query
// fault a missing header falls back to the URL query.
func (s *Server) tokenOf(r *http.Request) string {
	token := r.Header.Get(TokenHeader)
	if token == "" && s.faults.Has(FaultTokenAcceptedInQuery) {
		token = r.URL.Query().Get(TokenHeader)
	}
	return token
}

// refuseDeadToken answers a token that is not live: 401 INVALID_TOKEN, or
// a crash for a never-issued one under the unknown-token-crashes fault.
func (s *Server) refuseDeadToken(w http.ResponseWriter, token string) {
	if s.faults.Has(FaultUnknownTokenCrashes) {
		if _, seen := s.issued.Load(token); !seen {
			crash(w, "System.NullReferenceException: Object reference not set to an instance of an object.")
			return
		}
	}
	s.refuseToken(w, bodyInvalidToken)
}

// refuseToken answers a missing or invalid token: 401, or 200 under the
// invalid-token-status-200 fault.
func (s *Server) refuseToken(w http.ResponseWriter, body []byte) {
	status := http.StatusUnauthorized
	if s.faults.Has(FaultInvalidTokenStatus200) {
		status = http.StatusOK
	}
	writeJSON(w, status, body)
}

// checksumBody is the documented StoreChecksum request.
type checksumBody struct {
	Checksum string `json:"checksum"`
}

// sha384Size is the length of a SHA-384 digest in bytes.
const sha384Size = 48

var (
	bodyMissingChecksum = failureBody(CodeMissingParameter, "The parameter 'checksum' is required.")
	bodyInvalidChecksum = failureBody(CodeInvalidParameter, "The parameter 'checksum' must be the Base64 of a SHA-384 digest (48 bytes).")
)

// storeChecksum serves POST /storechecksum: behind the access_token header,
// {"checksum":"<Base64 SHA-384>"} → {"checksum_key":"<GUID>"}.
func (s *Server) storeChecksum(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, http.MethodPost)
		return
	}
	skipAuth := s.faults.Has(FaultStoreChecksumWithoutToken) && r.Header.Get(TokenHeader) == ""
	if !skipAuth && !s.authorize(w, r) {
		return
	}
	var in checksumBody
	if !s.readJSON(w, r, &in) {
		return
	}
	if !s.faults.Has(FaultChecksumNotValidated) {
		if in.Checksum == "" {
			writeJSON(w, http.StatusBadRequest, bodyMissingChecksum)
			return
		}
		if len(in.Checksum) != base64.StdEncoding.EncodedLen(sha384Size) {
			writeJSON(w, http.StatusBadRequest, bodyInvalidChecksum)
			return
		}
		if d, err := base64.StdEncoding.DecodeString(in.Checksum); err != nil || len(d) != sha384Size {
			writeJSON(w, http.StatusBadRequest, bodyInvalidChecksum)
			return
		}
	}
	if s.faults.Has(FaultChecksumKeyMissing) {
		writeJSON(w, http.StatusOK, []byte(`{}`))
		return
	}
	key := s.keys.Token()
	body := make([]byte, 0, 20+len(key))
	body = append(body, `{"checksum_key":"`...)
	body = append(body, key...)
	writeJSON(w, http.StatusOK, append(body, `"}`...))
}

// logout serves POST /user/logout: the token in the access_token header
// dies at once; 204 No Content.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, http.MethodPost)
		return
	}
	token := s.tokenOf(r)
	if token == "" {
		s.refuseToken(w, bodyMissingToken)
		return
	}
	if _, st := s.store.Get(token); st != refkit.Live {
		s.refuseDeadToken(w, token)
		return
	}
	if !s.faults.Has(FaultLogoutKeepsSession) {
		s.store.Delete(token)
	}
	w.Header()["Cache-Control"] = hdrNoStore
	w.WriteHeader(http.StatusNoContent)
}
