// Package irp is the reference server of the IRP Commerce Authentication
// API: POST /api/v1/Authentication/Authenticate trades an API key, a UTC
// TimeStamp within two minutes of the server clock and the signature
// sha1hex(sha1hex(APIKey + "." + TimeStamp) + "." + SharedSecret) for a
// 32-character AuthenticationToken that lives five minutes from creation;
// POST /api/v1/Authentication/CheckTokenTime tells a token's remaining
// life as "MM:SS". Errors are HTTP 200 with Success false and a numbered
// message naming the field. docs/profiles/irp.md records every fact and
// decision, and the validation order.
package irp

import (
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Documented values.
const (
	// DefaultTTL is a token's documented lifetime from creation.
	DefaultTTL = 5 * time.Minute
	// Window is how far a TimeStamp may be from the server clock, either way.
	Window = 2 * time.Minute
	// APIKeyLength is the documented API key length in characters.
	APIKeyLength = 32
	// AuthenticatePath and CheckTokenTimePath are the endpoints; paths are
	// matched without regard to case, as IIS does.
	AuthenticatePath   = "/api/v1/Authentication/Authenticate"
	CheckTokenTimePath = "/api/v1/Authentication/CheckTokenTime"

	tokenLength = 32
	// faultyWindow is the window of skew-window-10m.
	faultyWindow = 10 * time.Minute
	// narrowWindow is the window of skew-window-1m.
	narrowWindow = time.Minute
	// crashLength is the value length from which long-value-crashes
	// crashes.
	crashLength = 1024
)

// session is what the store keeps per token.
type session struct {
	account *Account
}

// server is the unwrapped handler.
type server struct {
	clock    clock.Clock
	maxBody  int64
	ttl      time.Duration // documented lifetime (o.TTL, or 4/5 of it under token-ttl-4m)
	storeTTL time.Duration // what the store enforces (0 under tokens-never-expire)
	past     time.Duration // how old a TimeStamp may be
	future   time.Duration // how far ahead; < 0 means unlimited
	accounts map[string]*Account
	store    *refkit.Store[session]
	tokens   refkit.TokenSource
	f        faultFlags
	d        dialectFlags
	replays  *replayBook // replay-refused only

	// Decided at start from the faults and dialects:
	windowFail   message // a TimeStamp outside the window: 2001, 2003 under wrong-error-code
	crossKeyFail message // a CheckTokenTime not signed with the token's key: 2003, 2002 under cross-key-2002
	timeKey      string  // the answer's time: "TimeStamp", "Timestamp" under timestamp-format
	timeLayout   string  // and how it is printed

	mu    sync.Mutex        // guards byKey
	byKey map[string]string // API key -> latest token, only under token-reused-per-key
}

// New returns the reference server for accounts (DemoAccounts when none
// are given; the first account with a given key wins), configured and
// wrapped by o.
func New(o refkit.Options, accounts ...Account) http.Handler {
	o.Normalize()
	return o.WrapSelfLimited(newServer(&o, accounts)) // readValues caps the body
}

func newServer(o *refkit.Options, accounts []Account) *server {
	if len(accounts) == 0 {
		accounts = DemoAccounts()
	}
	f := readFaults(o.Faults)
	d := readDialects(o.Dialects)
	s := &server{
		clock:    o.Clock,
		maxBody:  o.MaxBody,
		ttl:      DefaultTTL,
		past:     Window,
		future:   Window,
		accounts: make(map[string]*Account, len(accounts)),
		store:    refkit.NewStore[session](o.Clock, o.StoreOptions()),
		tokens:   tokenSource(o.Faults, o.Dialects),
		f:        f,
		d:        d,

		windowFail:   message{codeTimestampWindow, fieldTimeStamp},
		crossKeyFail: message{codeBadSignature, fieldSignature},
		timeKey:      "TimeStamp",
		timeLayout:   serverTimeLayout,
	}
	if d.timestampFormat {
		s.timeKey, s.timeLayout = "Timestamp", dialectTimeLayout
	}
	if f.wrongCode {
		s.windowFail = message{codeBadSignature, fieldSignature}
	}
	if d.crossKey2002 {
		s.crossKeyFail = message{codeNoKeyForToken, fieldToken}
	}
	if d.replayRefused {
		// A signature is remembered while its TimeStamp is inside the
		// documented window, not as long as a faulty window would allow.
		s.replays = &replayBook{seen: map[string]time.Time{}, keep: Window}
	}
	if o.TTL > 0 {
		s.ttl = o.TTL
	}
	if f.ttl4m {
		s.ttl = s.ttl * 4 / 5
	}
	s.storeTTL = s.ttl
	if f.neverExpire {
		s.storeTTL = 0
	}
	if f.skew10m {
		s.past, s.future = faultyWindow, faultyWindow
	}
	if f.skew1m {
		s.past, s.future = narrowWindow, narrowWindow
	}
	if f.futureOK {
		s.future = -1
	}
	if f.reusePerKey {
		s.byKey = map[string]string{}
	}
	for i := range accounts {
		a := accounts[i]
		if a.APIKey == "" {
			continue
		}
		if _, dup := s.accounts[a.APIKey]; !dup {
			s.accounts[a.APIKey] = &a
		}
	}
	return s
}

// Len returns the number of stored sessions, expired ones included.
func (s *server) Len() int { return s.store.Len() }

// ServeHTTP routes the two endpoints.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	check := false
	switch p := strings.TrimSuffix(r.URL.Path, "/"); {
	case strings.EqualFold(p, AuthenticatePath):
	case strings.EqualFold(p, CheckTokenTimePath):
		check = true
	default:
		writeNotFound(w)
		return
	}
	if r.Method != http.MethodPost {
		writeMethodNotAllowed(w, r.Method)
		return
	}
	now := s.clock.Now()
	v, res := readValues(r, s.maxBody, s.f.jsonRefused, s.d.exactNames)
	switch {
	case res == readMalformed && s.f.malformedCrash,
		res == readWrongType && s.f.contentTypeCrash:
		writeCrash(w)
		return
	case res == readWrongType && s.d.type415:
		writeUnsupportedMediaType(w)
		return
	case res == readMalformed && s.d.malformed400:
		writeBadRequest(w)
		return
	case res != readOK && res != readEmpty:
		s.writeError(w, now, []message{{codeUnreadable, fieldBody}})
		return
	}
	if s.f.fromQuery {
		v.fillFromQuery(r, s.d.exactNames)
	}
	if res == readEmpty && s.d.emptyBody2010 && !v.any() {
		s.writeError(w, now, []message{{codeUnreadable, fieldBody}})
		return
	}
	if (s.f.longCrash && v.longest() > crashLength) || (s.f.mistypedCrash && v.mistyped()) {
		writeCrash(w)
		return
	}
	if check {
		s.checkTokenTime(w, r, now, &v)
		return
	}
	s.authenticate(w, r, now, &v)
}

