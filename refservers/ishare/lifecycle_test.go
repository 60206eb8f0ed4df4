package ishare_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"testing"
	"time"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// guidV4 is the shape of the reference's session keys.
var guidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// wantSchedules fails unless r is a success carrying the account's
// schedules.
func wantSchedules(t *testing.T, what string, r *client.ScheduleResult, a ishare.Account) {
	t.Helper()
	if !r.Success || r.Error != nil {
		t.Fatalf("%s: got Success=%v %s, want the schedules of client %d", what, r.Success, describe(r.Error, r.Fault), a.ClientID)
	}
	if len(r.Schedules) != len(a.Schedules) {
		t.Fatalf("%s: %d schedules, want %d", what, len(r.Schedules), len(a.Schedules))
	}
	for i, s := range a.Schedules {
		got := r.Schedules[i]
		if got.UserID != s.UserID || got.Interval != s.Interval || !got.LastRun.Equal(s.LastRun) {
			t.Errorf("%s: schedule %d is %+v, want %+v", what, i, got, s)
		}
	}
}

// TestLifecycle walks the documented flow in each binding: CreateSessionKey
// issues a ClientId and a random key, GetUserSchedule accepts them until
// the session lifetime (20 minutes from creation, not extended by use) is
// over, then answers 1001.
func TestLifecycle(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version client.SOAPVersion
		get     bool
	}{
		{"soap11", client.SOAP11, false},
		{"soap12", client.SOAP12, false},
		{"http-get", client.SOAP11, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, refkit.Options{})
			e.c.Version = tc.version
			login := func() *client.SessionKeyResult {
				if !tc.get {
					return e.login(e.acct)
				}
				r, err := e.c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
				if err != nil || !r.Success {
					t.Fatalf("CreateSessionKeyGET: %v %+v", err, r)
				}
				return r
			}
			use := func(id int, key string) *client.ScheduleResult {
				if !tc.get {
					return e.schedule(id, key)
				}
				r, err := e.c.GetUserScheduleGET(ctx(), id, key)
				if err != nil {
					t.Fatalf("GetUserScheduleGET: %v", err)
				}
				return r
			}
			r := login()
			if r.ClientID != e.acct.ClientID || !r.HasClientID || r.Error != nil {
				t.Fatalf("login: ClientId %d (present %v), error %v; want %d", r.ClientID, r.HasClientID, r.Error, e.acct.ClientID)
			}
			if !guidV4.MatchString(r.SessionKey) {
				t.Errorf("session key %q is not a random (v4) GUID", r.SessionKey)
			}
			ct := "text/xml"
			if tc.version == client.SOAP12 && !tc.get {
				ct = "application/soap+xml"
			}
			wantContentType(t, r.Exchange, ct)
			if cc := r.Exchange.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("an answer carrying a key has Cache-Control %q, want no-store", cc)
			}
			wantSchedules(t, "fresh key", use(r.ClientID, r.SessionKey), e.acct)

			e.clock.Advance(19 * minute)
			wantSchedules(t, "key at 19m", use(r.ClientID, r.SessionKey), e.acct)
			second := login()
			if second.SessionKey == r.SessionKey {
				t.Fatal("a second CreateSessionKey returned the same key")
			}
			e.clock.Advance(2 * minute)
			wantScheduleError(t, "key at 21m (use at 19m does not extend it)", use(r.ClientID, r.SessionKey), client.CodeInvalidSessionKey)
			wantSchedules(t, "a key created at 19m, used at 21m", use(second.ClientID, second.SessionKey), e.acct)
			e.clock.Advance(2 * time.Hour)
			wantScheduleError(t, "key after purge", use(r.ClientID, r.SessionKey), client.CodeInvalidSessionKey)
		})
	}
}

// wantContentType fails unless the answer came with the media type want.
func wantContentType(t *testing.T, x *wire.Exchange, want string) {
	t.Helper()
	if got := x.ContentType(); got != want {
		t.Errorf("content type %q, want %q", got, want)
	}
}

// TestEveryClientHasItsOwnSchedules checks that each key reads its own
// client's schedules, and that a client without schedules gets an empty
// list, not an error.
func TestEveryClientHasItsOwnSchedules(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, a := range ishare.DemoAccounts()[:3] {
		r := e.login(a)
		wantSchedules(t, a.Username, e.schedule(r.ClientID, r.SessionKey), a)
	}
}

// TestTTLOverride checks that Options.TTL replaces the 20-minute lifetime.
func TestTTLOverride(t *testing.T) {
	e := start(t, refkit.Options{TTL: 3 * time.Second})
	r := e.login(e.acct)
	e.clock.Advance(2 * time.Second)
	wantSchedules(t, "key at 2s", e.schedule(r.ClientID, r.SessionKey), e.acct)
	e.clock.Advance(2 * time.Second)
	wantScheduleError(t, "key at 4s with a 3s TTL", e.schedule(r.ClientID, r.SessionKey), client.CodeInvalidSessionKey)
}

