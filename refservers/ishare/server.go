// Package ishare is the reference server of the Astun iShare My Alerts
// Users.asmx web service: CreateSessionKey and GetUserSchedule over SOAP
// 1.1, SOAP 1.2 and the ASMX HTTP-GET binding, with the WSDL that Visual
// Studio web references and Python suds bind to. docs/profiles/ishare.md
// lists every fact and decision it implements.
package ishare

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// DefaultNamespace is the WSDL targetNamespace and SOAP payload namespace
// of the service, the .NET default.
const DefaultNamespace = "http://tempuri.org/"

// DefaultTTL is the reference's session lifetime, counted from
// CreateSessionKey (the vendor documents none).
const DefaultTTL = 20 * time.Minute

// servicePath is the service's path, matched case-insensitively as IIS does.
const servicePath = "/Users.asmx"

// Config holds the iShare-specific settings of the reference server.
type Config struct {
	// Namespace is the WSDL targetNamespace, the payload namespace and the
	// base of every SOAPAction (default DefaultNamespace).
	Namespace string
}

// Server is the iShare reference server. Its zero value is not usable; build
// one with NewServer.
type Server struct {
	ns       string
	ttl      time.Duration
	faults   refkit.FaultSet
	byUser   map[string]*Account
	byClient map[int]*Account
	store    *refkit.Store[*Account]
	tokens   refkit.TokenSource
	tmpl     templates
	wsdl     wsdlTemplate
	actions  [len(operations)]string
	handler  http.Handler

	// Dialect switches read on the request path.
	bodyDispatch, refusalCodes, faults400, plain4xx, sliding bool
	// refuse12 refuses SOAP 1.2 requests (DialectSOAP11Only, or the fault
	// FaultSOAP12Refused).
	refuse12 bool

	reuseMu sync.Mutex       // guards lastKey and issued
	lastKey map[int]string   // ClientId -> last issued key (FaultKeyReusedOnLogin)
	issued  map[int][]string // ClientId -> keys issued (FaultNewKeyRevokesOld)
}

// New returns the reference server for accounts (DemoAccounts when none are
// given) with the default Config, wrapped by o.Wrap.
func New(o refkit.Options, accounts ...Account) http.Handler {
	return NewServer(o, Config{}, accounts...).Handler()
}

// NewServer builds a reference server for accounts (DemoAccounts when none
// are given). Accounts are copied; the first account wins when two share a
// Username or ClientID.
func NewServer(o refkit.Options, c Config, accounts ...Account) *Server {
	o.Normalize()
	if c.Namespace == "" {
		c.Namespace = DefaultNamespace
		if o.Dialects.Has(DialectOtherNamespace) {
			c.Namespace = otherNamespace
		}
	}
	st := newStyle(o.Dialects)
	if len(accounts) == 0 {
		accounts = DemoAccounts()
	}
	s := &Server{
		ns:       c.Namespace,
		ttl:      DefaultTTL,
		faults:   o.Faults,
		byUser:   make(map[string]*Account, len(accounts)),
		byClient: make(map[int]*Account, len(accounts)),
		store:    refkit.NewStore[*Account](o.Clock, o.StoreOptions()),
		tokens:   refkit.RandomTokens(refkit.GUID, 0),
		tmpl:     newTemplates(c.Namespace, answerStyle(st, o.Faults)),
		wsdl:     newWSDLTemplate(c.Namespace, st),
		lastKey:  map[int]string{},
		issued:   map[int][]string{},
	}
	s.bodyDispatch = o.Dialects.Has(DialectBodyDispatch)
	s.refusalCodes = o.Dialects.Has(DialectRefusalCodes)
	s.faults400 = o.Dialects.Has(DialectFaults400)
	s.plain4xx = o.Dialects.Has(DialectPlain4xx)
	s.refuse12 = o.Dialects.Has(DialectSOAP11Only) || o.Faults.Has(FaultSOAP12Refused)
	// A key that never expires has no lifetime to restart.
	s.sliding = o.Dialects.Has(DialectSlidingExpiry) && !o.Faults.Has(FaultTokensNeverExpire)
	if o.Dialects.Has(DialectKeyFormat) {
		s.tokens = upperHexTokens()
	}
	if o.TTL > 0 {
		s.ttl = o.TTL
	}
	if o.Faults.Has(FaultExpiryShort) {
		s.ttl = s.ttl * 5 / 6
	}
	switch {
	case o.Faults.Has(FaultSequentialTokens):
		s.tokens = refkit.SequentialTokens(refkit.GUID, 0)
	case o.Faults.Has(FaultLowEntropyTokens):
		s.tokens = lowEntropyTokens()
	}
	for i := range accounts {
		a := accounts[i]
		a.Schedules = append([]Schedule(nil), a.Schedules...)
		if _, dup := s.byUser[a.Username]; !dup {
			s.byUser[a.Username] = &a
		}
		if _, dup := s.byClient[a.ClientID]; !dup {
			s.byClient[a.ClientID] = &a
		}
	}
	for _, op := range operations {
		s.actions[op.index] = actionFor(c.Namespace, op.name)
	}
	s.handler = o.Wrap(s)
	return s
}

