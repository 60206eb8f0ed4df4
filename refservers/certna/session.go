package certna

import (
	"crypto/hmac"
	"crypto/sha256"
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
	token = s.formatGUID(token)
	if s.trackIssued {
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
// live session, extends its idle lifetime. On failure it answers the
// refusal and returns false.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, ep endpoint) bool {
	token := s.tokenOf(r)
	if token == "" {
		s.refuse(w, ep, kindMissingToken, "The access_token header is required.")
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
		s.refuseDeadToken(w, ep, token)
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

// refuseDeadToken answers a token that is not live: 401 INVALID_TOKEN; a
// never-issued one crashes under the unknown-token-crashes fault and is
// refused with 200 under the invalid-token-status-200 fault.
func (s *Server) refuseDeadToken(w http.ResponseWriter, ep endpoint, token string) {
	if s.trackIssued {
		if _, seen := s.issued.Load(token); !seen {
			if s.faults.Has(FaultUnknownTokenCrashes) {
				crash(w, "System.NullReferenceException: Object reference not set to an instance of an object.")
				return
			}
			s.writeJSON(w, http.StatusOK, s.failureBody(ep, CodeInvalidToken, messageInvalidToken))
			return
		}
	}
	s.refuse(w, ep, kindInvalidToken, messageInvalidToken)
}

const messageInvalidToken = "The access token is invalid or has expired."

// checksumBody is the documented StoreChecksum request.
type checksumBody struct {
	Checksum string `json:"checksum"`
}

// sha384Size is the length of a SHA-384 digest in bytes.
const sha384Size = 48

// storeChecksum serves POST /storechecksum: behind the access_token header,
// {"checksum":"<Base64 SHA-384>"} → {"checksum_key":"<GUID>"}.
func (s *Server) storeChecksum(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.methodNotAllowed(w, epStore, http.MethodPost)
		return
	}
	skipAuth := s.faults.Has(FaultStoreChecksumWithoutToken) && r.Header.Get(TokenHeader) == ""
	if !skipAuth && !s.authorize(w, r, epStore) {
		return
	}
	var in checksumBody
	if !s.readJSON(w, r, epStore, &in) {
		return
	}
	if !s.faults.Has(FaultChecksumNotValidated) {
		const invalid = "The parameter 'checksum' must be the Base64 of a SHA-384 digest (48 bytes)."
		if in.Checksum == "" {
			s.refuse(w, epStore, kindMissing, "The parameter 'checksum' is required.")
			return
		}
		if len(in.Checksum) != base64.StdEncoding.EncodedLen(sha384Size) {
			s.refuse(w, epStore, kindInvalid, invalid)
			return
		}
		if d, err := base64.StdEncoding.DecodeString(in.Checksum); err != nil || len(d) != sha384Size {
			s.refuse(w, epStore, kindInvalid, invalid)
			return
		}
	}
	if s.faults.Has(FaultChecksumKeyMissing) {
		s.writeJSON(w, http.StatusOK, s.render(epStore))
		return
	}
	s.writeJSON(w, http.StatusOK, s.successBody(epStore, s.checksumKey(r, in.Checksum)))
}

// checksumKey is a new GUID per call, or under the checksum-key-stable
// dialect one derived from the session (the request's token) and the
// checksum.
func (s *Server) checksumKey(r *http.Request, checksum string) string {
	if !s.d.checksumKeyStable {
		return s.formatGUID(s.keys.Token())
	}
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("certna checksum key\x00" + r.Header.Get(TokenHeader) + "\x00" + checksum))
	b := m.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return s.formatGUID(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32])
}

// logout serves POST /user/logout: the token in the access_token header
// dies at once; 204 No Content (200 with a body in the logout-200-body
// dialect).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.methodNotAllowed(w, epLogout, http.MethodPost)
		return
	}
	token := s.tokenOf(r)
	if token == "" {
		s.refuse(w, epLogout, kindMissingToken, "The access_token header is required.")
		return
	}
	if _, st := s.store.Get(token); st != refkit.Live {
		s.refuseDeadToken(w, epLogout, token)
		return
	}
	if !s.faults.Has(FaultLogoutKeepsSession) {
		s.store.Delete(token)
	}
	if s.d.logout200Body {
		s.writeJSON(w, http.StatusOK, s.failureBody(epLogout, codeLoggedOut, messageLoggedOut))
		return
	}
	w.Header()["Cache-Control"] = hdrNoStore
	s.extraHeaders(w.Header())
	w.WriteHeader(http.StatusNoContent)
}
