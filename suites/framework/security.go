package framework

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

// SessionSecurityIDs names the catalog entry of each shared
// session-security check for one API; an empty ID leaves the check out.
type SessionSecurityIDs struct {
	// Entropy: tokens carry at least min_token_entropy_bits over
	// token_samples logins.
	Entropy string
	// Unique: no token repeats over token_samples logins.
	Unique string
	// FreshPerLogin: a second login while the first session is live gets
	// a new token.
	FreshPerLogin string
	// NotDerived: the token neither equals nor derives from a credential.
	NotDerived string
	// NoEcho: no answer echoes a secret, in its body or its headers.
	NoEcho string
	// NoInternals: refusal messages reveal no server internals (WARNING).
	NoInternals string
	// NoEnumeration: an unknown user is refused like a wrong password.
	NoEnumeration string
	// NoStore: the answer carrying a token is not cacheable (WARNING).
	NoStore string
}

// SessionSecurity is one API's registration of the shared session-security
// checks (fresh, unique, unpredictable tokens; no echo, no internals, no
// user enumeration, no caching), in the style of Kubernetes'
// DefineTestSuites: the API supplies login, logout and its credentials,
// the kit supplies the specs.
type SessionSecurity struct {
	// Profile is the API's profile name.
	Profile string
	// Noun names the token in messages ("access token", "SessionKey").
	Noun string
	// IDs are the catalog entries of the checks.
	IDs SessionSecurityIDs
	// Login logs a in and returns the answer; it must not fail the spec
	// itself (the checks judge the answer).
	Login func(a Account) *Answer
	// Logout ends a session, or is nil when the API (or this target) has no
	// logout; the sampling checks log every sampled session out.
	Logout func(token string) *Answer
	// WrongPassword returns a with a password that is certainly wrong.
	WrongPassword func(a Account) Account
	// UnknownUser returns a with an identity no target has.
	UnknownUser func(a Account) Account
	// Refusals returns more refused requests whose answers NoInternals and
	// NoEcho read (a missing field, a malformed body); may be nil.
	Refusals func(a Account) []*Answer
	// EnumerationNote says, in the NoEnumeration failure message, why the
	// two refusals must match ("the vendor documents one error for a wrong
	// username, password or account_number").
	EnumerationNote string
}

// sample is one token sample per profile, shared by the Entropy and Unique
// checks so that a run logs in token_samples times, not twice that.
type sample struct {
	once   sync.Once
	tokens []string
	err    string
}

var (
	samplesMu sync.Mutex
	samples   = map[string]*sample{}
)

// samplingIDs are the catalog IDs of the specs that read a shared sample:
// a parallel run keeps a profile's in one worker, so the sample is taken
// once.
var samplingIDs sync.Map

// sampling says whether spec id reads a shared token sample.
func sampling(id string) bool {
	_, ok := samplingIDs.Load(id)
	return ok
}

// samplePriority makes Ginkgo run the sampling specs (and so their
// session-security container) before the others: the sample is a run's
// longest stretch of work, so in a parallel run it starts at once, beside
// the rest, instead of last.
var samplePriority = ginkgo.SpecPriority(1)

// sampleConcurrency bounds the logins of a sample in flight at once (the
// target's request-rate cap, when set, bounds them too).
const sampleConcurrency = 8

func resetSamples() {
	samplesMu.Lock()
	samples = map[string]*sample{}
	samplesMu.Unlock()
}