// Handler returns the server wrapped with the refkit request limits and
// clock control endpoint: what New returns.
func (s *Server) Handler() http.Handler { return s.handler }

// Sessions returns the number of stored sessions, expired ones included.
func (s *Server) Sessions() int { return s.store.Len() }

// ServeHTTP routes a request: /Users.asmx (any case) takes SOAP posts, the
// WSDL (?wsdl) and the help page; /Users.asmx/<Method> is the HTTP-GET
// binding. Everything else is 404. It is the bare handler, without the
// request body cap and clock endpoint: serve Handler() instead.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	n := len(servicePath)
	if len(p) < n || !s.isServicePath(p[:n]) {
		http.NotFound(w, r)
		return
	}
	switch rest := p[n:]; {
	case rest == "":
		s.serveService(w, r)
	case rest[0] == '/':
		s.serveGETBinding(w, r, rest[1:])
	default:
		http.NotFound(w, r)
	}
}

// isServicePath compares case-insensitively, unless FaultPathCaseSensitive
// is on.
func (s *Server) isServicePath(p string) bool {
	if s.faults.Has(FaultPathCaseSensitive) {
		return p == servicePath
	}
	return strings.EqualFold(p, servicePath)
}

// serveService answers requests to the .asmx itself.
func (s *Server) serveService(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		s.serveSOAP(w, r)
	case http.MethodGet:
		if !wantsWSDL(r.URL.RawQuery) {
			s.serveHelp(w)
			return
		}
		if s.faults.Has(FaultWSDLMissing) {
			http.NotFound(w, r)
			return
		}
		s.serveWSDL(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "The HTTP verb "+r.Method+" used to access path '"+servicePath+"' is not allowed.", http.StatusMethodNotAllowed)
	}
}

// wantsWSDL reports whether a query asks for the service description
// ("wsdl" in any case, as a bare key or with a value).
func wantsWSDL(rawQuery string) bool {
	for rawQuery != "" {
		var part string
		part, rawQuery, _ = strings.Cut(rawQuery, "&")
		key, _, _ := strings.Cut(part, "=")
		if strings.EqualFold(key, "wsdl") {
			return true
		}
	}
	return false
}

// answerStyle is the style of the answers: st, but with
// FaultGETRootNotDeclared the HTTP-GET root the WSDL does not declare.
func answerStyle(st style, f refkit.FaultSet) style {
	if f.Has(FaultGETRootNotDeclared) {
		st.getRoot = !st.getRoot
	}
	return st
}

// upperHexTokens is DialectKeyFormat's source: 32 upper-case hexadecimal
// digits, 128 random bits.
func upperHexTokens() refkit.TokenSource {
	src := refkit.RandomTokens(refkit.Hex, 32)
	return refkit.TokenFunc(func() string { return strings.ToUpper(src.Token()) })
}

// lowEntropyTokens is FaultLowEntropyTokens' source: GUID-shaped keys drawn
// from only lowEntropyValues values. (refkit.LowEntropyTokens draws from
// 2^16, which 200 logins repeat only one time in four: too rarely for a
// uniqueness check over token_samples logins to see it every time.)
func lowEntropyTokens() refkit.TokenSource {
	return refkit.TokenFunc(func() string {
		var b [4]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic(fmt.Sprintf("crypto/rand: %v", err))
		}
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", binary.LittleEndian.Uint32(b[:])%lowEntropyValues)
	})
}