// remoteAddr is the connection's peer address; forwarding headers are
// never trusted for the IP allow-list.
func remoteAddr(r *http.Request) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// inWindow reports whether ts is close enough to now: as an instant, the
// bounds included, or under window-whole-seconds on whole seconds of the
// server clock, the bounds excluded.
func (s *server) inWindow(ts, now time.Time) bool {
	if s.d.wholeSeconds {
		d := now.Truncate(time.Second).Sub(ts)
		if d >= 0 {
			return d < s.past
		}
		return s.future < 0 || -d < s.future
	}
	d := now.Sub(ts) // > 0: ts is in the past
	if d >= 0 {
		return d <= s.past
	}
	return s.future < 0 || -d <= s.future
}

// replayBook remembers the signatures accepted (replay-refused) until
// their TimeStamp is keep old.
type replayBook struct {
	mu    sync.Mutex
	seen  map[string]time.Time // signature -> its TimeStamp
	keep  time.Duration
	swept int
}

// first records sig, signed at ts, and reports whether it was not seen
// while its TimeStamp was under keep old.
func (b *replayBook) first(sig string, ts, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if at, ok := b.seen[sig]; ok && now.Sub(at) <= b.keep {
		return false
	}
	b.seen[sig] = ts
	if len(b.seen) > 2*b.swept+1024 {
		for k, at := range b.seen {
			if now.Sub(at) > b.keep {
				delete(b.seen, k)
			}
		}
		b.swept = len(b.seen)
	}
	return true
}
