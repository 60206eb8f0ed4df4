package framework

import (
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/authprobe/authprobe/config"
)

// API is what a spec package tells the kit about its API: its profile
// (whose table names the credential keys) and how to build its client for
// a target. Every spec of the package then gets the same helpers:
//
//	var api = framework.API[*certna.Client]{Profile: "certna", NewClient: newClient}
//
//	framework.It("CERTNA-LOGIN-002", func() {
//		c, a := api.Client(), api.Account(0)
//		Expect(login(c, a.With("password", "wrong"))).To(framework.BeRefused())
//	})
type API[C any] struct {
	// Profile is the profile name ("certna").
	Profile string
	// NewClient builds the API's client for a target from its base URL,
	// HTTP client and settings; an error names the bad setting.
	NewClient func(t *Target) (C, error)
}

// Target is the API's target of the run; the spec is SKIPPED when the run
// has none (framework.Describe already skips such specs).
func (api API[C]) Target() *Target {
	t := T(api.Profile)
	if t == nil {
		ginkgo.Skip("no target for profile " + api.Profile + " in this run")
	}
	return t
}

// Client builds the client for the run's target; a bad setting fails the
// spec with the builder's error.
func (api API[C]) Client() C {
	ginkgo.GinkgoHelper()
	c, err := api.NewClient(api.Target())
	if err != nil {
		ginkgo.Fail(fmt.Sprintf("target %s: %v", api.Target().Name(), err))
	}
	return c
}

// Account returns the i-th credentials of the target's pool (wrapping);
// the spec is SKIPPED, saying what is missing, when there are none or they
// lack a key of the profile's table.
func (api API[C]) Account(i int) Account {
	ginkgo.GinkgoHelper()
	a, err := api.Target().Account(i)
	if err != nil {
		ginkgo.Skip(err.Error())
	}
	return a
}

// Accounts returns every complete credentials entry of the pool, one per
// identity (the table's first credential key).
func (api API[C]) Accounts() []Account { return api.Target().Accounts() }

// Expiry registers a timeline spec that needs the session_ttl and
// expiry_margin settings, a client and the first credentials: build gets
// them all, or the spec is SKIPPED (session_ttl unset: unsetHint says what
// to set; no credentials) or FAILS (a bad setting) before any step runs.
//
// Each expiry timeline of a profile logs in with the next identity of the
// pool (Target.Accounts), leaving the first to the other specs when there
// are more: timelines running side by side on a real clock, and the specs
// around them, then do not share an account, so a target that keeps one
// session per account (or revokes an account's earlier keys) still gets
// one per timeline when the pool is large enough.
func (api API[C]) Expiry(id, unsetHint string, build func(tl *Timeline, c C, a Account, ttl, margin time.Duration)) bool {
	expiryMu.Lock()
	n := expiryCount[api.Profile]
	expiryCount[api.Profile]++
	expiryMu.Unlock()
	return Timed(id, func(t *Target, tl *Timeline) {
		ttl, margin, why := t.ExpiryTiming(unsetHint)
		if why != "" {
			tl.Skip(why)
			return
		}
		a, err := timelineAccount(t, n)
		if err != nil {
			tl.Skip(err.Error())
			return
		}
		c, err := api.NewClient(t)
		if err != nil {
			tl.Then(func() { ginkgo.Fail(fmt.Sprintf("target %s: %v", t.Name(), err)) })
			return
		}
		build(tl, c, a, ttl, margin)
	}, ginkgo.Offset(1))
}

// timelineAccount is the identity the n-th expiry timeline of a profile
// logs in with: the pool's second and later identities in turn, or the
// first when it is the only one.
func timelineAccount(t *Target, n int) (Account, error) {
	pool := t.Accounts()
	switch len(pool) {
	case 0:
		return t.Account(0) // says why there is none
	case 1:
		return pool[0], nil
	}
	return pool[1+n%(len(pool)-1)], nil
}

var (
	expiryMu    sync.Mutex
	expiryCount = map[string]int{}
)

// Account is one credentials entry of a target, keyed as the profile's
// table names the keys ("user_name", "password").
type Account map[string]string

// Get returns one credential ("" when absent).
func (a Account) Get(key string) string { return a[key] }

// With returns a copy of a with key set to value: a.With("password", "x").
func (a Account) With(key, value string) Account {
	out := make(Account, len(a)+1)
	for k, v := range a {
		out[k] = v
	}
	out[key] = value
	return out
}

// Without returns a copy of a without key.
func (a Account) Without(key string) Account {
	out := make(Account, len(a))
	for k, v := range a {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// Account returns the i-th credentials entry of the pool (wrapping), or why
// none is usable: no credentials, or a key of the table missing.
func (t *Target) Account(i int) (Account, error) {
	if len(t.Config.Credentials) == 0 {
		return nil, fmt.Errorf("target %s has no credentials: give %s under credentials", t.Name(), strings.Join(t.profile.Table.CredentialKeys(), ", "))
	}
	n := i % len(t.Config.Credentials)
	m := t.Config.Credentials[n]
	if missing := t.profile.Table.CheckCredentials(m); len(missing) > 0 {
		return nil, fmt.Errorf("credentials %d of target %s lack %s", n, t.Name(), strings.Join(missing, ", "))
	}
	a := make(Account, len(m))
	for k, v := range m {
		a[k] = v
	}
	return a, nil
}

// Accounts returns every complete credentials entry, one per identity (the
// table's first credential key).
func (t *Target) Accounts() []Account {
	keys := t.profile.Table.CredentialKeys()
	seen := map[string]bool{}
	var out []Account
	for i := range t.Config.Credentials {
		a, err := t.Account(i)
		if err != nil {
			continue
		}
		id := ""
		if len(keys) > 0 {
			id = a[keys[0]]
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, a)
	}
	return out
}

// Secrets returns the secret credentials of a (the table's Secret keys),
// by key, for NotEcho and derivation checks.
func (t *Target) Secrets(a Account) map[string]string {
	out := map[string]string{}
	for _, k := range t.profile.Table.SecretKeys() {
		if v := a[k]; v != "" {
			out[k] = v
		}
	}
	return out
}

// Pin returns what a pin setting requires: its comma-separated values, or
// nil when it is unset. Unset means the vendor's leeway holds, so a nil pin
// passed to BeRefusedWith accepts every documented refusal.
func (t *Target) Pin(name string) []string {
	if _, ok := t.profile.Table.Setting(name); !ok {
		panic(fmt.Sprintf("framework: %s has no setting %s", t.Profile(), name))
	}
	return config.ParseList(t.settings[name])
}

// Bool returns a boolean setting (false when unset or not a boolean).
func (t *Target) Bool(name string) bool {
	v := strings.TrimSpace(strings.ToLower(t.settings[name]))
	return v == "true" || v == "1" || v == "yes"
}

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// RandomWord returns n random lower-case letters and digits: user names
// and keys that no target has issued.
func RandomWord(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// Need skips the spec with the reason unless ok: for specs that need a
// setting or a capability the target does not have.
func Need(ok bool, format string, args ...any) {
	if !ok {
		ginkgo.Skip(fmt.Sprintf(format, args...))
	}
}
