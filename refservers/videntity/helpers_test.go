package videntity_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// env is a reference server on a manual clock, reached through the client.
type env struct {
	t     testing.TB
	srv   *videntity.Server
	url   string
	c     *client.Client
	clock *clock.Manual
	acct  videntity.Account
	// logins is how many logins a uniqueness check makes: enough to see a
	// repeat among 2^16 keys (1200: a miss has odds of about 1 in 60,000).
	logins int
}

// start runs a server with the given faults on a manual clock.
func start(t testing.TB, o refkit.Options, faults ...string) *env {
	t.Helper()
	fs, err := refkit.ParseFaults("videntity", videntity.Faults, faults)
	if err != nil {
		t.Fatal(err)
	}
	o.Faults = fs
	mc := clock.NewManual()
	o.TestClock = mc
	srv := videntity.NewServer(o)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, srv: srv, url: ts.URL, c: client.New(ts.URL, ts.Client()), clock: mc, acct: videntity.DemoAccounts()[0], logins: 1200}
}

func ctx() context.Context { return context.Background() }

// login logs in with the main demo account and fails the test unless a key
// is issued.
func (e *env) login() *client.Response {
	e.t.Helper()
	r, err := e.c.Login(ctx(), e.acct.Username, e.acct.Password, e.acct.AccountNumber)
	if err != nil {
		e.t.Fatalf("login: %v", err)
	}
	if !r.OK() {
		e.t.Fatalf("login refused: %d %s %s", r.ErrorNumber, r.ErrorName, r.ErrorDetail)
	}
	return r
}

// mustPing pings and fails the test on a transport or shape error.
func (e *env) mustPing(key string) *client.Response {
	e.t.Helper()
	r, err := e.c.Ping(ctx(), key)
	if err != nil {
		e.t.Fatalf("ping: %v", err)
	}
	return r
}

// mustLogout logs out and fails the test on a transport or shape error.
func (e *env) mustLogout(key string) *client.Response {
	e.t.Helper()
	r, err := e.c.Logout(ctx(), key)
	if err != nil {
		e.t.Fatalf("logout: %v", err)
	}
	return r
}

// wantError fails unless r is the documented error number/name.
func wantError(t testing.TB, what string, r *client.Response, number int) {
	t.Helper()
	if r.OK() || r.ErrorNumber != number || r.ErrorName != client.ErrorNames[number] {
		t.Errorf("%s: got %s %d %s (%s), want ERROR %d %s", what, r.Status, r.ErrorNumber, r.ErrorName, r.ErrorDetail, number, client.ErrorNames[number])
	}
	if r.HTTPStatus() != 200 {
		t.Errorf("%s: HTTP %d, want 200", what, r.HTTPStatus())
	}
	if m := r.MissingFields(); len(m) != 0 {
		t.Errorf("%s: answer lacks %v", what, m)
	}
}

// wantSuccess fails unless r is a SUCCESS of the method with its detail.
func wantSuccess(t testing.TB, what string, r *client.Response, apiMethod, detail string) {
	t.Helper()
	if !r.OK() || r.APIMethod != apiMethod || r.Detail != detail {
		t.Errorf("%s: got %s %q %q (error %d %s), want SUCCESS %q %q", what, r.Status, r.APIMethod, r.Detail, r.ErrorNumber, r.ErrorDetail, apiMethod, detail)
	}
	if m := r.MissingFields(); len(m) != 0 {
		t.Errorf("%s: answer lacks %v", what, m)
	}
}

// minute helps read clock moves.
const minute = time.Minute

// newPlainServer serves h and returns its URL.
func newPlainServer(t testing.TB, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
