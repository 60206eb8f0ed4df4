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
//
// By default the first failing step answers (with every failing field of
// step 2); under all-errors every failing check is listed, the later ones
// first.

// authenticate serves Authenticate.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request, now time.Time, v *values) {
	var buf [4]message
	ts, msgs := s.fieldMessages(buf[:0], v, s.keyMessage(v.apiKey))
	if len(msgs) > 0 {
		s.writeError(w, now, s.withSignatureFailure(msgs, v))
		return
	}
	acct := s.accounts[v.apiKey.s]
	if acct == nil && s.f.unknownKey2003 {
		s.writeError(w, now, badSignatureOnly)
		return
	}
	fails := msgs
	switch {
	case acct == nil:
		fails = append(fails, message{codeUnknownKey, fieldAPIKey})
	case acct.Inactive && !s.f.inactiveOK:
		fails = append(fails, message{codeKeyInactive, fieldAPIKey})
	case !s.addressAllowed(r, acct):
		fails = append(fails, message{codeIPNotPermitted, fieldAPIKey})
	}
	fails = s.laterChecks(fails, v, ts, now, message{codeBadSignature, fieldSignature}, func() bool {
		return s.f.badSigOK || (acct != nil && signatureMatches(v.signature.s, acct.APIKey, v.timestamp.s, acct.SharedSecret))
	})
	if len(fails) > 0 {
		s.writeError(w, now, s.failures(fails))
		return
	}
	ok := reply{now: now, token: s.issue(acct), signature: v.signature.s}
	if s.f.echoSecret {
		ok.secret = acct.SharedSecret
	}
	s.writeSuccess(w, ok)
}

// checkTokenTime serves CheckTokenTime.
func (s *server) checkTokenTime(w http.ResponseWriter, r *http.Request, now time.Time, v *values) {
	var buf [4]message
	ts, msgs := s.fieldMessages(buf[:0], v, presence(v.token, fieldToken))
	if len(msgs) > 0 {
		s.writeError(w, now, s.withSignatureFailure(msgs, v))
		return
	}
	sess, state := s.store.Get(v.token.s)
	if state == refkit.Missing && s.f.unknownToken2003 {
		s.writeError(w, now, badSignatureOnly)
		return
	}
	fails := msgs
	var acct *Account
	switch state {
	case refkit.Missing:
		fails = append(fails, message{codeNoKeyForToken, fieldToken})
	case refkit.Expired:
		acct = sess.Value.account
		if s.f.expiredUnknown {
			fails = append(fails, message{codeNoKeyForToken, fieldToken})
		} else {
			fails = append(fails, message{codeTokenExpired, fieldToken})
		}
	default:
		acct = sess.Value.account
		if !s.addressAllowed(r, acct) {
			fails = append(fails, message{codeIPNotPermitted, fieldAPIKey})
		}
	}
	fails = s.laterChecks(fails, v, ts, now, s.crossKeyFail, func() bool {
		return acct != nil && s.checkSignatureMatches(v, acct)
	})
	if len(fails) > 0 {
		s.writeError(w, now, s.failures(fails))
		return
	}
	expires := sess.Expires
	if s.f.checkExtends && s.store.Extend(v.token.s, s.storeTTL) {
		expires = now.Add(s.ttl)
	}
	if expires.IsZero() { // tokens-never-expire: report the nominal lifetime
		expires = sess.Created.Add(s.ttl)
	}
	s.writeSuccess(w, reply{now: now, token: v.token.s, signature: v.signature.s, check: true, remaining: expires.Sub(now)})
}

// badSignatureOnly is the answer of the faults that answer an unknown key
// or token with 2003 alone.
var badSignatureOnly = []message{{codeBadSignature, fieldSignature}}

// fieldMessages appends the messages of the failing fields — the key or
// token (id, code 0 when it passes), TimeStamp and Signature, or under
// first-field-error only the first failing of Signature, TimeStamp, key —
// and returns the parsed TimeStamp.
func (s *server) fieldMessages(msgs []message, v *values, id message) (time.Time, []message) {
	ts, tsMsg := checkTimestamp(v.timestamp)
	order := [3]message{id, tsMsg, presence(v.signature, fieldSignature)}
	if s.d.firstField {
		order[0], order[2] = order[2], order[0]
	}
	for _, m := range order {
		if m.code == 0 {
			continue
		}
		msgs = append(msgs, m)
		if s.d.firstField {
			break
		}
	}
	return ts, msgs
}

// laterChecks appends the failures of the checks after the key or token:
// the TimeStamp window, then the signature (sigOK, failing as sigFail),
// each only while nothing failed or under all-errors, and last, when all
// passed, a replay (replay-refused).
func (s *server) laterChecks(fails []message, v *values, ts, now time.Time, sigFail message, sigOK func() bool) []message {
	if (len(fails) == 0 || s.d.allErrors) && !s.inWindow(ts, now) {
		fails = append(fails, s.windowFail)
	}
	if (len(fails) == 0 || s.d.allErrors) && !sigOK() {
		fails = append(fails, sigFail)
	}
	if len(fails) == 0 && s.replays != nil && !s.replays.first(v.signature.s, ts, now) {
		fails = append(fails, message{codeBadSignature, fieldSignature})
	}
	return fails
}

// withSignatureFailure adds, under all-errors, that a request whose fields
// fail cannot be authenticated either (2003), first.
func (s *server) withSignatureFailure(msgs []message, v *values) []message {
	if !s.d.allErrors || v.signature.blank() || v.signature.badType {
		return msgs
	}
	return append([]message{{codeBadSignature, fieldSignature}}, msgs...)
}

// failures returns what the answer lists of the checks that failed, in
// check order: the first, or under all-errors every one, the later first,
// without repeats.
func (s *server) failures(fails []message) []message {
	if !s.d.allErrors {
		return fails[:1]
	}
	out := make([]message, 0, len(fails))
	for i := len(fails) - 1; i >= 0; i-- {
		dup := false
		for _, o := range out {
			dup = dup || o == fails[i]
		}
		if !dup {
			out = append(out, fails[i])
		}
	}
	return out
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

// presence returns a field's 2004 (missing or blank) or 2007 (an object
// or array) message, or code 0 when it is present.
func presence(f value, name string) message {
	switch {
	case f.blank():
		return message{codeRequired, name}
	case f.badType:
		return message{codeWrongType, name}
	}
	return message{}
}

// keyMessage returns the APIKey field's message, or code 0: presence, then
// 2005/2006 shorter/longer than 32 characters.
func (s *server) keyMessage(k value) message {
	if m := presence(k, fieldAPIKey); m.code != 0 {
		return m
	}
	switch n := utf8.RuneCountInString(k.s); {
	case n < APIKeyLength && !s.f.minLenUnchecked:
		return message{codeTooShort, fieldAPIKey}
	case n > APIKeyLength:
		return message{codeTooLong, fieldAPIKey}
	}
	return message{}
}

// checkTimestamp returns the TimeStamp field's message (code 0 when it
// passes) and the parsed time.
func checkTimestamp(f value) (time.Time, message) {
	if m := presence(f, fieldTimeStamp); m.code != 0 {
		return time.Time{}, m
	}
	ts, ok := parseTimestamp(f.s)
	if !ok {
		return time.Time{}, message{codeWrongType, fieldTimeStamp}
	}
	return ts, message{}
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
