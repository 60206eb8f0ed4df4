package certna_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	refcertna "github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// dialectEnv starts the server speaking the named dialects ("all" for
// every one) and returns a client for it (the salt path as the server
// serves it).
func dialectEnv(t *testing.T, names ...string) (*certna.Client, *clock.Manual) {
	t.Helper()
	ds, err := refkit.ParseDialects("certna", refcertna.Dialects, names)
	if err != nil {
		t.Fatal(err)
	}
	mc := clock.NewManual()
	s := refcertna.NewServer(refkit.Options{TestClock: mc, Clock: mc, Dialects: ds}, refcertna.DemoAccounts()...)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	c := certna.New(srv.URL, srv.Client())
	c.SaltPath = s.SaltPath()
	return c, mc
}

var demo = refcertna.DemoAccounts()[0]

func loginOK(t *testing.T, c *certna.Client) *certna.LoginResult {
	t.Helper()
	r, err := c.Login(context.Background(), demo.UserName, demo.Password)
	if err != nil || !r.OK() {
		t.Fatalf("login: %+v, %v", r, err)
	}
	return r
}

func wrongLogin(t *testing.T, c *certna.Client) *certna.LoginResult {
	t.Helper()
	r, err := c.Login(context.Background(), demo.UserName, "wrong")
	if err != nil || r.OK() || !r.Failed() {
		t.Fatalf("wrong login: %+v, %v", r, err)
	}
	return r
}