// TestRealClockTTL runs a server on the real clock with a short TTL, as the
// suites do with clock: real.
func TestRealClockTTL(t *testing.T) {
	srv := ishare.NewServer(refkit.Options{TTL: 300 * time.Millisecond}, ishare.Config{})
	ts := newServer(t, srv.Handler())
	c := client.New(ts, nil)
	a := ishare.DemoAccounts()[0]
	r, err := c.CreateSessionKey(ctx(), a.Username, a.Password, a.Key)
	if err != nil || !r.Success {
		t.Fatalf("login: %v %+v", err, r)
	}
	time.Sleep(400 * time.Millisecond)
	s, err := c.GetUserSchedule(ctx(), r.ClientID, r.SessionKey)
	if err != nil {
		t.Fatal(err)
	}
	wantScheduleError(t, "key after its real-time TTL", s, client.CodeInvalidSessionKey)
}

// TestKeysAreUniqueAndUnrelatedToCredentials logs in many times: every key
// is new, a v4 GUID, and none equals or contains a credential.
func TestKeysAreUniqueAndUnrelatedToCredentials(t *testing.T) {
	e := start(t, refkit.Options{})
	seen := map[string]bool{}
	for i := 0; i < 300; i++ {
		k := e.login(e.acct).SessionKey
		if seen[k] {
			t.Fatalf("key %s issued twice in %d logins", k, i+1)
		}
		seen[k] = true
		if !guidV4.MatchString(k) || k == e.acct.Password || k == e.acct.Key {
			t.Fatalf("key %q is not an independent random GUID", k)
		}
	}
}

// TestDemoAccountsAreFixed checks the demo data: deterministic, at least
// four accounts, distinct usernames and ClientIds, the main one first.
func TestDemoAccountsAreFixed(t *testing.T) {
	a, b := ishare.DemoAccounts(), ishare.DemoAccounts()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("DemoAccounts is not deterministic")
	}
	if len(a) < 4 || a[0].Username != "mycouncil" || a[0].ClientID != 7 || a[0].FailSessionCreation {
		t.Fatalf("demo accounts: %+v", a)
	}
	users, ids := map[string]bool{}, map[int]bool{}
	for _, x := range a {
		if users[x.Username] || ids[x.ClientID] {
			t.Fatalf("duplicate demo account %s / %d", x.Username, x.ClientID)
		}
		users[x.Username], ids[x.ClientID] = true, true
	}
}

// TestCustomAccounts checks New with caller-given accounts: only they
// log in, and later changes to the caller's slice do not reach the server.
func TestCustomAccounts(t *testing.T) {
	accts := []ishare.Account{{Username: "solo", Password: "pw-solo-123", Key: "K-1", ClientID: 99,
		Schedules: []ishare.Schedule{{UserID: 1, Interval: 60, LastRun: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}}}
	url := newServer(t, ishare.New(refkit.Options{}, accts...))
	accts[0].Password = "changed"
	accts[0].Schedules[0].UserID = 2
	c := client.New(url, nil)
	r, err := c.CreateSessionKey(ctx(), "solo", "pw-solo-123", "K-1")
	if err != nil || !r.Success || r.ClientID != 99 {
		t.Fatalf("custom account: %v %+v", err, r)
	}
	s, err := c.GetUserSchedule(ctx(), 99, r.SessionKey)
	if err != nil || !s.Success || len(s.Schedules) != 1 || s.Schedules[0].UserID != 1 {
		t.Fatalf("custom schedules: %v %+v", err, s)
	}
	d := ishare.DemoAccounts()[0]
	if r, err := c.CreateSessionKey(ctx(), d.Username, d.Password, d.Key); err != nil || r.Success {
		t.Fatalf("a demo account logged in to a server given other accounts: %v %+v", err, r)
	}
}

// TestDescriptor checks the registry entry: name, faults, default TTL and
// the demo credentials under the profile's keys, which log in.
func TestDescriptor(t *testing.T) {
	d := ishare.Descriptor()
	if d.Name != "ishare" || d.Title == "" || d.DefaultTTL != 20*time.Minute || len(d.Faults) != len(ishare.Faults) {
		t.Fatalf("descriptor: %+v", d)
	}
	h, creds := d.New(refkit.Options{})
	if len(creds) != len(ishare.DemoAccounts())-1 || creds[0]["username"] != ishare.DemoAccounts()[0].Username {
		t.Fatalf("credentials %v: want every demo account but the 1019 one, main first", creds)
	}
	c := client.New(newServer(t, h), nil)
	for _, cr := range creds {
		if len(cr) != 3 || cr["username"] == "" || cr["password"] == "" || cr["key"] == "" {
			t.Fatalf("credentials %v: want exactly username, password, key", cr)
		}
		if r, err := c.CreateSessionKey(ctx(), cr["username"], cr["password"], cr["key"]); err != nil || !r.Success {
			t.Fatalf("demo credentials %s do not log in: %v %+v", cr["username"], err, r)
		}
	}
	if err := client.CheckSettings(d.Settings); err != nil {
		t.Fatalf("the descriptor's settings are not ishare settings: %v", err)
	}
	s := d.Settings
	r, err := c.CreateSessionKey(ctx(), s[client.SettingError1019Username], s[client.SettingError1019Password], s[client.SettingError1019Key])
	if err != nil || r.Code() != client.CodeSessionKeyError {
		t.Fatalf("the 1019 settings %v: %v %+v", s, err, r)
	}
}

// newServer serves h and returns its URL.
func newServer(t testing.TB, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