// Register adds the API's session-security specs to the suite; call it at
// package level: var _ = framework.SessionSecurity{…}.Register().
func (s SessionSecurity) Register() bool {
	noun := s.Noun
	if noun == "" {
		noun = "token"
	}
	for _, id := range []string{s.IDs.Entropy, s.IDs.Unique} {
		if id != "" {
			samplingIDs.Store(id, true)
		}
	}
	return Describe(s.Profile, "session security", func() {
		if s.IDs.Entropy != "" {
			It(s.IDs.Entropy, func() {
				t := T(s.Profile)
				tokens := s.sample(t)
				min := t.Int("min_token_entropy_bits")
				bits := EntropyBits(tokens)
				if bits < float64(min) {
					ginkgo.Fail(fmt.Sprintf("%ss must carry at least %d bits of entropy (ASVS 3.2.2); %d of them (%d distinct) carry an estimated %.1f bits (per-position analysis, see docs): they are predictable (counting up?) or drawn from a small space",
						noun, min, len(tokens), distinct(tokens), bits))
				}
			}, samplePriority)
		}
		if s.IDs.Unique != "" {
			It(s.IDs.Unique, func() {
				t := T(s.Profile)
				tokens := s.sample(t)
				if dups := Duplicates(tokens); len(dups) > 0 {
					ginkgo.Fail(fmt.Sprintf("%ss must be unique, but %d of %d logins got a %s issued before (%d distinct %ss repeated): one user may end up in another's session",
						noun, len(tokens)-distinct(tokens), len(tokens), noun, len(dups), noun))
				}
			}, samplePriority)
		}
		if s.IDs.FreshPerLogin != "" {
			It(s.IDs.FreshPerLogin, func() {
				a := s.account()
				first := s.login(a, "a first login")
				second := s.login(a, "a second login while the first session is live")
				if first.Token == second.Token {
					third := s.login(a, "a third login")
					gomega.Expect(third.Token).NotTo(gomega.Equal(first.Token),
						"every login must issue a new %s, but three logins in a row, each while the earlier sessions were live, got the same %s (session fixation risk)", noun, noun)
				}
			})
		}
		if s.IDs.NotDerived != "" {
			It(s.IDs.NotDerived, func() {
				a := s.account()
				ans := s.login(a, "a login")
				creds := withSent(a, ans)
				for _, k := range sortedKeys(creds) {
					if how := DerivedFrom(ans.Token, creds[k]); how != "" {
						ginkgo.Fail(fmt.Sprintf("the %s must be random, never derived from a credential, but the %s issued %s: the %s (whoever sees a %s learns about the credential, and %ss are guessable)",
							noun, noun, how, k, noun, noun))
					}
				}
			})
		}
		if s.IDs.NoEcho != "" {
			It(s.IDs.NoEcho, func() {
				t := T(s.Profile)
				a := s.account()
				ok := s.login(a, "a login")
				secrets := withSent(t.Secrets(a), ok)
				checkNoEcho(ok, secrets)
				wrong := s.WrongPassword(a)
				bad := s.refused(wrong)
				checkNoEcho(bad, withSent(t.Secrets(wrong), bad))
				if s.Refusals != nil {
					for _, r := range s.Refusals(a) {
						checkNoEcho(r, secrets)
					}
				}
			})
		}
		if s.IDs.NoInternals != "" {
			It(s.IDs.NoInternals, func() {
				a := s.account()
				answers := []*Answer{s.refused(s.WrongPassword(a))}
				if s.Refusals != nil {
					answers = append(answers, s.Refusals(a)...)
				}
				for _, r := range answers {
					if r.Exchange == nil {
						continue
					}
					if leak := LeakedInternals(r.Message + "\n" + string(r.Exchange.Body)); leak != "" {
						Warn("refusals should not reveal server internals, but %s contains %q: it tells an attacker about the code, files and SQL behind the service (ASVS 7.4.1)", r, leak)
					}
				}
			})
		}
		if s.IDs.NoEnumeration != "" {
			It(s.IDs.NoEnumeration, func() {
				a := s.account()
				ref := s.refused(s.WrongPassword(a))
				gomega.Expect(ref).To(BeRefused())
				got := s.Login(s.UnknownUser(a))
				got.What = "a login with an unknown user name"
				s.cleanup(got)
				gomega.Expect(got).To(BeRefusedLike(ref), "no user enumeration: %s", s.EnumerationNote)
				if got.Message != ref.Message {
					Warn("an unknown user name and a wrong password get the same code but different messages (%q vs %q): the difference tells an attacker which user names exist", got.Message, ref.Message)
				}
			})
		}
		if s.IDs.NoStore != "" {
			It(s.IDs.NoStore, func() {
				ans := s.login(s.account(), "a login")
				cc := ""
				if ans.Exchange != nil {
					cc = ans.Exchange.Header.Get("Cache-Control")
				}
				if !strings.Contains(strings.ToLower(cc), "no-store") {
					Warn("the answer carrying a %s may be cached: Cache-Control is %q, want no-store (ASVS 8.2.1)", noun, cc)
				}
			})
		}
	})
}

func checkNoEcho(a *Answer, secrets map[string]string) {
	ginkgo.GinkgoHelper()
	if a == nil {
		return
	}
	// A token that equals a credential is reported by NotDerived; mask it
	// here so each finding has one spec.
	masked := secrets
	if a.Token != "" {
		masked = map[string]string{}
		for k, v := range secrets {
			if v != a.Token && !strings.Contains(a.Token, v) {
				masked[k] = v
			}
		}
	}
	gomega.Expect(a).To(NotEcho(masked), "secrets are never echoed back")
}

// account is the first credentials entry, or the spec is SKIPPED.
func (s SessionSecurity) account() Account {
	ginkgo.GinkgoHelper()
	t := T(s.Profile)
	a, err := t.Account(0)
	if err != nil {
		ginkgo.Skip(err.Error())
	}
	return a
}

// login logs in and fails the spec unless a token is issued; the session
// is logged out when the spec ends.
func (s SessionSecurity) login(a Account, what string) *Answer {
	ginkgo.GinkgoHelper()
	ans := s.Login(a)
	ans.What = what + " with the configured credentials"
	s.cleanup(ans)
	gomega.Expect(ans).To(HaveIssuedToken())
	return ans
}