func send(t *testing.T, c *certna.Client, method, path, ct string, body string, header http.Header) *wire.Exchange {
	t.Helper()
	h := http.Header{}
	for k, v := range header {
		h[k] = v
	}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	x, err := c.Send(context.Background(), method, path, []byte(body), h)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Every dialect changes what it says, through the wire, and nothing else a
// spec relies on: a demo login still works.
func TestDialects(t *testing.T) {
	checks := map[string]func(t *testing.T, c *certna.Client, mc *clock.Manual){
		refcertna.DialectLoginRefusalCode: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r := wrongLogin(t, c)
			if r.Exchange.Status != 401 || r.Code != "LOGIN_FAILED" || r.Exception != nil {
				t.Errorf("refused login %d %s", r.Exchange.Status, r.Exchange.Body)
			}
		},
		refcertna.DialectLoginRefusal200: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r := wrongLogin(t, c)
			if r.Exchange.Status != 200 || r.FailureCode() != "DatabaseError" {
				t.Errorf("refused login %d %s", r.Exchange.Status, r.Exchange.Body)
			}
		},
		refcertna.DialectRefusalCodes: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r, err := c.StoreChecksum(context.Background(), "534d4c30-28a0-48c8-a76d-bbd265d7a1ac", certna.Checksum(nil))
			if err != nil || r.Code != "InvalidToken" || r.Exchange.Status != 401 {
				t.Errorf("invalid token %+v, %v", r, err)
			}
		},
		refcertna.DialectBadInputException: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			x := send(t, c, "POST", certna.DefaultLoginPath, "application/json", `{"user_name":"sample1"}`, nil)
			r, err := certna.ParseLogin(x)
			if err != nil || x.Status != 500 || r.Exception == nil || r.Exception.Code != "DatabaseError" || strings.Contains(r.Exception.Message, "Procedure") {
				t.Errorf("missing password %d %s (%v)", x.Status, x.Body, err)
			}
			x = send(t, c, "POST", certna.DefaultLoginPath, "application/json", `{"user_name":`, nil)
			if x.Status != 500 || !strings.Contains(string(x.Body), `"Exception"`) {
				t.Errorf("malformed body %d %s", x.Status, x.Body)
			}
		},
		refcertna.DialectUnprocessable422: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			x := send(t, c, "POST", certna.DefaultLoginPath, "application/json", `{"user_name":1,"password":"x"}`, nil)
			if x.Status != 422 {
				t.Errorf("mistyped field %d %s", x.Status, x.Body)
			}
		},
		refcertna.DialectContentType400: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			x := send(t, c, "POST", certna.DefaultLoginPath, "text/plain", `{}`, nil)
			if x.Status != 400 {
				t.Errorf("text/plain %d %s", x.Status, x.Body)
			}
		},
		refcertna.DialectCharsetLenient: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			s, _ := c.Salt(context.Background(), demo.UserName)
			body := string(certna.AppendLoginBody(nil, demo.UserName, certna.HashPassword(s.Salt, demo.Password)))
			x := send(t, c, "POST", certna.DefaultLoginPath, "application/json; charset=iso-8859-1", body, nil)
			if r, err := certna.ParseLogin(x); err != nil || !r.OK() {
				t.Errorf("latin-1 charset %d %s", x.Status, x.Body)
			}
		},
		refcertna.DialectGUIDUpper: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			tok := loginOK(t, c).AccessToken
			if tok != strings.ToUpper(tok) || !certna.IsGUID(tok) {
				t.Errorf("token %q", tok)
			}
		},
		refcertna.DialectGUIDBraces: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			tok := loginOK(t, c).AccessToken
			if !strings.HasPrefix(tok, "{") || !certna.IsGUID(tok) {
				t.Errorf("token %q", tok)
			}
			if r, err := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil)); err != nil || !strings.HasPrefix(r.ChecksumKey, "{") {
				t.Errorf("checksum key %+v, %v", r, err)
			}
		},
		refcertna.DialectLogout200Body: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r, err := c.Logout(context.Background(), loginOK(t, c).AccessToken)
			if err != nil || !r.OK() || r.Exchange.Status != 200 || !strings.Contains(string(r.Exchange.Body), "LOGGED_OUT") {
				t.Errorf("logout %+v, %v", r, err)
			}
		},
		refcertna.DialectNullFields: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			if b := string(loginOK(t, c).Exchange.Body); !strings.Contains(b, `"code":null`) {
				t.Errorf("login %s", b)
			}
			if b := string(wrongLogin(t, c).Exchange.Body); !strings.Contains(b, `"access_token":null`) {
				t.Errorf("refused login %s", b)
			}
		},
		refcertna.DialectExtraFields: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r := loginOK(t, c)
			if !strings.Contains(string(r.Exchange.Body), `"api_version"`) || r.Exchange.Header.Get("Set-Cookie") == "" || r.Exchange.Header.Get("X-Request-Id") == "" {
				t.Errorf("login %v %s", r.Exchange.Header, r.Exchange.Body)
			}
			if cc := r.Exchange.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
		},
		refcertna.DialectJSONPretty: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r := wrongLogin(t, c)
			if !strings.Contains(string(r.Exchange.Body), "{\r\n    \"Exception\": {\r\n        \"Code\"") || r.Exchange.Header.Get("Content-Type") != "application/json" {
				t.Errorf("refused login %q %q", r.Exchange.Header.Get("Content-Type"), r.Exchange.Body)
			}
		},
		refcertna.DialectLongNameFakeSalt: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			long := strings.Repeat("u", 1024)
			s, err := c.Salt(context.Background(), long)
			if err != nil || len(s.Salt) != 16 {
				t.Errorf("long name salt %+v, %v", s, err)
			}
			r, err := c.Login(context.Background(), long, "x")
			if err != nil || r.FailureCode() != "DatabaseError" {
				t.Errorf("long name login %+v, %v", r, err)
			}
		},
		refcertna.DialectMissingToken400: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			r, err := c.StoreChecksum(context.Background(), "", certna.Checksum(nil))
			if err != nil || r.Exchange.Status != 400 || r.Code != "MISSING_TOKEN" {
				t.Errorf("no token %+v, %v", r, err)
			}
		},
		refcertna.DialectEmptyNameIsAName: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			if s, err := c.Salt(context.Background(), ""); err != nil || len(s.Salt) != 16 {
				t.Errorf("empty name salt %+v, %v", s, err)
			}
			x := send(t, c, "POST", certna.DefaultLoginPath, "application/json", `{"password":"x"}`, nil)
			if r, err := certna.ParseLogin(x); err != nil || r.FailureCode() != "DatabaseError" {
				t.Errorf("login without user_name %d %s", x.Status, x.Body)
			}
		},
		refcertna.DialectChecksumKeyStable: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			tok := loginOK(t, c).AccessToken
			a, _ := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil))
			b, _ := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil))
			o, _ := c.StoreChecksum(context.Background(), tok, certna.Checksum([]byte("other")))
			if a.ChecksumKey == "" || a.ChecksumKey != b.ChecksumKey || a.ChecksumKey == o.ChecksumKey || !certna.IsGUID(a.ChecksumKey) {
				t.Errorf("keys %q %q %q", a.ChecksumKey, b.ChecksumKey, o.ChecksumKey)
			}
		},
		refcertna.DialectSaltEndpoint: func(t *testing.T, c *certna.Client, _ *clock.Manual) {
			if c.SaltPath != refcertna.AlternativeSaltPath {
				t.Errorf("salt path %q", c.SaltPath)
			}
			x := send(t, c, "GET", certna.DefaultSaltPath+"?user_name=sample1", "", "", nil)
			if x.Status != 404 {
				t.Errorf("default salt path answered %d", x.Status)
			}
		},
		refcertna.DialectIdle30m: func(t *testing.T, c *certna.Client, mc *clock.Manual) {
			tok := loginOK(t, c).AccessToken
			mc.Advance(29 * time.Minute)
			if r, err := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil)); err != nil || !r.OK() {
				t.Errorf("token refused after 29 minutes: %+v, %v", r, err)
			}
			mc.Advance(31 * time.Minute)
			if r, err := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil)); err != nil || r.OK() {
				t.Errorf("token accepted after 31 idle minutes: %+v, %v", r, err)
			}
		},
	}
	for _, d := range refcertna.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			check := checks[d.Name]
			if check == nil {
				t.Fatalf("dialect %s has no test", d.Name)
			}
			c, mc := dialectEnv(t, d.Name)
			check(t, c, mc)
			loginOK(t, c)
		})
	}
}

