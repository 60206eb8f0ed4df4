package videntity

import (
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// login checks username, password and account_number and issues a key.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	f, e := s.readLoginForm(r)
	if e != nil {
		s.fail(w, r, mLogin, e)
		return
	}
	for _, m := range [...]struct{ name, value string }{
		{fieldUsername, f.username}, {fieldPassword, f.password}, {fieldAccountNumber, f.accountNumber},
	} {
		if m.value == "" {
			s.fail(w, r, mLogin, s.errs.missing[m.name])
			return
		}
	}
	if s.f.longFieldCrashes && (len(f.username) > 1024 || len(f.password) > 1024 || len(f.accountNumber) > 1024) ||
		s.f.mistypedAccountCrashes && !allDigits(f.accountNumber) {
		crash(w)
		return
	}
	if s.f.everyCallExtends && f.sessionKey != "" {
		s.store.Extend(f.sessionKey, s.ttl)
	}
	acct, found, ok := s.checkAccount(f)
	if !ok {
		e := s.errs.auth
		if !found {
			e = s.errs.unknownUser
		}
		s.fail(w, r, mLogin, e)
		return
	}
	s.success(w, r, mLogin, s.issue(acct), f.password)
}

// readLoginForm is readForm, except that under the login-accepts-get fault
// a GET is read from its URL query string.
func (s *Server) readLoginForm(r *http.Request) (form, *apiError) {
	if s.f.loginAcceptsGet && r.Method == http.MethodGet {
		q := r.URL.Query()
		return form{username: q.Get(fieldUsername), password: q.Get(fieldPassword),
			accountNumber: q.Get(fieldAccountNumber), sessionKey: q.Get(fieldSessionKey)}, nil
	}
	return s.readForm(r)
}

// allDigits reports whether v is made of ASCII digits only.
func allDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// issue stores a new session for acct and returns its key.
func (s *Server) issue(acct Account) string {
	if s.f.loginReusesKey {
		if k, ok := s.liveKey.Load(acct.Username); ok {
			if _, st := s.store.Get(k.(string)); st == refkit.Live {
				return k.(string)
			}
		}
	}
	key := s.tokens.Token()
	switch {
	case s.f.keyEqualsPassword:
		key = acct.Password
	case s.f.keyFromPassword:
		key = acct.Password + key[:min(17, len(key))]
	}
	s.store.Put(key, session{username: acct.Username}, s.ttl)
	if s.d.oneSession {
		if old, ok := s.current.Swap(acct.Username, key); ok && old.(string) != key {
			s.store.Delete(old.(string))
		}
	}
	if s.f.loginReusesKey {
		s.liveKey.Store(acct.Username, key)
	}
	return key
}

// ping resets a live session's timer to the full lifetime from now.
func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	key, ok := s.sessionKey(w, r, mPing)
	if !ok {
		return
	}
	sess, st := s.store.Get(key)
	switch st {
	case refkit.Live:
		ttl := s.ttl
		if s.f.pingAddsTTL && !sess.Expires.IsZero() {
			ttl += sess.Expires.Sub(s.clock.Now())
		}
		if !s.f.pingDoesNotExtend && !s.store.Extend(key, ttl) {
			s.fail(w, r, mPing, s.errs.expired) // expired between Get and Extend
			return
		}
		s.success(w, r, mPing, key, "")
	case refkit.Expired:
		if s.f.pingRevivesExpired {
			s.store.Put(key, sess.Value, s.ttl)
			s.success(w, r, mPing, key, "")
			return
		}
		if s.d.purgeOnReply {
			s.store.Delete(key)
		}
		s.fail(w, r, mPing, s.errs.expired)
	default:
		s.fail(w, r, mPing, s.errs.noSession)
	}
}

// logout deletes a session. An expired key is deleted too (the vendor calls
// that good housekeeping) but answered with error 3 (SUCCESS in the
// expired-logout-success dialect): it is never accepted again.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	key, ok := s.sessionKey(w, r, mLogout)
	if !ok {
		return
	}
	_, st := s.store.Get(key)
	switch st {
	case refkit.Live:
		if !s.f.logoutKeepsSession && !s.store.Delete(key) {
			s.fail(w, r, mLogout, s.errs.noSession) // a concurrent logout won
			return
		}
		s.success(w, r, mLogout, key, "")
	case refkit.Expired:
		if s.f.expiredLogoutCrashes {
			crash(w)
			return
		}
		s.store.Delete(key)
		if s.d.expiredLogoutOK {
			s.success(w, r, mLogout, key, "")
			return
		}
		s.fail(w, r, mLogout, s.errs.expired)
	default:
		s.fail(w, r, mLogout, s.errs.noSession)
	}
}

// sessionKey reads session_key from the form; on failure it has answered.
func (s *Server) sessionKey(w http.ResponseWriter, r *http.Request, m method) (string, bool) {
	f, e := s.readForm(r)
	if e != nil {
		s.fail(w, r, m, e)
		return "", false
	}
	key := f.sessionKey
	if key == "" && s.f.keyInQuery {
		key = r.URL.Query().Get(fieldSessionKey)
	}
	if key == "" {
		s.fail(w, r, m, s.errs.missing[fieldSessionKey])
		return "", false
	}
	return key, true
}
