package certna_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	refcertna "github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

var guidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// startServer runs the reference server with the demo accounts on a
// manual clock.
func startServer(t *testing.T, o refkit.Options) (*certna.Client, *clock.Manual) {
	t.Helper()
	mc := clock.NewManual()
	o.TestClock, o.Clock = mc, mc
	srv := httptest.NewServer(refcertna.New(o, refcertna.DemoAccounts()...))
	t.Cleanup(srv.Close)
	return certna.New(srv.URL, srv.Client()), mc
}

func mustLogin(t *testing.T, c *certna.Client, user, password string) *certna.LoginResult {
	t.Helper()
	r, err := c.Login(context.Background(), user, password)
	if err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	if !r.OK() {
		t.Fatalf("login %s refused: %s %s", user, r.FailureCode(), r.FailureMessage())
	}
	return r
}

// storeRefused checks a StoreChecksum answer is the given refusal at 401.
func storeRefused(t *testing.T, c *certna.Client, token, code string) {
	t.Helper()
	r, err := c.StoreChecksum(context.Background(), token, certna.Checksum([]byte("doc")))
	if err != nil {
		t.Fatalf("store checksum: %v", err)
	}
	if r.OK() || r.FailureCode() != code || r.Exchange.Status != http.StatusUnauthorized {
		t.Fatalf("store checksum answered %d %s %q, want 401 %s", r.Exchange.Status, r.ChecksumKey, r.FailureCode(), code)
	}
}

// storeOK checks StoreChecksum accepts token with a GUID checksum_key.
func storeOK(t *testing.T, c *certna.Client, token string) {
	t.Helper()
	r, err := c.StoreChecksum(context.Background(), token, certna.Checksum([]byte("Deed of Trust, APN 123-456-789")))
	if err != nil {
		t.Fatalf("store checksum: %v", err)
	}
	if !r.OK() || !guidV4.MatchString(r.ChecksumKey) || r.Exchange.Status != http.StatusOK {
		t.Fatalf("store checksum answered %d %+v, want 200 with a GUID checksum_key", r.Exchange.Status, r)
	}
}

func TestLifecycle(t *testing.T) {
	c, mc := startServer(t, refkit.Options{})
	ctx := context.Background()
	seen := map[string]bool{}
	for _, a := range refcertna.DemoAccounts() {
		s1, err := c.Salt(ctx, a.UserName)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := c.Salt(ctx, a.UserName)
		if err != nil {
			t.Fatal(err)
		}
		if !s1.OK() || !bytes.Equal(s1.Salt, a.Salt) || !bytes.Equal(s2.Salt, s1.Salt) || len(s1.Salt) != 16 {
			t.Errorf("%s: salts %x %x, want the account's stable 16-byte salt %x", a.UserName, s1.Salt, s2.Salt, a.Salt)
		}
		r := mustLogin(t, c, a.UserName, a.Password)
		if !guidV4.MatchString(r.AccessToken) || seen[r.AccessToken] {
			t.Errorf("%s: token %q is not a fresh GUID v4", a.UserName, r.AccessToken)
		}
		seen[r.AccessToken] = true
		if r.Exchange.Status != http.StatusOK || r.Exchange.ContentType() != "application/json" || r.Hashed != certna.HashPassword(a.Salt, a.Password) {
			t.Errorf("%s: login exchange %d %s", a.UserName, r.Exchange.Status, r.Exchange.ContentType())
		}
		if got := r.Exchange.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("login answer Cache-Control %q, want no-store", got)
		}
		storeOK(t, c, r.AccessToken)
	}

	// Idle lifetime: each authorized call extends the session by 20 minutes.
	main := refcertna.DemoAccounts()[0]
	tok := mustLogin(t, c, main.UserName, main.Password).AccessToken
	mc.Advance(19 * time.Minute)
	storeOK(t, c, tok)
	mc.Advance(19 * time.Minute)
	storeOK(t, c, tok) // 38 minutes after login, 19 after the last use
	mc.Advance(20*time.Minute + time.Second)
	storeRefused(t, c, tok, certna.CodeInvalidToken)
	mc.Advance(2 * time.Hour) // past the store's grace: purged, still refused alike
	storeRefused(t, c, tok, certna.CodeInvalidToken)

	// A second login gives a new token; logout kills only that one.
	t1 := mustLogin(t, c, main.UserName, main.Password).AccessToken
	t2 := mustLogin(t, c, main.UserName, main.Password).AccessToken
	if t1 == t2 {
		t.Fatalf("two logins returned the same token")
	}
	lr, err := c.Logout(ctx, t1)
	if err != nil || !lr.OK() || lr.Exchange.Status != http.StatusNoContent {
		t.Fatalf("logout: %+v %v, want 204", lr, err)
	}
	storeRefused(t, c, t1, certna.CodeInvalidToken)
	storeOK(t, c, t2)
	lr, err = c.Logout(ctx, t1)
	if err != nil || lr.OK() || lr.FailureCode() != certna.CodeInvalidToken || lr.Exchange.Status != http.StatusUnauthorized {
		t.Fatalf("second logout: %+v %v, want 401 INVALID_TOKEN", lr, err)
	}
}

