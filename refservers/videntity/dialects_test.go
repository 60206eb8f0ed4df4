package videntity_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// startDialects runs a server speaking the named dialects on a manual
// clock.
func startDialects(t *testing.T, names ...string) *env {
	t.Helper()
	ds, err := refkit.ParseDialects("videntity", videntity.Dialects, names)
	if err != nil {
		t.Fatal(err)
	}
	return start(t, refkit.Options{Dialects: ds})
}

// raw sends one request and returns the status, headers and body as sent.
func (e *env) raw(method, path, contentType, body string) (int, http.Header, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// loginForm is the demo account's login form.
func (e *env) loginForm() string {
	return url.Values{"username": {e.acct.Username}, "password": {e.acct.Password}, "account_number": {e.acct.AccountNumber}}.Encode()
}

func TestDialectsAreNamedAndDescribed(t *testing.T) {
	if len(videntity.Dialects) < 8 {
		t.Fatalf("%d dialects, want at least 8", len(videntity.Dialects))
	}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, d := range videntity.Dialects {
		if !kebab.MatchString(d.Name) || d.Varies == "" || seen[d.Name] {
			t.Errorf("dialect %+v: want a unique kebab-case name and a Varies line", d)
		}
		seen[d.Name] = true
	}
	on, _ := refkit.ParseDialects("videntity", videntity.Dialects, []string{refkit.AllDialects})
	if _, err := refkit.DialectSettings(videntity.Dialects, on); err != nil {
		t.Errorf("the dialects cannot all be on at once: %v", err)
	}
	for _, d := range videntity.Dialects {
		if dialectChecks[d.Name] == nil {
			t.Errorf("dialect %s has no wire test in TestDialectOnTheWire", d.Name)
		}
	}
}

// dialectChecks shows each dialect's effect through the wire.
var dialectChecks = map[string]func(t *testing.T, e *env){
	videntity.DialectWrongMethod405: func(t *testing.T, e *env) {
		st, h, body := e.raw(http.MethodGet, "/sessions/login?"+e.loginForm(), "", "")
		if st != http.StatusMethodNotAllowed || h.Get("Allow") != http.MethodPost || body != "" {
			t.Errorf("GET login: HTTP %d Allow %q body %q, want 405 Allow POST and no body", st, h.Get("Allow"), body)
		}
	},
	videntity.DialectContentType415: func(t *testing.T, e *env) {
		st, h, _ := e.raw(http.MethodPost, "/sessions/login", "application/json", `{"username":"foobar"}`)
		if st != http.StatusUnsupportedMediaType || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
			t.Errorf("JSON login: HTTP %d %s, want 415 text/plain", st, h.Get("Content-Type"))
		}
	},
	videntity.DialectMalformedForm400: func(t *testing.T, e *env) {
		r, err := e.c.Send(ctx(), "/sessions/login", []byte("username=%zz"), client.FormContentType)
		if err != nil || r.HTTPStatus() != http.StatusBadRequest || r.ErrorNumber != client.ErrServerError {
			t.Errorf("broken escape: %+v %v, want HTTP 400 with error 11", r, err)
		}
	},
	videntity.DialectErrorStatus400: func(t *testing.T, e *env) {
		r := e.badLogin()
		if r.HTTPStatus() != http.StatusBadRequest || r.ErrorNumber != client.ErrAuthentication {
			t.Errorf("wrong password: HTTP %d error %d, want 400 with error 1", r.HTTPStatus(), r.ErrorNumber)
		}
		for _, d := range videntity.Dialects {
			if d.Name == videntity.DialectErrorStatus400 && d.Settings[client.SettingErrorHTTPStatus] != "400" {
				t.Errorf("the dialect does not tell the specs error_http_status 400: %v", d.Settings)
			}
		}
	},
	videntity.DialectHexKeys: func(t *testing.T, e *env) {
		wantKey(t, e, `^[0-9a-f]{16}$`)
	},
	videntity.DialectGUIDKeys: func(t *testing.T, e *env) {
		wantKey(t, e, `^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
	},
	videntity.DialectBase64Keys: func(t *testing.T, e *env) {
		key := wantKey(t, e, `^[A-Za-z0-9+/]{43}=$`)
		if b, err := base64.StdEncoding.DecodeString(key); err != nil || len(b) != 32 {
			t.Errorf("key %q is not 32 bytes of Base64: %v", key, err)
		}
		if r := e.mustPing(key); !r.OK() {
			t.Errorf("a Base64 key (with + / =) does not survive the form encoding: ping answered %d", r.ErrorNumber)
		}
	},
	videntity.DialectXMLLayout: func(t *testing.T, e *env) {
		body := string(e.login().Exchange.Body)
		for _, want := range []string{"api_method='/session/login'", "\r\n  <status>SUCCESS</status>\r\n", "\r\n    <session_key>"} {
			if !strings.Contains(body, want) {
				t.Errorf("login answer lacks %q: %q", want, body)
			}
		}
	},
	videntity.DialectNoDeclaration: func(t *testing.T, e *env) {
		if body := e.login().Exchange.Body; !bytes.HasPrefix(body, []byte("<response ")) {
			t.Errorf("login answer starts %q, want <response without a declaration", body[:20])
		}
	},
	videntity.DialectByteOrderMark: func(t *testing.T, e *env) {
		want := "\xef\xbb\xbf" + `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
		if body := string(e.login().Exchange.Body); !strings.HasPrefix(body, want) {
			t.Errorf("login answer starts %q, want %q", body[:60], want)
		}
	},
	videntity.DialectElementOrder: func(t *testing.T, e *env) {
		ok := string(e.login().Exchange.Body)
		bad := string(e.badLogin().Exchange.Body)
		if !before(ok, "<timestamp>", "<status>") || !before(ok, "<response_name_value>", "<detail>") ||
			!before(bad, "<error_detail>", "<error_number>") {
			t.Errorf("elements in the default order: %q / %q", ok, bad)
		}
	},
	videntity.DialectExtras: func(t *testing.T, e *env) {
		r := e.login()
		body, h := string(r.Exchange.Body), r.Exchange.Header
		for _, want := range []string{` version="2.0"`, "<server_id>ref-1</server_id>", "<expires_in>1800</expires_in>"} {
			if !strings.Contains(body, want) {
				t.Errorf("login answer lacks %q", want)
			}
		}
		if h.Get("Set-Cookie") == "" || h.Get("X-Request-Id") == "" || !strings.HasPrefix(h.Get("Content-Type"), "application/xml") ||
			!strings.Contains(h.Get("Cache-Control"), "no-store") || !strings.Contains(h.Get("Cache-Control"), "private") {
			t.Errorf("headers %v", h)
		}
	},
	videntity.DialectAPIMethodPaths: func(t *testing.T, e *env) {
		if r := e.login(); r.APIMethod != "/sessions/login" {
			t.Errorf("login SUCCESS api_method %q, want the path /sessions/login", r.APIMethod)
		}
		if r := e.badLogin(); r.APIMethod != "/user/login" {
			t.Errorf("login ERROR api_method %q, want the seed's /user/login", r.APIMethod)
		}
		if r := e.mustPing("no-such-key"); r.APIMethod != "/session/ping" {
			t.Errorf("ping ERROR api_method %q", r.APIMethod)
		}
	},
	videntity.DialectSeedShape: func(t *testing.T, e *env) {
		r := e.login()
		if r.Detail != "" || r.SessionKey == "" {
			t.Errorf("login SUCCESS: detail %q, key %q; want no detail and a key", r.Detail, r.SessionKey)
		}
		p := e.mustPing(r.SessionKey)
		if !p.OK() || p.Detail != "" || bytes.Contains(p.Exchange.Body, []byte("response_name_value")) {
			t.Errorf("ping SUCCESS: %q", p.Exchange.Body)
		}
	},
	videntity.DialectRandomTx: func(t *testing.T, e *env) {
		a, b := e.login(), e.badLogin()
		if len(a.TxText) != 20 || len(b.TxText) != 20 || a.TxText == b.TxText || a.TxNumber != 0 {
			t.Errorf("tx numbers %q, %q: want two random 20-digit numbers", a.TxText, b.TxText)
		}
	},
	videntity.DialectExpiredPurgeOnReply: func(t *testing.T, e *env) {
		key := e.login().SessionKey
		e.clock.Advance(31 * minute)
		wantError(t, "first ping after expiry", e.mustPing(key), client.ErrSessionExpired)
		wantError(t, "second ping after expiry", e.mustPing(key), client.ErrSessionDoesNotExist)
	},
	videntity.DialectExpiredLogoutOK: func(t *testing.T, e *env) {
		key := e.login().SessionKey
		e.clock.Advance(31 * minute)
		if r := e.mustLogout(key); !r.OK() {
			t.Errorf("logout of an expired key answered error %d, want SUCCESS", r.ErrorNumber)
		}
		wantError(t, "ping after that logout", e.mustPing(key), client.ErrSessionDoesNotExist)
	},
	videntity.DialectOneSession: func(t *testing.T, e *env) {
		first := e.login().SessionKey
		second := e.login().SessionKey
		wantError(t, "ping with the first key after a second login", e.mustPing(first), client.ErrSessionDoesNotExist)
		if r := e.mustPing(second); !r.OK() {
			t.Errorf("ping with the second key answered error %d", r.ErrorNumber)
		}
	},
	videntity.DialectTextStyle: func(t *testing.T, e *env) {
		if r := e.login(); r.Detail != "You logged in successfully." {
			t.Errorf("login detail %q", r.Detail)
		}
		if r := e.badLogin(); r.ErrorDetail != "Username, password or account_number is incorrect." {
			t.Errorf("error 1 detail %q", r.ErrorDetail)
		}
	},
}

// TestDialectOnTheWire shows each dialect alone, then the client reading
// a whole session on the server speaking all of them at once.
func TestDialectOnTheWire(t *testing.T) {
	for name, check := range dialectChecks {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			check(t, startDialects(t, name))
		})
	}
	t.Run("all", func(t *testing.T) {
		t.Parallel()
		e := startDialects(t, refkit.AllDialects)
		key := wantKey(t, e, `^[A-Za-z0-9+/]{43}=$`) // base64-keys wins
		if r := e.mustPing(key); !r.OK() || len(r.TxText) != 20 {
			t.Errorf("ping: %+v", r)
		}
		if r := e.mustLogout(key); !r.OK() {
			t.Errorf("logout: %+v", r)
		}
		if r := e.mustPing(key); r.ErrorNumber != client.ErrSessionDoesNotExist || r.HTTPStatus() != http.StatusBadRequest {
			t.Errorf("ping after logout: HTTP %d error %d, want 400 with error 2", r.HTTPStatus(), r.ErrorNumber)
		}
		if st, _, _ := e.raw(http.MethodGet, "/session/ping", "", ""); st != http.StatusMethodNotAllowed {
			t.Errorf("GET ping: HTTP %d, want 405", st)
		}
	})
}

// wantKey logs in and checks the key against a pattern.
func wantKey(t *testing.T, e *env, pattern string) string {
	t.Helper()
	key := e.login().SessionKey
	if !regexp.MustCompile(pattern).MatchString(key) {
		t.Errorf("key %q does not match %s", key, pattern)
	}
	return key
}

// before says a occurs in s before b.
func before(s, a, b string) bool {
	i, j := strings.Index(s, a), strings.Index(s, b)
	return i >= 0 && j >= 0 && i < j
}