// All dialects combine: the server speaks every one at once and still
// logs in, guards, and logs out.
func TestAllDialectsCombine(t *testing.T) {
	if _, err := refkit.DialectSettings(refcertna.Dialects, refkit.DialectSet{"login-refusal-code": true}); err != nil {
		t.Fatal(err)
	}
	all, _ := refkit.ParseDialects("certna", refcertna.Dialects, []string{refkit.AllDialects})
	if _, err := refkit.DialectSettings(refcertna.Dialects, all); err != nil {
		t.Fatal(err)
	}
	c, _ := dialectEnv(t, refkit.AllDialects)
	tok := loginOK(t, c).AccessToken
	if !strings.HasPrefix(tok, "{") || tok != strings.ToUpper(tok) {
		t.Errorf("token %q", tok)
	}
	r := wrongLogin(t, c)
	if r.Exchange.Status != 200 || r.Code != "LoginFailed" || !strings.Contains(string(r.Exchange.Body), `"access_token": null`) {
		t.Errorf("refused login %d %q", r.Exchange.Status, r.Exchange.Body)
	}
	if s, err := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil)); err != nil || !certna.IsGUID(s.ChecksumKey) {
		t.Errorf("store %+v, %v", s, err)
	}
	if l, err := c.Logout(context.Background(), tok); err != nil || !l.OK() {
		t.Errorf("logout %+v, %v", l, err)
	}
	if s, err := c.StoreChecksum(context.Background(), tok, certna.Checksum(nil)); err != nil || s.Exchange.Status != 401 || s.Code != "InvalidToken" {
		t.Errorf("logged-out token %+v, %v", s, err)
	}
}
