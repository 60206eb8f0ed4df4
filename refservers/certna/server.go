// Package certna is the reference server of the CeRTNA user/login API
// (JSON): the per-user salt, the salted login issuing GUID access tokens,
// the token-guarded /storechecksum and logout, with a 20-minute idle
// session lifetime, named faults that each break one documented behaviour,
// and dialects that each make one legal choice differently.
// docs/profiles/certna.md records every fact and decision.
package certna

import (
	"crypto/rand"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// DefaultTTL is the documented idle lifetime of a session (profiles.md
// decision, the profile table's session_ttl default); every authorized
// call starts it again.
const DefaultTTL = client.DefaultSessionTTL

// The endpoints (the salt-endpoint dialect serves the salt at
// AlternativeSaltPath instead).
const (
	SaltPath          = "/user/salt"
	LoginPath         = "/user/login"
	LogoutPath        = "/user/logout"
	StoreChecksumPath = "/storechecksum"
)

// Server is the CeRTNA reference server. Use Handler (or New) to serve it.
type Server struct {
	faults   refkit.FaultSet
	d        dialect
	saltPath string
	ttl      time.Duration
	store    *refkit.Store[session]
	tokens   refkit.TokenSource // access tokens
	keys     refkit.TokenSource // checksum keys, always honest
	accounts map[string]*account
	list     []*account // the same accounts, by index
	salts    [][]byte   // every account's salt, for the foreign-salt-accepted fault
	secret   []byte     // keys the fake salts of unknown users
	// answers are the JSON answers in the server's dialect, and
	// contentType their media type.
	answers     answers
	contentType []string
	// refusedStatus and refusedBody are the answer of every refused login.
	refusedStatus int
	refusedBody   []byte
	// trackIssued says whether issued is kept: a fault treats never-issued
	// tokens apart.
	trackIssued bool
	// lastToken maps an account index to its latest token, kept only under
	// the token-reused-on-login fault.
	lastToken sync.Map
	// issued holds every token ever issued, kept only with trackIssued.
	issued  sync.Map
	clock   clock.Clock
	date    *refkit.DateHeader
	handler http.Handler
}

// New returns the reference server as an http.Handler, wrapped by o.Wrap
// (body cap and clock control endpoint).
func New(o refkit.Options, accounts ...Account) http.Handler {
	return NewServer(o, accounts...).Handler()
}

// NewServer builds the reference server for accounts (later duplicates of a
// user name replace earlier ones) with the options o.
func NewServer(o refkit.Options, accounts ...Account) *Server {
	o.Normalize()
	s := &Server{
		faults:   o.Faults,
		d:        dialectOf(o.Dialects),
		saltPath: SaltPath,
		ttl:      o.TTL,
		store:    refkit.NewStore[session](o.Clock, o.StoreOptions()),
		tokens:   refkit.RandomTokens(refkit.GUID, 0),
		keys:     refkit.RandomTokens(refkit.GUID, 0),
		accounts: make(map[string]*account, len(accounts)),
		secret:   make([]byte, 32),
		clock:    o.Clock,
		date:     refkit.NewDateHeader(o.Clock),
	}
	if s.ttl <= 0 {
		s.ttl = DefaultTTL
		if s.d.idle30m {
			s.ttl, _ = time.ParseDuration(alternativeTTL)
		}
	}
	if s.faults.Has(FaultIdleTimeout15m) {
		s.ttl = s.ttl * 3 / 4
	}
	if s.d.saltEndpoint {
		s.saltPath = AlternativeSaltPath
	}
	s.answers, s.contentType = s.newAnswers(), hdrJSON
	if s.d.jsonPretty {
		s.contentType = hdrJSONPlain
	}
	s.trackIssued = s.faults.Has(FaultUnknownTokenCrashes) || s.faults.Has(FaultInvalidTokenStatus200)
	switch {
	case s.faults.Has(FaultSequentialTokens):
		s.tokens = refkit.SequentialTokens(refkit.GUID, 0)
	case s.faults.Has(FaultTokensRepeat):
		s.tokens = poolTokens(64)
	}
	_, _ = rand.Read(s.secret) // never fails (Go 1.24+)
	for _, a := range accounts {
		p := prepare(a, s.secret)
		if old := s.accounts[p.name]; old != nil {
			p.index = old.index
			s.list[old.index] = p
		} else {
			p.index = int32(len(s.list))
			s.list = append(s.list, p)
		}
		s.accounts[p.name] = p
	}
	for _, p := range s.list {
		s.salts = append(s.salts, p.salt)
		p.saltBody = s.successBody(epSalt, p.encodedSalt)
	}
	s.refusedStatus, s.refusedBody = s.credentialsRefusal("", MessageInvalidCredentials)
	s.handler = o.Wrap(s)
	return s
}

// Handler returns the server wrapped with the options' body cap and clock
// control endpoint.
func (s *Server) Handler() http.Handler { return s.handler }

// ServeHTTP routes a request to its endpoint; unknown paths get 404
// NOT_FOUND. Prefer Handler, which adds the body cap.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The Date header tells the server's clock (the test clock, when one
	// runs), so a client can measure its offset.
	w.Header()["Date"] = s.date.Value()
	switch r.URL.Path {
	case LoginPath:
		s.login(w, r)
	case s.saltPath:
		s.salt(w, r)
	case StoreChecksumPath:
		s.storeChecksum(w, r)
	case LogoutPath:
		s.logout(w, r)
	default:
		s.refuse(w, epOther, kindNotFound, "No such endpoint.")
	}
}

// Len returns the number of stored sessions, expired ones not yet purged
// included; it never exceeds Options.MaxSessions.
func (s *Server) Len() int { return s.store.Len() }

// TTL returns the session idle lifetime in force.
func (s *Server) TTL() time.Duration { return s.ttl }

// SaltPath returns the path the salt is served at.
func (s *Server) SaltPath() string { return s.saltPath }

// formatGUID writes a GUID as the dialects want it: upper case, in braces.
func (s *Server) formatGUID(g string) string {
	if s.d.guidUpper {
		g = strings.ToUpper(g)
	}
	if s.d.guidBraces {
		g = "{" + g + "}"
	}
	return g
}

// poolTokens is the tokens-repeat fault's source: n random GUIDs drawn at
// start and handed out round-robin, so each looks random but repeats.
func poolTokens(n int) refkit.TokenSource {
	honest := refkit.RandomTokens(refkit.GUID, 0)
	pool := make([]string, n)
	for i := range pool {
		pool[i] = honest.Token()
	}
	var next atomic.Uint64
	return refkit.TokenFunc(func() string { return pool[(next.Add(1)-1)%uint64(n)] })
}