func TestExpiryWithoutUse(t *testing.T) {
	c, mc := startServer(t, refkit.Options{})
	a := refcertna.DemoAccounts()[1]
	tok := mustLogin(t, c, a.UserName, a.Password).AccessToken
	mc.Advance(refcertna.DefaultTTL - time.Second)
	storeOK(t, c, tok)
	mc.Advance(refcertna.DefaultTTL + time.Second)
	storeRefused(t, c, tok, certna.CodeInvalidToken)
	lr, err := c.Logout(context.Background(), tok)
	if err != nil || lr.FailureCode() != certna.CodeInvalidToken {
		t.Fatalf("logout of an expired token: %+v %v", lr, err)
	}
}

// Options.TTL overrides the lifetime, so a real-clock server expires fast.
func TestRealClockShortTTL(t *testing.T) {
	srv := httptest.NewServer(refcertna.New(refkit.Options{TTL: 2 * time.Second}, refcertna.DemoAccounts()...))
	defer srv.Close()
	c := certna.New(srv.URL, nil)
	a := refcertna.DemoAccounts()[0]
	tok := mustLogin(t, c, a.UserName, a.Password).AccessToken
	storeOK(t, c, tok)
	time.Sleep(2200 * time.Millisecond)
	storeRefused(t, c, tok, certna.CodeInvalidToken)
}

// Every way of getting the password wrong is refused exactly like a wrong
// password: the same 500 Exception, byte for byte.
func TestLoginRefusalsAreIdentical(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	ctx := context.Background()
	accts := refcertna.DemoAccounts()
	a, other := accts[0], accts[1]
	wrong, err := c.Login(ctx, a.UserName, "not-the-password")
	if err != nil {
		t.Fatal(err)
	}
	if wrong.OK() || wrong.Exchange.Status != http.StatusInternalServerError || wrong.Exception == nil ||
		wrong.Exception.Code != certna.CodeDatabaseError || wrong.Exception.Message != certna.MessageInvalidCredentials {
		t.Fatalf("wrong password answered %d %s", wrong.Exchange.Status, wrong.Exchange.Body)
	}
	random := []byte("0123456789abcdef")
	variants := map[string]func() (*certna.LoginResult, error){
		"unknown user": func() (*certna.LoginResult, error) { return c.Login(ctx, "no.such.user", a.Password) },
		"unsalted sha256": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.SHA256.Hash(nil, a.Password))
		},
		"unsalted sha1": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.SHA1.Hash(nil, a.Password))
		},
		"salted sha1": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.SaltedSHA1.Hash(a.Salt, a.Password))
		},
		"plain text": func() (*certna.LoginResult, error) { return c.LoginHashed(ctx, a.UserName, a.Password) },
		"other user's salt": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.HashPassword(other.Salt, a.Password))
		},
		"stale or random salt": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.HashPassword(random, a.Password))
		},
		"other user's password": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, certna.HashPassword(a.Salt, other.Password))
		},
		"not base64": func() (*certna.LoginResult, error) { return c.LoginHashed(ctx, a.UserName, "%%%%") },
		"too long": func() (*certna.LoginResult, error) {
			return c.LoginHashed(ctx, a.UserName, strings.Repeat("A", 4000))
		},
	}
	for name, v := range variants {
		r, err := v()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.OK() || r.Exchange.Status != wrong.Exchange.Status || !bytes.Equal(r.Exchange.Body, wrong.Exchange.Body) ||
			r.Exchange.ContentType() != wrong.Exchange.ContentType() {
			t.Errorf("%s: answered %d %s, want exactly the wrong-password answer %d %s",
				name, r.Exchange.Status, r.Exchange.Body, wrong.Exchange.Status, wrong.Exchange.Body)
		}
	}
}

