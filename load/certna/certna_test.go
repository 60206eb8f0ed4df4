package certna_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadcertna "github.com/authprobe/authprobe/load/certna"
	"github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// server is the reference server behind a counter of salt fetches.
func server(t testing.TB) (config.Target, *atomic.Int64) {
	t.Helper()
	var salts atomic.Int64
	ref := certna.New(refkit.Options{}, certna.DemoAccounts()...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == client.DefaultSaltPath {
			salts.Add(1)
		}
		ref.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	tg := config.Target{Name: "certna", Profile: "certna", BaseURL: srv.URL}
	for _, a := range certna.DemoAccounts()[:2] {
		tg.Credentials = append(tg.Credentials, map[string]string{"user_name": a.UserName, "password": a.Password})
	}
	return tg, &salts
}

func env() load.Env {
	return load.Env{HTTP: http.DefaultClient, Context: context.Background()}
}

// build returns the targeter and judge for tc, failing the test when
// they cannot be built.
func build(t testing.TB, tc config.Target, e load.Env, opts ...loadcertna.Option) load.API {
	t.Helper()
	api, err := loadcertna.New(opts...)(tc, e)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

type login struct {
	UserName string `json:"user_name"`
	Password string `json:"password"`
}

// Each hit fetches its user's salt and sends the salted hash; users turn
// round-robin.
func TestNextFetchesSaltEachHit(t *testing.T) {
	tc, salts := server(t)
	api := build(t, tc, env())
	tg := api.Targeter
	demo := certna.DemoAccounts()
	for i := 0; i < 4; i++ {
		var tgt vegeta.Target
		if err := tg.Next(&tgt); err != nil {
			t.Fatal(err)
		}
		var body login
		if err := json.Unmarshal(tgt.Body, &body); err != nil {
			t.Fatalf("body %s: %v", tgt.Body, err)
		}
		a := demo[i%2]
		if body.UserName != a.UserName || body.Password != client.HashPassword(a.Salt, a.Password) {
			t.Errorf("hit %d: %+v", i, body)
		}
		if tgt.Method != "POST" || !strings.HasSuffix(tgt.URL, client.DefaultLoginPath) || tgt.Header.Get("Content-Type") != "application/json" {
			t.Errorf("hit %d: %s %s %v", i, tgt.Method, tgt.URL, tgt.Header)
		}
	}
	if salts.Load() != 4 {
		t.Errorf("%d salt fetches for 4 hits", salts.Load())
	}
	steps := api.Steps
	if len(steps) != 2 || steps[0] != (load.Step{Name: "salt", Path: "/user/salt"}) || steps[1] != (load.Step{Name: "login", Path: "/user/login"}) {
		t.Errorf("steps %+v", steps)
	}
}

func TestCachedSaltsFetchOncePerUser(t *testing.T) {
	tc, salts := server(t)
	tg := build(t, tc, env(), loadcertna.CacheSalts(true)).Targeter
	for i := 0; i < 10; i++ {
		var tgt vegeta.Target
		_ = tg.Next(&tgt)
	}
	if salts.Load() != 2 {
		t.Errorf("%d salt fetches for 2 users", salts.Load())
	}
}

// A refused salt fetch is replayed as the hit's answer; an unreachable
// one fails the hit; neither stops the attack with an error.
func TestSaltFailures(t *testing.T) {
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"code":"MISSING_PARAMETER","message":"The query parameter 'user_name' is required."}`))
	}))
	defer refuse.Close()
	tc := config.Target{Name: "c", BaseURL: refuse.URL, Credentials: []map[string]string{{"user_name": "u", "password": "p"}}}
	tg := build(t, tc, env()).Targeter
	var tgt vegeta.Target
	if err := tg.Next(&tgt); err != nil {
		t.Fatalf("Next: %v", err)
	}
	if !strings.Contains(tgt.URL, "replay") || !strings.Contains(string(tgt.Body), "MISSING_PARAMETER") {
		t.Errorf("refused salt: target %+v", tgt)
	}
	tc.BaseURL = "http://127.0.0.1:1"
	tg = build(t, tc, env()).Targeter
	if err := tg.Next(&tgt); err != nil || !strings.Contains(tgt.URL, "fail") {
		t.Errorf("unreachable salt: %v %+v", err, tgt)
	}
}

func TestUnsaltedSchemeHasOneStep(t *testing.T) {
	tc, salts := server(t)
	tc.Settings = map[string]string{"hash_scheme": "sha256"}
	api := build(t, tc, env())
	var tgt vegeta.Target
	_ = api.Targeter.Next(&tgt)
	if salts.Load() != 0 || api.Steps != nil {
		t.Errorf("unsalted scheme fetched %d salts, steps %v", salts.Load(), api.Steps)
	}
	tc.Settings = map[string]string{"hash_scheme": "md5"}
	if _, err := loadcertna.New()(tc, env()); err == nil {
		t.Error("accepted hash_scheme md5")
	}
}

func TestWrongCredentialsAndCodes(t *testing.T) {
	tc, _ := server(t)
	e := env()
	e.WrongCredentials = true
	api := build(t, tc, e, loadcertna.CacheSalts(true))
	var tgt vegeta.Target
	_ = api.Targeter.Next(&tgt)
	var body login
	_ = json.Unmarshal(tgt.Body, &body)
	a := certna.DemoAccounts()[0]
	if body.Password != client.HashPassword(a.Salt, load.Alter(a.Password)) {
		t.Errorf("wrong-credentials body %s", tgt.Body)
	}
	if c, err := api.Judge.Code("DatabaseError"); err != nil || c != "DatabaseError" {
		t.Errorf("Code: %q %v", c, err)
	}
	if c, err := api.Judge.Code("databaseerror"); err != nil || c != "DatabaseError" {
		t.Errorf("Code (any case): %q %v", c, err)
	}
	if _, err := api.Judge.Code("2003"); err == nil {
		t.Error("Code accepted 2003")
	}
}

// BenchmarkCeRTNATargeter builds login hits with cached salts: the hot
// path when only the login is the hit.
func BenchmarkCeRTNATargeter(b *testing.B) {
	tc, _ := server(b)
	tg := build(b, tc, env(), loadcertna.CacheSalts(true)).Targeter
	var tgt vegeta.Target
	_ = tg.Next(&tgt) // fill the cache
	_ = tg.Next(&tgt)
	b.ReportAllocs()
	for b.Loop() {
		_ = tg.Next(&tgt)
	}
}

// BenchmarkCeRTNATargeterWithSalt includes the salt fetch over loopback
// and the salted hash: the two-step flow's building cost.
func BenchmarkCeRTNATargeterWithSalt(b *testing.B) {
	tc, _ := server(b)
	tg := build(b, tc, env()).Targeter
	b.ReportAllocs()
	var tgt vegeta.Target
	for b.Loop() {
		_ = tg.Next(&tgt)
	}
}
