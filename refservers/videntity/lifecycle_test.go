package videntity_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

func TestLifecycle(t *testing.T) {
	e := start(t, refkit.Options{})
	login := e.login()
	wantSuccess(t, "login", login, "/session/login", client.DetailLogin)
	key := login.SessionKey
	if !keyPattern.MatchString(key) {
		t.Errorf("key %q is not 32 alphanumerics", key)
	}
	if ct := login.Exchange.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := login.Exchange.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store on an answer carrying a key", cc)
	}
	if !strings.HasPrefix(string(login.Exchange.Body), `<?xml version="1.0" encoding="utf-8"?>`+"\n<response api_method=\"/session/login\">\n<status>SUCCESS</status>\n") {
		t.Errorf("body does not start like the vendor's example:\n%s", login.Exchange.Body)
	}

	// A ping before expiry resets the timer to 30 minutes from the ping.
	e.clock.Advance(29 * minute)
	wantSuccess(t, "ping at 29m", e.mustPing(key), "/session/ping", client.DetailPing)
	e.clock.Advance(29 * minute)
	p := e.mustPing(key)
	wantSuccess(t, "ping at 58m (29m after the last ping)", p, "/session/ping", client.DetailPing)
	if p.SessionKey != key {
		t.Errorf("ping answer carries key %q, want the pinged key", p.SessionKey)
	}

	// 30 minutes after the last ping the session has expired.
	e.clock.Advance(30*minute + time.Second)
	wantError(t, "ping after expiry", e.mustPing(key), client.ErrSessionExpired)
	wantError(t, "ping after expiry, again", e.mustPing(key), client.ErrSessionExpired)
	// Logout of an expired key deletes it but never accepts it.
	wantError(t, "logout after expiry", e.mustLogout(key), client.ErrSessionExpired)
	wantError(t, "ping after expired logout", e.mustPing(key), client.ErrSessionDoesNotExist)

	// A fresh login gets a fresh key; logout deletes it.
	key2 := e.login().SessionKey
	if key2 == key {
		t.Fatal("a second login reused the first key")
	}
	wantSuccess(t, "logout", e.mustLogout(key2), "/session/logout", client.DetailLogout)
	wantError(t, "ping after logout", e.mustPing(key2), client.ErrSessionDoesNotExist)
	wantError(t, "logout after logout", e.mustLogout(key2), client.ErrSessionDoesNotExist)
}

func TestExpiryWithoutPing(t *testing.T) {
	e := start(t, refkit.Options{})
	key := e.login().SessionKey
	e.clock.Advance(30*minute - 5*time.Second)
	wantSuccess(t, "ping just before 30m", e.mustPing(key), "/session/ping", client.DetailPing)

	key2 := e.login().SessionKey
	e.clock.Advance(30 * minute)
	wantError(t, "ping at 30m", e.mustPing(key2), client.ErrSessionExpired)
	// Once purged (the store keeps expired keys an hour), the key is unknown.
	e.clock.Advance(2 * time.Hour)
	wantError(t, "ping after purge", e.mustPing(key2), client.ErrSessionDoesNotExist)
}

func TestBothLoginPaths(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, path := range []string{videntity.LoginPath, videntity.LoginPathAlt} {
		e.c.LoginPath = path
		r := e.login()
		wantSuccess(t, path, r, "/session/login", client.DetailLogin)
		wantSuccess(t, path+" key pings", e.mustPing(r.SessionKey), "/session/ping", client.DetailPing)
	}
}

func TestEveryDemoAccountLogsIn(t *testing.T) {
	e := start(t, refkit.Options{})
	accounts := videntity.DemoAccounts()
	if len(accounts) < 4 {
		t.Fatalf("%d demo accounts, want at least 4", len(accounts))
	}
	seen := map[string]bool{}
	for _, a := range accounts {
		if !regexp.MustCompile(`^[0-9]{15}$`).MatchString(a.AccountNumber) || !regexp.MustCompile(`^[A-Za-z0-9]{15}$`).MatchString(a.Password) {
			t.Errorf("account %s: account number %q / password %q not in the vendor's format", a.Username, a.AccountNumber, a.Password)
		}
		if seen[a.Username] {
			t.Errorf("username %s repeated", a.Username)
		}
		seen[a.Username] = true
		r, err := e.c.Login(ctx(), a.Username, a.Password, a.AccountNumber)
		if err != nil || !r.OK() {
			t.Errorf("account %s: %v %+v", a.Username, err, r)
		}
	}
}

