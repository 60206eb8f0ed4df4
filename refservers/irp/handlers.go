package irp

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Validation order, the same for both methods (docs/profiles/irp.md):
//
//  1. 2010 the body cannot be read (unsupported content type, not a
//     form or a JSON object, bad escapes, over the size cap);
//  2. field checks, one message per failing field in the order
//     APIKey/AuthenticationToken, TimeStamp, Signature: 2004 missing or
//     blank, 2007 wrong type or TimeStamp not "yyyy-MM-dd HH:mm:ss",
//     2005/2006 APIKey shorter/longer than 32 characters;
//  3. the key or token: 2014 unknown key, 2011 inactive key / 2002
//     unknown token, 1000 expired token; then 2013 address not allowed;
//  4. 2001 TimeStamp outside the window;
//  5. 2003 signature mismatch.

// authenticate serves Authenticate.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request, now time.Time, v *values) {
	var buf [3]message
	msgs := buf[:0]
	switch {
	case v.apiKey.blank():
		msgs = append(msgs, message{codeRequired, fieldAPIKey})
	case v.apiKey.badType:
		msgs = append(msgs, message{codeWrongType, fieldAPIKey})
	default:
		n := utf8.RuneCountInString(v.apiKey.s)
		if n < APIKeyLength && !s.f.minLenUnchecked {
			msgs = append(msgs, message{codeTooShort, fieldAPIKey})
		} else if n > APIKeyLength {
			msgs = append(msgs, message{codeTooLong, fieldAPIKey})
		}
	}
	ts, msgs := checkTimestamp(v, msgs)
	msgs = checkSignatureField(v, msgs)
	if len(msgs) > 0 {
		s.writeError(w, now, msgs)
		return
	}
	acct := s.accounts[v.apiKey.s]
	switch {
	case acct == nil:
		s.fail(w, now, codeUnknownKey, fieldAPIKey)
	case acct.Inactive && !s.f.inactiveOK:
		s.fail(w, now, codeKeyInactive, fieldAPIKey)
	case !s.addressAllowed(r, acct):
		s.fail(w, now, codeIPNotPermitted, fieldAPIKey)
	case !s.inWindow(ts, now):
		s.failWindow(w, now)
	case !s.f.badSigOK && !signatureMatches(v.signature.s, acct.APIKey, v.timestamp.s, acct.SharedSecret):
		s.fail(w, now, codeBadSignature, fieldSignature)
	default:
		ok := success{token: s.issue(acct), signature: v.signature.s}
		if s.f.echoSecret {
			ok.secret = acct.SharedSecret
		}
		s.writeSuccess(w, now, ok)
	}
}

// checkTokenTime serves CheckTokenTime.
func (s *server) checkTokenTime(w http.ResponseWriter, r *http.Request, now time.Time, v *values) {
	var buf [3]message
	msgs := buf[:0]
	switch {
	case v.token.blank():
		msgs = append(msgs, message{codeRequired, fieldToken})
	case v.token.badType:
		msgs = append(msgs, message{codeWrongType, fieldToken})
	}
	ts, msgs := checkTimestamp(v, msgs)
	msgs = checkSignatureField(v, msgs)
	if len(msgs) > 0 {
		s.writeError(w, now, msgs)
		return
	}
	sess, state := s.store.Get(v.token.s)
	switch {
	case state == refkit.Missing:
		s.fail(w, now, codeNoKeyForToken, fieldToken)
		return
	case state == refkit.Expired:
		if s.f.expiredUnknown {
			s.fail(w, now, codeNoKeyForToken, fieldToken)
		} else {
			s.fail(w, now, codeTokenExpired, fieldToken)
		}
		return
	}
	acct := sess.Value.account
	switch {
	case !s.addressAllowed(r, acct):
		s.fail(w, now, codeIPNotPermitted, fieldAPIKey)
	case !s.inWindow(ts, now):
		s.failWindow(w, now)
	case !s.checkSignatureMatches(v, acct):
		s.fail(w, now, codeBadSignature, fieldSignature)
	default:
		expires := sess.Expires
		if s.f.checkExtends && s.store.Extend(v.token.s, s.storeTTL) {
			expires = now.Add(s.ttl)
		}
		if expires.IsZero() { // tokens-never-expire: report the nominal lifetime
			expires = sess.Created.Add(s.ttl)
		}
		s.writeSuccess(w, now, success{token: v.token.s, signature: v.signature.s, check: true, remaining: expires.Sub(now)})
	}
}

