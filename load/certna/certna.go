// Package certna is the load targeter and judge of the CeRTNA user/login
// API. A hit is the documented two-step flow: the user's salt fetch, then
// the salted login; each step is timed on its own (LoadResult.StepLatency
// "salt" and "login") while the hit's latency covers both. With salt
// caching (the CacheSalts option), each user's salt is fetched once and a
// hit is the login alone. The target's users are used round-robin.
package certna

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Step names in LoadResult.StepLatency.
const (
	StepSalt  = "salt"
	StepLogin = "login"
)

// Option configures the CeRTNA factory.
type Option func(*options)

type options struct {
	cacheSalts bool
}

// CacheSalts(true) fetches each user's salt once and then sends only the
// login (a target configuration's load.cache_salts, the --cache-salts
// flag). The default fetches the salt for every hit, as a real client
// does.
func CacheSalts(on bool) Option { return func(o *options) { o.cacheSalts = on } }

// Targeter builds salt-then-login hits.
type Targeter struct {
	c        *client.Client
	hc       *http.Client
	ctx      context.Context
	maxBody  int64
	loginURL string
	header   http.Header // shared, read-only
	steps    []load.Step // salt then login; nil for an unsalted scheme
	cache    bool
	users    []user
	rr       load.RoundRobin
}

type user struct {
	name, password string
	// hashed is the login password once known: always for unsalted
	// schemes, after the first salt fetch when salts are cached.
	hashed atomic.Pointer[string]
}

var (
	_ load.Targeter = (*Targeter)(nil)
	_ load.Judge    = Judge{}
)

// New returns the CeRTNA factory with opts. For a target it builds: paths
// and hash scheme from the salt_path, login_path and hash_scheme
// settings, users from the credentials of clients/certna.Table
// (user_name and password), the steps salt then login
// for a salted scheme. With env.WrongCredentials every password is
// altered (load.Alter), so every login is refused (DatabaseError).
func New(opts ...Option) load.Factory {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return func(t config.Target, env load.Env) (load.API, error) {
		tg, err := newTargeter(t, env, o)
		if err != nil {
			return load.API{}, err
		}
		return load.API{Targeter: tg, Judge: Judge{}, Steps: tg.steps}, nil
	}
}

func newTargeter(t config.Target, env load.Env, o options) (*Targeter, error) {
	c := client.New(t.BaseURL, env.HTTP)
	c.SaltPath, c.LoginPath = t.Settings[client.SettingSaltPath], t.Settings[client.SettingLoginPath]
	scheme, err := client.ParseHashScheme(t.Settings[client.SettingHashScheme])
	if err != nil {
		return nil, fmt.Errorf("certna targeter: target %s: %w", t.Name, err)
	}
	c.Scheme = scheme
	login, _, err := c.LoginRequest("", "")
	if err != nil {
		return nil, fmt.Errorf("certna targeter: target %s: %w", t.Name, err)
	}
	salt, _, err := c.SaltRequest("")
	if err != nil {
		return nil, fmt.Errorf("certna targeter: target %s: %w", t.Name, err)
	}
	accounts, err := load.Accounts(t, client.Table)
	if err != nil {
		return nil, fmt.Errorf("certna targeter: %w", err)
	}
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	tg := &Targeter{
		c: c, hc: env.HTTP, ctx: ctx, maxBody: env.MaxBody,
		loginURL: login.URL.String(), header: login.Header.Clone(),
		cache: o.cacheSalts,
		users: make([]user, len(accounts)),
	}
	if scheme.Salted() {
		tg.steps = []load.Step{{Name: StepSalt, Path: salt.URL.Path}, {Name: StepLogin, Path: login.URL.Path}}
	}
	for i, a := range accounts {
		u := &tg.users[i]
		u.name, u.password = a[client.CredUserName], a[client.CredPassword]
		if env.WrongCredentials {
			u.password = load.Alter(u.password)
		}
		if !scheme.Salted() {
			h := scheme.Hash(nil, u.password)
			u.hashed.Store(&h)
		}
	}
	return tg, nil
}

// Next fills t with the login of the next user, fetching the user's salt
// first unless it is cached. A refused salt fetch is replayed as the
// hit's answer; a failed one fails the hit.
func (tg *Targeter) Next(t *vegeta.Target) error {
	u := &tg.users[tg.rr.Next(len(tg.users))]
	var hashed string
	if p := u.hashed.Load(); p != nil {
		hashed = *p
	} else {
		salt, ok := tg.salt(t, u)
		if !ok {
			return nil
		}
		hashed = tg.c.Scheme.Hash(salt, u.password)
		if tg.cache {
			u.hashed.Store(&hashed)
		}
	}
	body := make([]byte, 0, 32+len(u.name)+len(hashed))
	t.Method = http.MethodPost
	t.URL = tg.loginURL
	t.Header = tg.header
	t.Body = client.AppendLoginBody(body, u.name, hashed)
	return nil
}

// salt fetches u's salt; when it cannot, it has made t a replay of the
// refusal or a failure and returns false.
func (tg *Targeter) salt(t *vegeta.Target, u *user) ([]byte, bool) {
	req, _, err := tg.c.SaltRequest(u.name)
	if err != nil {
		load.Fail(t, err)
		return nil, false
	}
	x, err := wire.Do(tg.ctx, tg.hc, client.OpSalt, req, nil, tg.maxBody)
	if err != nil {
		load.Fail(t, err)
		return nil, false
	}
	r, err := client.ParseSalt(x)
	if err != nil {
		load.Fail(t, err)
		return nil, false
	}
	if r.Failed() || !r.OK() {
		load.Replay(t, x.Status, x.Header.Get("Content-Type"), x.Body)
		return nil, false
	}
	return r.Salt, true
}

// Judge reads CeRTNA answers.
type Judge struct{}

// Classify is clients/certna's Classify.
func (Judge) Classify(status int, body []byte) (bool, string) {
	return client.Classify(status, body)
}

// Code accepts the documented codes ("DatabaseError", "MISSING_PARAMETER", …).
func (Judge) Code(expect string) (string, error) {
	return load.ValidateCode("certna", expect, []string{
		client.CodeDatabaseError, client.CodeMissingParameter, client.CodeInvalidParameter,
		client.CodeMalformedJSON, client.CodeUnsupportedMediaType, client.CodeBodyTooLarge,
		client.CodeMissingToken, client.CodeInvalidToken, client.CodeMethodNotAllowed, client.CodeNotFound,
	}, nil)
}

// Token returns the access_token of an issuing answer.
func (Judge) Token(status int, header http.Header, body []byte) string {
	r, err := client.ParseLogin(&wire.Exchange{Status: status, Header: header, Body: body})
	if err != nil {
		return ""
	}
	return r.AccessToken
}