func TestUnknownUserSaltIsStableAndAlike(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	ctx := context.Background()
	known, err := c.Salt(ctx, "sample1")
	if err != nil {
		t.Fatal(err)
	}
	u1, err := c.Salt(ctx, "no.such.user")
	if err != nil {
		t.Fatal(err)
	}
	u1again, err := c.Salt(ctx, "no.such.user")
	if err != nil {
		t.Fatal(err)
	}
	u2, err := c.Salt(ctx, "another.ghost")
	if err != nil {
		t.Fatal(err)
	}
	if !u1.OK() || len(u1.Salt) != 16 || !bytes.Equal(u1.Salt, u1again.Salt) || bytes.Equal(u1.Salt, u2.Salt) {
		t.Errorf("unknown-user salts %x %x %x: want stable, 16 bytes, per name", u1.Salt, u1again.Salt, u2.Salt)
	}
	if u1.Exchange.Status != known.Exchange.Status || len(u1.Exchange.Body) != len(known.Exchange.Body) ||
		u1.Exchange.ContentType() != known.Exchange.ContentType() {
		t.Errorf("unknown user's salt answer %d %s differs in shape from a known user's %d %s",
			u1.Exchange.Status, u1.Exchange.Body, known.Exchange.Status, known.Exchange.Body)
	}
}

// errorCase is one documented refusal reached with a raw request.
type errorCase struct {
	name    string
	method  string
	path    string
	ct      string
	token   bool
	body    string
	status  int
	code    string
	message string // a fragment of the expected message, "" for none
}