// checkSignatureMatches checks a CheckTokenTime signature against the
// secret of the token's key (under token-not-bound-to-key, any account's).
func (s *server) checkSignatureMatches(v *values, acct *Account) bool {
	if signatureMatches(v.signature.s, v.token.s, v.timestamp.s, acct.SharedSecret) {
		return true
	}
	if s.f.notBound {
		for _, a := range s.accounts {
			if signatureMatches(v.signature.s, v.token.s, v.timestamp.s, a.SharedSecret) {
				return true
			}
		}
	}
	return false
}

// checkTimestamp adds the TimeStamp field's message, if any, and returns
// the parsed time.
func checkTimestamp(v *values, msgs []message) (time.Time, []message) {
	switch {
	case v.timestamp.blank():
		return time.Time{}, append(msgs, message{codeRequired, fieldTimeStamp})
	case v.timestamp.badType:
		return time.Time{}, append(msgs, message{codeWrongType, fieldTimeStamp})
	}
	ts, ok := parseTimestamp(v.timestamp.s)
	if !ok {
		return time.Time{}, append(msgs, message{codeWrongType, fieldTimeStamp})
	}
	return ts, msgs
}

// checkSignatureField adds the Signature field's message, if any.
func checkSignatureField(v *values, msgs []message) []message {
	switch {
	case v.signature.blank():
		return append(msgs, message{codeRequired, fieldSignature})
	case v.signature.badType:
		return append(msgs, message{codeWrongType, fieldSignature})
	}
	return msgs
}

func (s *server) fail(w http.ResponseWriter, now time.Time, code int, field string) {
	var one [1]message
	one[0] = message{code, field}
	s.writeError(w, now, one[:])
}

// failWindow answers a TimeStamp outside the window: 2001, or 2003 under
// wrong-error-code.
func (s *server) failWindow(w http.ResponseWriter, now time.Time) {
	if s.f.wrongCode {
		s.fail(w, now, codeBadSignature, fieldSignature)
		return
	}
	s.fail(w, now, codeTimestampWindow, fieldTimeStamp)
}

func (s *server) addressAllowed(r *http.Request, a *Account) bool {
	if s.f.ipIgnored || len(a.AllowedNets) == 0 {
		return true
	}
	addr, ok := remoteAddr(r)
	return a.allows(addr, ok)
}

// issue stores and returns a new token for acct (or, under
// token-reused-per-key, the key's token while it lives).
func (s *server) issue(acct *Account) string {
	if s.f.embedKey {
		tok := s.tokens.Token() + acct.APIKey[:min(embeddedKeyChars, len(acct.APIKey))]
		s.store.Put(tok, session{account: acct}, s.storeTTL)
		return tok
	}
	if s.f.reusePerKey {
		s.mu.Lock()
		defer s.mu.Unlock()
		if tok, ok := s.byKey[acct.APIKey]; ok {
			if _, st := s.store.Get(tok); st == refkit.Live {
				return tok
			}
		}
		tok := s.tokens.Token()
		s.store.Put(tok, session{account: acct}, s.storeTTL)
		s.byKey[acct.APIKey] = tok
		return tok
	}
	tok := s.tokens.Token()
	s.store.Put(tok, session{account: acct}, s.storeTTL)
	return tok
}