func TestCustomAccounts(t *testing.T) {
	o := refkit.Options{TestClock: nil}
	ts := newPlainServer(t, videntity.New(o,
		videntity.Account{Username: "only", Password: "p<&>\"'w", AccountNumber: "1"},
		videntity.Account{Username: "only", Password: "second", AccountNumber: "2"}))
	c := client.New(ts, nil)
	r, err := c.Login(ctx(), "only", "p<&>\"'w", "1")
	if err != nil || !r.OK() {
		t.Fatalf("custom account refused: %v %+v", err, r)
	}
	r, err = c.Login(ctx(), "only", "second", "2")
	if err != nil || r.ErrorNumber != client.ErrAuthentication {
		t.Fatalf("a repeated username must keep its first account: %v %+v", err, r)
	}
	r, err = c.Login(ctx(), "foobar", "Ry5NvPky2jBjshT", "514778845023264")
	if err != nil || r.ErrorNumber != client.ErrAuthentication {
		t.Fatalf("demo accounts must not be accepted when accounts are given: %v %+v", err, r)
	}
}

func TestTimestampFollowsServerClock(t *testing.T) {
	e := start(t, refkit.Options{})
	e.clock.Advance(90 * minute)
	r := e.login()
	ts, err := r.ParseTimestamp()
	if err != nil {
		t.Fatal(err)
	}
	if d := ts.Sub(e.clock.Now()); d > 2*time.Second || d < -2*time.Second {
		t.Errorf("timestamp %s is %v away from the server clock %s", r.Timestamp, d, e.clock.Now())
	}
}

func TestTxNumbersIncrease(t *testing.T) {
	e := start(t, refkit.Options{})
	var last int64
	for i := 0; i < 5; i++ {
		var r *client.Response
		if i%2 == 0 {
			r = e.login()
		} else {
			r = e.mustPing("no-such-key")
		}
		if r.TxNumber <= last {
			t.Fatalf("api_tx_number %d after %d", r.TxNumber, last)
		}
		last = r.TxNumber
	}
}

func TestTTLOverrideOnManualClock(t *testing.T) {
	e := start(t, refkit.Options{TTL: 5 * minute})
	if e.srv.TTL() != 5*minute {
		t.Fatalf("TTL() = %v", e.srv.TTL())
	}
	key := e.login().SessionKey
	e.clock.Advance(4 * minute)
	wantSuccess(t, "ping at 4m", e.mustPing(key), "/session/ping", client.DetailPing)
	e.clock.Advance(5*minute + time.Second)
	wantError(t, "ping 5m after the last ping", e.mustPing(key), client.ErrSessionExpired)
}

func TestTTLOverrideOnRealClock(t *testing.T) {
	ts := newPlainServer(t, videntity.New(refkit.Options{TTL: 300 * time.Millisecond}))
	c := client.New(ts, nil)
	a := videntity.DemoAccounts()[0]
	r, err := c.Login(ctx(), a.Username, a.Password, a.AccountNumber)
	if err != nil || !r.OK() {
		t.Fatalf("login: %v %+v", err, r)
	}
	time.Sleep(400 * time.Millisecond)
	p, err := c.Ping(ctx(), r.SessionKey)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, "ping after the real TTL", p, client.ErrSessionExpired)
}

func TestDescriptor(t *testing.T) {
	d := videntity.Descriptor()
	if d.Name != "videntity" || d.Title == "" || d.DefaultTTL != 30*minute || len(d.Faults) != len(videntity.Faults) {
		t.Fatalf("descriptor %+v", d)
	}
	h, creds := d.New(refkit.Options{})
	if len(creds) < 4 {
		t.Fatalf("%d demo credentials", len(creds))
	}
	first := creds[0]
	if first["username"] != "foobar" || first["password"] != "Ry5NvPky2jBjshT" || first["account_number"] != "514778845023264" || len(first) != 3 {
		t.Fatalf("first credentials %v", first)
	}
	c := client.New(newPlainServer(t, h), nil)
	for _, cr := range creds {
		r, err := c.Login(ctx(), cr["username"], cr["password"], cr["account_number"])
		if err != nil || !r.OK() {
			t.Errorf("descriptor credentials %v refused: %v %+v", cr["username"], err, r)
		}
	}
}

func TestClockControlEndpointOnlyInTestClockMode(t *testing.T) {
	plain := newPlainServer(t, videntity.New(refkit.Options{}))
	resp, err := http.Get(plain + "/_authprobe/clock")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("clock control without a test clock: HTTP %d, want 403", resp.StatusCode)
	}
	e := start(t, refkit.Options{})
	resp, err = http.Get(e.url + "/_authprobe/clock")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("clock control with a test clock: HTTP %d, want 200", resp.StatusCode)
	}
}
