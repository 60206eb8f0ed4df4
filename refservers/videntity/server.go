// Package videntity is the reference server of the Videntity sessions API:
// form POSTs to /sessions/login (or /session/login), /session/ping and
// /session/logout, answered with the vendor's XML shapes. Sessions live 30
// minutes from login or from the last ping. See docs/profiles/videntity.md.
package videntity

import (
	"crypto/subtle"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Paths the server answers.
const (
	LoginPath    = "/sessions/login" // the Sessions page
	LoginPathAlt = "/session/login"  // the Methods page
	PingPath     = "/session/ping"
	LogoutPath   = "/session/logout"
)

// DefaultTTL is the documented session lifetime: "You have exactly 30
// minutes from the time you login to the time your session expires."
const DefaultTTL = 30 * time.Minute

// session is what the store keeps per key.
type session struct {
	username string
}

// Server is a Videntity reference server. Use Handler to serve it.
type Server struct {
	clock    clock.Clock
	ttl      time.Duration
	accounts map[string]Account
	store    *refkit.Store[session]
	tokens   refkit.TokenSource
	tx       atomic.Uint64
	f        faults
	d        dialects
	handler  http.Handler

	// errs are the answers to refused requests, and layout how answers
	// are written: both chosen once with the faults and dialects in mind.
	errs   errorSet
	layout layout

	// liveKey remembers each account's last key, only under the
	// login-reuses-key fault.
	liveKey sync.Map
	// current is each account's one live key in the one-session-per-user
	// dialect.
	current sync.Map
}

// New returns the reference server's handler (wrapped with o.Wrap), which
// accepts the given accounts, or DemoAccounts when none are given. A
// repeated username keeps its first account.
func New(o refkit.Options, accounts ...Account) http.Handler {
	return NewServer(o, accounts...).Handler()
}

// NewServer is New returning the *Server, whose Len tells how many sessions
// it holds.
func NewServer(o refkit.Options, accounts ...Account) *Server {
	o.Normalize()
	if len(accounts) == 0 {
		accounts = DemoAccounts()
	}
	s := &Server{
		clock:    o.Clock,
		ttl:      o.TTL,
		accounts: make(map[string]Account, len(accounts)),
		store:    refkit.NewStore[session](o.Clock, o.StoreOptions()),
		tokens:   tokenSource(o.Faults, o.Dialects),
		f:        resolveFaults(o.Faults),
		d:        readDialects(o.Dialects),
	}
	if s.ttl <= 0 {
		s.ttl = DefaultTTL
	}
	if s.f.expiry25m {
		s.ttl = s.ttl * 5 / 6
	}
	for _, a := range accounts {
		if _, dup := s.accounts[a.Username]; !dup {
			s.accounts[a.Username] = a
		}
	}
	s.errs = newErrorSet(s.f, s.d, o.MaxBody)
	s.layout = newLayout(s.f, s.d, s.ttl)
	s.handler = o.Wrap(http.HandlerFunc(s.route))
	return s
}

// Handler returns the server as an http.Handler, wrapped with the body cap
// and the clock control endpoint.
func (s *Server) Handler() http.Handler { return s.handler }

// Len returns the number of stored sessions, expired ones not yet purged
// included. It never exceeds Options.MaxSessions.
func (s *Server) Len() int { return s.store.Len() }

// TTL returns the session lifetime the server applies.
func (s *Server) TTL() time.Duration { return s.ttl }

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case LoginPath:
		s.login(w, r)
	case LoginPathAlt:
		if s.f.loginAltPathMissing {
			drain(r)
			s.failAs(w, clipPath(r.URL.Path), s.errs.unknown)
			return
		}
		s.login(w, r)
	case PingPath:
		s.ping(w, r)
	case LogoutPath:
		s.logout(w, r)
	default:
		drain(r)
		s.failAs(w, clipPath(r.URL.Path), s.errs.unknown)
	}
}

// clipPath bounds an unknown path echoed in api_method.
func clipPath(p string) string {
	const max = 128
	if len(p) > max {
		return p[:max]
	}
	return p
}

// checkAccount reports whether the username exists and whether the
// credentials match its account, in time that does not depend on which part
// is wrong or whether the user exists.
func (s *Server) checkAccount(f form) (acct Account, found, ok bool) {
	a, found := s.accounts[f.username]
	want := a
	if !found {
		want = Account{Password: dummySecret, AccountNumber: dummySecret}
	}
	pw := subtle.ConstantTimeCompare([]byte(f.password), []byte(want.Password))
	num := subtle.ConstantTimeCompare([]byte(f.accountNumber), []byte(want.AccountNumber))
	return a, found, found && pw&num == 1
}

// dummySecret is compared against when the username is unknown.
const dummySecret = "000000000000000"