func TestEveryDocumentedError(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	ctx := context.Background()
	a := refcertna.DemoAccounts()[0]
	tok := mustLogin(t, c, a.UserName, a.Password).AccessToken
	const json = "application/json"
	goodSum := `{"checksum":"` + certna.Checksum([]byte("x")) + `"}`
	cases := []errorCase{
		{"login wrong password", "POST", "/user/login", json, false, `{"user_name":"sample1","password":"aaaa"}`, 500, certna.CodeDatabaseError, certna.MessageInvalidCredentials},
		{"login missing user_name", "POST", "/user/login", json, false, `{"password":"aaaa"}`, 400, certna.CodeMissingParameter, "'user_name' is required"},
		{"login missing password", "POST", "/user/login", json, false, `{"user_name":"sample1"}`, 400, certna.CodeMissingParameter, "'password' is required"},
		{"login null password", "POST", "/user/login", json, false, `{"user_name":"sample1","password":null}`, 400, certna.CodeMissingParameter, "'password'"},
		{"login empty user_name", "POST", "/user/login", json, false, `{"user_name":"","password":"x"}`, 400, certna.CodeMissingParameter, "'user_name'"},
		{"login empty object", "POST", "/user/login", json, false, `{}`, 400, certna.CodeMissingParameter, "'user_name'"},
		{"login numeric user_name", "POST", "/user/login", json, false, `{"user_name":12,"password":"x"}`, 400, certna.CodeInvalidParameter, "'user_name' must be a string"},
		{"login object password", "POST", "/user/login", json, false, `{"user_name":"u","password":{"a":1}}`, 400, certna.CodeInvalidParameter, "'password' must be a string"},
		{"login long user_name", "POST", "/user/login", json, false, `{"user_name":"` + strings.Repeat("u", 300) + `","password":"x"}`, 400, certna.CodeInvalidParameter, "too long"},
		{"login malformed", "POST", "/user/login", json, false, `{"user_name":`, 400, certna.CodeMalformedJSON, "not valid JSON"},
		{"login trailing data", "POST", "/user/login", json, false, `{"user_name":"u","password":"p"} {}`, 400, certna.CodeMalformedJSON, ""},
		{"login empty body", "POST", "/user/login", json, false, ``, 400, certna.CodeMalformedJSON, "empty"},
		{"login array", "POST", "/user/login", json, false, `[{"user_name":"u"}]`, 400, certna.CodeMalformedJSON, "one JSON object"},
		{"login text/plain", "POST", "/user/login", "text/plain", false, `{"user_name":"u","password":"p"}`, 415, certna.CodeUnsupportedMediaType, "application/json"},
		{"login form", "POST", "/user/login", "application/x-www-form-urlencoded", false, `user_name=u&password=p`, 415, certna.CodeUnsupportedMediaType, ""},
		{"login no content type", "POST", "/user/login", "", false, `{"user_name":"u","password":"p"}`, 415, certna.CodeUnsupportedMediaType, ""},
		{"login latin1", "POST", "/user/login", "application/json; charset=iso-8859-1", false, `{"user_name":"u","password":"p"}`, 415, certna.CodeUnsupportedMediaType, ""},
		{"login huge body", "POST", "/user/login", json, false, `{"user_name":"` + strings.Repeat("u", 100<<10) + `","password":"p"}`, 413, certna.CodeBodyTooLarge, ""},
		{"login GET", "GET", "/user/login", "", false, ``, 405, certna.CodeMethodNotAllowed, ""},
		{"salt missing user_name", "GET", "/user/salt", "", false, ``, 400, certna.CodeMissingParameter, "'user_name' is required"},
		{"salt empty user_name", "GET", "/user/salt?user_name=", "", false, ``, 400, certna.CodeMissingParameter, ""},
		{"salt bad encoding", "GET", "/user/salt?user_name=%zz", "", false, ``, 400, certna.CodeInvalidParameter, "URL encoding"},
		{"salt long user_name", "GET", "/user/salt?user_name=" + strings.Repeat("u", 300), "", false, ``, 400, certna.CodeInvalidParameter, "too long"},
		{"salt POST", "POST", "/user/salt", json, false, `{}`, 405, certna.CodeMethodNotAllowed, ""},
		{"store no token", "POST", "/storechecksum", json, false, goodSum, 401, certna.CodeMissingToken, "access_token"},
		{"store bad token", "POST", "/storechecksum", json, false, goodSum, 401, certna.CodeInvalidToken, ""},
		{"store missing checksum", "POST", "/storechecksum", json, true, `{}`, 400, certna.CodeMissingParameter, "'checksum'"},
		{"store short checksum", "POST", "/storechecksum", json, true, `{"checksum":"` + certna.HashPassword(nil, "x") + `"}`, 400, certna.CodeInvalidParameter, "SHA-384"},
		{"store non-base64 checksum", "POST", "/storechecksum", json, true, `{"checksum":"` + strings.Repeat("!", 64) + `"}`, 400, certna.CodeInvalidParameter, "SHA-384"},
		{"store numeric checksum", "POST", "/storechecksum", json, true, `{"checksum":5}`, 400, certna.CodeInvalidParameter, "must be a string"},
		{"store malformed", "POST", "/storechecksum", json, true, `{"checksum"`, 400, certna.CodeMalformedJSON, ""},
		{"store text/plain", "POST", "/storechecksum", "text/plain", true, goodSum, 415, certna.CodeUnsupportedMediaType, ""},
		{"store GET", "GET", "/storechecksum", "", true, ``, 405, certna.CodeMethodNotAllowed, ""},
		{"logout no token", "POST", "/user/logout", "", false, ``, 401, certna.CodeMissingToken, ""},
		{"logout GET", "GET", "/user/logout", "", true, ``, 405, certna.CodeMethodNotAllowed, ""},
		{"unknown path", "GET", "/user/nothing", "", false, ``, 404, certna.CodeNotFound, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.ct != "" {
				h.Set("Content-Type", tc.ct)
			}
			switch {
			case tc.token:
				h.Set(certna.TokenHeader, tok)
			case tc.code == certna.CodeInvalidToken:
				h.Set(certna.TokenHeader, "534d4c30-28a0-48c8-a76d-bbd265d7a1ac")
			}
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			x, err := c.Send(ctx, tc.method, tc.path, body, h)
			if err != nil {
				t.Fatal(err)
			}
			if x.Status != tc.status {
				t.Errorf("status %d, want %d (body %s)", x.Status, tc.status, x.Body)
			}
			var f certna.Failure
			switch {
			case strings.HasPrefix(tc.path, "/user/login") || tc.path == "/user/nothing":
				r, err := certna.ParseLogin(x)
				if err != nil {
					t.Fatal(err)
				}
				f = r.Failure
			case strings.HasPrefix(tc.path, "/user/salt"):
				r, err := certna.ParseSalt(x)
				if err != nil {
					t.Fatal(err)
				}
				f = r.Failure
			case tc.path == "/storechecksum":
				r, err := certna.ParseStoreChecksum(x)
				if err != nil {
					t.Fatal(err)
				}
				f = r.Failure
			default:
				r, err := certna.ParseLogout(x)
				if err != nil {
					t.Fatal(err)
				}
				f = r.Failure
			}
			if f.FailureCode() != tc.code || !strings.Contains(f.FailureMessage(), tc.message) {
				t.Errorf("refusal %q %q, want %s with %q", f.FailureCode(), f.FailureMessage(), tc.code, tc.message)
			}
			if tc.status == 405 && x.Header.Get("Allow") == "" {
				t.Errorf("405 without Allow header")
			}
			for _, leak := range []string{"sp", "Procedure", "@", "panic", "runtime", "goroutine"} {
				if strings.Contains(f.FailureMessage(), leak) {
					t.Errorf("message %q leaks %q", f.FailureMessage(), leak)
				}
			}
		})
	}
	// The session survived every refusal above and still works.
	storeOK(t, c, tok)
}