// refused sends a login with a's (wrong) password, named so, and logs out
// any session it opened when the spec ends; it does not judge the answer.
func (s SessionSecurity) refused(a Account) *Answer {
	ans := s.Login(a)
	ans.What = "a login with a wrong password"
	s.cleanup(ans)
	return ans
}

// withSent returns the credentials with the secret values the login sent
// beyond them (a hashed password), for the echo and derivation checks.
// The token itself is not among them: a token derived from a credential
// is the NotDerived check's finding.
func withSent(creds map[string]string, ans *Answer) map[string]string {
	out := make(map[string]string, len(creds)+len(ans.Sent))
	for k, v := range creds {
		out[k] = v
	}
	for k, v := range ans.Sent {
		out[k] = v
	}
	return out
}

// cleanup logs a session out when the spec ends, if one was issued.
func (s SessionSecurity) cleanup(a *Answer) {
	if a != nil && a.Token != "" && s.Logout != nil {
		tok := a.Token
		ginkgo.DeferCleanup(func() { _ = s.Logout(tok) })
	}
}

// sample logs in token_samples times (cycling through the pool's
// identities, logging each session out where the API can) once per run,
// and returns the tokens.
func (s SessionSecurity) sample(t *Target) []string {
	ginkgo.GinkgoHelper()
	n := t.Int("token_samples")
	if n < 2 {
		ginkgo.Skip(fmt.Sprintf("token_samples is %d: set at least 2 (200 by default) to sample tokens", n))
	}
	samplesMu.Lock()
	sm := samples[s.Profile]
	if sm == nil {
		sm = &sample{}
		samples[s.Profile] = sm
	}
	samplesMu.Unlock()
	sm.once.Do(func() {
		pool := t.Accounts()
		if len(pool) == 0 {
			_, err := t.Account(0)
			sm.err = "skip:" + err.Error()
			return
		}
		sm.tokens, sm.err = s.fetchSample(pool, n)
	})
	if strings.HasPrefix(sm.err, "skip:") {
		ginkgo.Skip(strings.TrimPrefix(sm.err, "skip:"))
	}
	if sm.err != "" {
		ginkgo.Fail(sm.err)
	}
	return sm.tokens
}

// fetchSample logs in n times (login i with the pool's account i mod its
// size) and returns the tokens in login order, or why the sample failed:
// the first login (in login order) that issued no token stops the rest.
// Each identity logs in one session at a time, as one after another
// would (a target may hand a live session's token to a second login of
// the same identity, or rotate its salt): the identities of the pool run
// concurrently, up to sampleConcurrency of them.
func (s SessionSecurity) fetchSample(pool []Account, n int) ([]string, string) {
	tokens := make([]string, n)
	fails := make([]string, n)
	lanes := map[string][]int{} // identity -> its logins, in order
	var order []string
	for i := 0; i < n; i++ {
		id := identityOf(pool[i%len(pool)])
		if _, ok := lanes[id]; !ok {
			order = append(order, id)
		}
		lanes[id] = append(lanes[id], i)
	}
	var (
		failed atomic.Bool
		wg     sync.WaitGroup
		slots  = make(chan struct{}, sampleConcurrency)
	)
	for _, id := range order {
		wg.Add(1)
		go func(logins []int) {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			for _, i := range logins {
				if failed.Load() || !s.sampleLogin(pool[i%len(pool)], i, n, tokens, fails) {
					failed.Store(true)
					return
				}
			}
		}(lanes[id])
	}
	wg.Wait()
	for _, f := range fails {
		if f != "" {
			return nil, f
		}
	}
	return tokens, ""
}

// sampleLogin is login i of n of a sample: it records the token (and logs
// the session out) or why no token came, and reports success.
func (s SessionSecurity) sampleLogin(a Account, i, n int, tokens, fails []string) (ok bool) {
	defer func() {
		if p := recover(); p != nil { // Login must not fail the spec, but may
			fails[i] = fmt.Sprintf("login %d of %d with the configured credentials failed: %v", i+1, n, p)
			ok = false
		}
	}()
	ans := s.Login(a)
	if !ans.Documented() || !ans.OK || ans.Token == "" {
		ans.What = fmt.Sprintf("login %d of %d with the configured credentials", i+1, n)
		fails[i] = fmt.Sprintf("%s must issue a token; got %s", ans.What, ans.Outcome())
		return false
	}
	tokens[i] = ans.Token
	if s.Logout != nil {
		_ = s.Logout(ans.Token)
	}
	return true
}

// identityOf tells accounts apart by their credentials.
func identityOf(a Account) string {
	var b strings.Builder
	for _, k := range sortedKeys(a) {
		b.WriteString(k + "\x00" + a[k] + "\x00")
	}
	return b.String()
}

func distinct(list []string) int {
	seen := make(map[string]struct{}, len(list))
	for _, v := range list {
		seen[v] = struct{}{}
	}
	return len(seen)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
