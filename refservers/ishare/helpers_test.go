package ishare_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// env is a reference server on a manual clock, reached through the client.
type env struct {
	t     testing.TB
	srv   *ishare.Server
	url   string
	hc    *http.Client
	c     *client.Client
	clock *clock.Manual
	acct  ishare.Account // the main demo account
	other ishare.Account // a second client with schedules
}

// start runs a server with the given faults on a manual clock.
func start(t testing.TB, o refkit.Options, faults ...string) *env {
	t.Helper()
	return startWith(t, o, ishare.Config{}, faults...)
}

// startWith is start with an iShare Config.
func startWith(t testing.TB, o refkit.Options, cfg ishare.Config, faults ...string) *env {
	t.Helper()
	fs, err := refkit.ParseFaults("ishare", ishare.Faults, faults)
	if err != nil {
		t.Fatal(err)
	}
	o.Faults = fs
	mc := clock.NewManual()
	o.TestClock = mc
	srv := ishare.NewServer(o, cfg)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := client.New(ts.URL, ts.Client())
	c.Namespace = cfg.Namespace
	demo := ishare.DemoAccounts()
	return &env{t: t, srv: srv, url: ts.URL, hc: ts.Client(), c: c, clock: mc, acct: demo[0], other: demo[1]}
}

func ctx() context.Context { return context.Background() }

const minute = time.Minute

// login creates a session key for a and fails the test unless one is
// issued.
func (e *env) login(a ishare.Account) *client.SessionKeyResult {
	e.t.Helper()
	r, err := e.c.CreateSessionKey(ctx(), a.Username, a.Password, a.Key)
	if err != nil {
		e.t.Fatalf("CreateSessionKey(%s): %v", a.Username, err)
	}
	if !r.Success {
		e.t.Fatalf("CreateSessionKey(%s) refused: %s", a.Username, describe(r.Error, r.Fault))
	}
	return r
}

// schedule calls GetUserSchedule and fails the test on a transport or shape
// error.
func (e *env) schedule(clientID int, key string) *client.ScheduleResult {
	e.t.Helper()
	r, err := e.c.GetUserSchedule(ctx(), clientID, key)
	if err != nil {
		e.t.Fatalf("GetUserSchedule(%d): %v", clientID, err)
	}
	return r
}

// send posts a raw SOAP body with the usual headers of method.
func (e *env) send(method string, body []byte) *wire.Exchange {
	e.t.Helper()
	x, err := e.c.Send(ctx(), http.MethodPost, "", body, e.c.SOAPHeader(method))
	if err != nil {
		e.t.Fatalf("Send %s: %v", method, err)
	}
	return x
}

// describe prints an Error or Fault for a message.
func describe(er *client.Error, f *client.Fault) string {
	switch {
	case f != nil:
		return "soap:Fault " + f.Code + ": " + f.String
	case er != nil:
		return er.Code + " " + er.Description
	}
	return "no error"
}

// wantError fails unless r is a documented failure with code: Success
// false, the documented description, HTTP 200, no ClientId or SessionKey.
func wantError(t testing.TB, what string, r *client.SessionKeyResult, code string) {
	t.Helper()
	if r.Success || r.Error == nil || r.Error.Code != code || r.Error.Description != client.Descriptions[code] {
		t.Errorf("%s: got Success=%v %s, want Success=false %s %s", what, r.Success, describe(r.Error, r.Fault), code, client.Descriptions[code])
		return
	}
	if r.HasClientID || r.SessionKey != "" {
		t.Errorf("%s: a failure carried ClientId=%v SessionKey=%q", what, r.HasClientID, r.SessionKey)
	}
	if r.Exchange.Status != http.StatusOK {
		t.Errorf("%s: HTTP %d, want 200", what, r.Exchange.Status)
	}
}

// wantScheduleError is wantError for GetUserSchedule.
func wantScheduleError(t testing.TB, what string, r *client.ScheduleResult, code string) {
	t.Helper()
	if r.Success || r.Error == nil || r.Error.Code != code || r.Error.Description != client.Descriptions[code] {
		t.Errorf("%s: got Success=%v %s, want Success=false %s %s", what, r.Success, describe(r.Error, r.Fault), code, client.Descriptions[code])
		return
	}
	if len(r.Schedules) != 0 {
		t.Errorf("%s: a failure carried %d schedules", what, len(r.Schedules))
	}
	if r.Exchange.Status != http.StatusOK {
		t.Errorf("%s: HTTP %d, want 200", what, r.Exchange.Status)
	}
}

// wantFault fails unless x is a soap:Fault with the HTTP status and a
// faultcode ending in code (Client, Sender, Server, VersionMismatch) whose
// text contains reason.
func wantFault(t testing.TB, c *client.Client, what string, x *wire.Exchange, status int, code, reason string) {
	t.Helper()
	r, err := c.ParseCreateSessionKey(x)
	if err != nil {
		t.Errorf("%s: want a soap:Fault, parse failed: %v\n%s", what, err, x.Body)
		return
	}
	if r.Fault == nil {
		t.Errorf("%s: want a soap:Fault, got Success=%v %s", what, r.Success, describe(r.Error, nil))
		return
	}
	if x.Status != status || !strings.HasSuffix(r.Fault.Code, ":"+code) || !strings.Contains(r.Fault.String, reason) {
		t.Errorf("%s: got HTTP %d fault %s %q, want HTTP %d fault *:%s containing %q", what, x.Status, r.Fault.Code, r.Fault.String, status, code, reason)
	}
}