func TestLogoutEndsOnlyThatSession(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	ctx := context.Background()
	a, b := refcertna.DemoAccounts()[0], refcertna.DemoAccounts()[2]
	ta := mustLogin(t, c, a.UserName, a.Password).AccessToken
	tb := mustLogin(t, c, b.UserName, b.Password).AccessToken
	if r, err := c.Logout(ctx, ta); err != nil || !r.OK() {
		t.Fatalf("logout: %+v %v", r, err)
	}
	storeRefused(t, c, ta, certna.CodeInvalidToken)
	storeOK(t, c, tb)
	if _, err := c.Logout(ctx, ""); err != nil {
		t.Fatal(err)
	}
	r, err := c.Logout(ctx, "")
	if err != nil || r.FailureCode() != certna.CodeMissingToken || r.Exchange.Status != 401 {
		t.Fatalf("logout without token: %+v %v", r, err)
	}
}

// The client's observer hook sees both login exchanges.
func TestObserverSeesBothLoginSteps(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	var ops []string
	ctx := wire.WithObserver(context.Background(), func(op string, x *wire.Exchange, err error) { ops = append(ops, op) })
	a := refcertna.DemoAccounts()[0]
	if _, err := c.Login(ctx, a.UserName, a.Password); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ops, ",") != certna.OpSalt+","+certna.OpLogin {
		t.Errorf("observed %v", ops)
	}
}
