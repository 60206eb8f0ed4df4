package certna

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// serve sends one request straight to the handler.
func serve(h http.Handler, method, target, contentType, body string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func loginBodyFor(a Account) string {
	d := sha256.Sum256(append(append([]byte{}, a.Salt...), a.Password...))
	b, _ := json.Marshal(map[string]string{"user_name": a.UserName, "password": base64.StdEncoding.EncodeToString(d[:])})
	return string(b)
}

func TestDemoAccounts(t *testing.T) {
	accts := DemoAccounts()
	if len(accts) < 4 || accts[0].UserName != "sample1" {
		t.Fatalf("demo accounts %v: want at least 4, sample1 first", accts)
	}
	names, salts := map[string]bool{}, map[string]bool{}
	for _, a := range accts {
		want := sha256.Sum256([]byte("authprobe certna demo salt " + a.UserName))
		if !bytes.Equal(a.Salt, want[:16]) {
			t.Errorf("%s: salt %x, want the documented derivation %x", a.UserName, a.Salt, want[:16])
		}
		if names[a.UserName] || salts[string(a.Salt)] || a.Password == "" {
			t.Errorf("%s: duplicate name or salt, or empty password", a.UserName)
		}
		names[a.UserName], salts[string(a.Salt)] = true, true
	}
	// Deterministic: a second call gives the same values.
	again := DemoAccounts()
	for i := range accts {
		if accts[i].UserName != again[i].UserName || accts[i].Password != again[i].Password || !bytes.Equal(accts[i].Salt, again[i].Salt) {
			t.Errorf("DemoAccounts is not deterministic at %d", i)
		}
	}
}

func TestDescriptor(t *testing.T) {
	d := Descriptor()
	if d.Name != "certna" || d.Title == "" || d.DefaultTTL != 20*time.Minute || len(d.Faults) != len(Faults) || len(d.Dialects) != len(Dialects) || len(Dialects) < 8 {
		t.Fatalf("descriptor %+v", d)
	}
	if _, err := refkit.ParseDialects("certna", d.Dialects, []string{refkit.AllDialects}); err != nil {
		t.Fatal(err)
	}
	h, creds := d.New(refkit.Options{})
	accts := DemoAccounts()
	if len(creds) != len(accts) {
		t.Fatalf("%d credentials for %d accounts", len(creds), len(accts))
	}
	for i, c := range creds {
		if len(c) != 2 || c["user_name"] != accts[i].UserName || c["password"] != accts[i].Password {
			t.Errorf("credentials %d: %v", i, c)
		}
	}
	w := serve(h, "POST", LoginPath, "application/json", loginBodyFor(accts[0]), nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"access_token"`) {
		t.Errorf("descriptor handler login: %d %s", w.Code, w.Body)
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)

func TestFaultList(t *testing.T) {
	if len(Faults) < 8 {
		t.Errorf("%d faults, want at least 8", len(Faults))
	}
	seen := map[string]bool{}
	for _, f := range Faults {
		if !kebab.MatchString(f.Name) || seen[f.Name] {
			t.Errorf("fault name %q is not kebab-case or is repeated", f.Name)
		}
		seen[f.Name] = true
		if f.Breaks == "" || strings.ContainsAny(f.Breaks, "\n") {
			t.Errorf("fault %s: Breaks %q must be one line", f.Name, f.Breaks)
		}
	}
	names := make([]string, len(Faults))
	for i, f := range Faults {
		names[i] = f.Name
	}
	if _, err := refkit.ParseFaults("certna", Faults, names); err != nil {
		t.Error(err)
	}
}

// The store never holds more sessions than MaxSessions, however many
// logins come, and logins keep working.
func TestStoreStaysBounded(t *testing.T) {
	mc := clock.NewManual()
	s := NewServer(refkit.Options{Clock: mc, TestClock: mc, MaxSessions: 100}, DemoAccounts()...)
	h := s.Handler()
	body := loginBodyFor(DemoAccounts()[0])
	var last string
	for i := range 1000 {
		w := serve(h, "POST", LoginPath, "application/json", body, nil)
		if w.Code != 200 {
			t.Fatalf("login %d: %d %s", i, w.Code, w.Body)
		}
		var out struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		last = out.AccessToken
		if n := s.Len(); n > 100 {
			t.Fatalf("after %d logins the store holds %d sessions, cap 100", i+1, n)
		}
	}
	if s.Len() < 50 {
		t.Errorf("store holds only %d sessions: the cap evicts far too much", s.Len())
	}
	sum := `{"checksum":"` + base64.StdEncoding.EncodeToString(make([]byte, 48)) + `"}`
	if w := serve(h, "POST", StoreChecksumPath, "application/json", sum, map[string]string{TokenHeader: last}); w.Code != 200 {
		t.Errorf("the newest token was evicted: %d %s", w.Code, w.Body)
	}
}

func TestAccountWithoutSaltGetsStableDerivedSalt(t *testing.T) {
	s := NewServer(refkit.Options{}, Account{UserName: "nosalt", Password: "pw"})
	h := s.Handler()
	w1 := serve(h, "GET", SaltPath+"?user_name=nosalt", "", "", nil)
	w2 := serve(h, "GET", SaltPath+"?user_name=nosalt", "", "", nil)
	if w1.Code != 200 || w1.Body.String() != w2.Body.String() {
		t.Fatalf("salts %s / %s", w1.Body, w2.Body)
	}
	var out struct{ Salt string }
	_ = json.Unmarshal(w1.Body.Bytes(), &out)
	salt, err := base64.StdEncoding.DecodeString(out.Salt)
	if err != nil || len(salt) != saltLen {
		t.Fatalf("salt %q: %v", out.Salt, err)
	}
	if w := serve(h, "POST", LoginPath, "application/json", loginBodyFor(Account{UserName: "nosalt", Password: "pw", Salt: salt}), nil); w.Code != 200 {
		t.Errorf("login with the derived salt: %d %s", w.Code, w.Body)
	}
}

func TestHEADSalt(t *testing.T) {
	h := New(refkit.Options{}, DemoAccounts()...)
	if w := serve(h, "HEAD", SaltPath+"?user_name=sample1", "", "", nil); w.Code != 200 {
		t.Errorf("HEAD salt: %d", w.Code)
	}
}

func TestClockControlIsWired(t *testing.T) {
	mc := clock.NewManual()
	withClock := New(refkit.Options{TestClock: mc}, DemoAccounts()...)
	r := httptest.NewRequest("POST", clock.ControlPath, strings.NewReader(`{"advance":"21m"}`))
	r.RemoteAddr = "127.0.0.1:5000"
	w := httptest.NewRecorder()
	withClock.ServeHTTP(w, r)
	if w.Code != 200 || mc.Offset() != 21*time.Minute {
		t.Errorf("clock control: %d, offset %s", w.Code, mc.Offset())
	}
	without := New(refkit.Options{}, DemoAccounts()...)
	w = httptest.NewRecorder()
	without.ServeHTTP(w, httptest.NewRequest("POST", clock.ControlPath, strings.NewReader(`{"advance":"21m"}`)))
	if w.Code != http.StatusForbidden {
		t.Errorf("clock control without a test clock: %d, want 403", w.Code)
	}
}

func TestTTLOption(t *testing.T) {
	if got := NewServer(refkit.Options{}).TTL(); got != DefaultTTL {
		t.Errorf("default TTL %s", got)
	}
	if got := NewServer(refkit.Options{TTL: 3 * time.Second}).TTL(); got != 3*time.Second {
		t.Errorf("TTL option ignored: %s", got)
	}
}

func TestJSONContentType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "Application/JSON; Charset=UTF-8": true,
		"application/json;charset=\"utf-8\"": true, "": false, "text/plain": false, "application/json; charset=latin1": false,
		"application/json; foo=bar": false, "application/jsonx": false, "application/problem+json": false, ";;": false,
	} {
		if got := jsonContentType(ct, false); got != want {
			t.Errorf("jsonContentType(%q) = %v, want %v", ct, got, want)
		}
	}
	// The charset-lenient dialect accepts any parameter, not another type.
	for ct, want := range map[string]bool{"application/json; charset=latin1": true, "application/json; foo=bar": true, "text/plain": false, "": false} {
		if got := jsonContentType(ct, true); got != want {
			t.Errorf("lenient jsonContentType(%q) = %v, want %v", ct, got, want)
		}
	}
}

// isDocumented reports whether an answer is one the profile documents: a
// JSON body in one of the two refusal shapes or a success shape, and a 5xx
// only for the refused-login Exception.
func isDocumented(w *httptest.ResponseRecorder) (bool, string) {
	if w.Code == http.StatusNoContent {
		return true, ""
	}
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		return false, "content type " + w.Header().Get("Content-Type")
	}
	var a map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		return false, "body is not a JSON object: " + err.Error()
	}
	if w.Code >= 500 {
		return w.Code == 500 && w.Body.String() == `{"Exception":{"Code":"DatabaseError","Message":"The user name or/and password are invalid."}}`, "5xx other than the refused-login Exception"
	}
	for _, k := range []string{"code", "access_token", "salt", "checksum_key"} {
		if _, ok := a[k]; ok {
			return true, ""
		}
	}
	return false, "no documented field"
}

func TestHostileRequests(t *testing.T) {
	mc := clock.NewManual()
	h := New(refkit.Options{Clock: mc, TestClock: mc, MaxBody: 4096}, DemoAccounts()...)
	deep := strings.Repeat(`{"a":`, 20000) + strings.Repeat("}", 20000)
	cases := []struct {
		method, target, ct, body string
		header                   map[string]string
		status                   int
	}{
		{"POST", LoginPath, "application/json", deep, nil, 413},
		{"POST", LoginPath, "application/json", `{"user_name":"` + strings.Repeat("[", 3000) + `"}`, nil, 400},
		{"POST", LoginPath, "application/json", `{"user_name":[` + strings.Repeat("[", 1000) + `}`, nil, 400},
		{"POST", LoginPath, "application/json", "\x00\x01\xff\xfe", nil, 400},
		{"POST", LoginPath, "application/json", `{"user_name":"\xff","password":"x"}`, nil, 400},                // not a JSON escape
		{"POST", LoginPath, "application/json", "{\"user_name\":\"\xff\xfe\",\"password\":\"\xff\"}", nil, 500}, // invalid UTF-8 inside strings
		{"POST", LoginPath, "application/json", `{"user_name":"sample1","password":"` + strings.Repeat("A", 3000) + `"}`, nil, 500},
		{"POST", LoginPath, "application/json", `{"user_name":"sample1","password":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA====="}`, nil, 500},
		{"POST", LoginPath, "application/json", `{"user_name":"sample1","password":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}`, nil, 500},
		{"POST", LoginPath, "application/json", `{"user_name":"sample1","password":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`, nil, 500},
		{"POST", LoginPath, "application/json; charset", `{}`, nil, 415},
		{"POST", LoginPath, "application/json", `{"user_name":"a","user_name":"b","password":"x"}`, nil, 500},
		{"POST", LoginPath, "application/json", `{"USER_NAME":"sample1","Password":"x"}`, nil, 500},
		{"POST", LoginPath, "application/json", `null`, nil, 400},
		{"POST", LoginPath, "application/json", `"str"`, nil, 400},
		{"POST", LoginPath, "application/json", `  {"user_name":true,"password":"x"}`, nil, 400},
		{"PUT", LoginPath, "application/json", `{}`, nil, 405},
		{"DELETE", SaltPath, "", ``, nil, 405},
		{"GET", SaltPath + "?user_name=%00%ff", "", ``, nil, 200},
		{"GET", SaltPath + "?user_name=a&user_name=b", "", ``, nil, 200},
		{"GET", SaltPath + "?user_name=a;b", "", ``, nil, 400},
		{"POST", StoreChecksumPath, "application/json", `{}`, map[string]string{TokenHeader: strings.Repeat("x", 8000)}, 401},
		{"POST", StoreChecksumPath, "application/json", `{}`, map[string]string{TokenHeader: "\x7f\x01"}, 401},
		{"POST", LogoutPath, "", strings.Repeat("x", 10000), map[string]string{TokenHeader: "nope"}, 401},
		{"GET", "/", "", ``, nil, 404},
		{"GET", "/user/login/", "", ``, nil, 404},
		{"GET", "/USER/LOGIN", "", ``, nil, 404},
	}
	for _, tc := range cases {
		w := serve(h, tc.method, tc.target, tc.ct, tc.body, tc.header)
		if w.Code != tc.status {
			t.Errorf("%s %.60s %.60q: status %d, want %d (%s)", tc.method, tc.target, tc.body, w.Code, tc.status, w.Body)
		}
		if ok, why := isDocumented(w); !ok {
			t.Errorf("%s %.60s %.60q: undocumented answer %d %.200s: %s", tc.method, tc.target, tc.body, w.Code, w.Body, why)
		}
	}
}

// FuzzHandler: no input makes the server panic, crash with a 5xx or answer
// outside the documented shapes.
func FuzzHandler(f *testing.F) {
	good := loginBodyFor(DemoAccounts()[0])
	seeds := []struct{ method, path, ct, token, body string }{
		{"POST", LoginPath, "application/json", "", good},
		{"POST", LoginPath, "application/json", "", `{"user_name":1}`},
		{"POST", LoginPath, "text/plain", "", good},
		{"GET", SaltPath + "?user_name=sample1", "", "", ""},
		{"GET", SaltPath + "?user_name=%zz", "", "", ""},
		{"POST", StoreChecksumPath, "application/json", "tok", `{"checksum":"x"}`},
		{"POST", LogoutPath, "", "tok", ""},
		{"POST", LoginPath, "application/json", "", `{"user_name":"sample1","password":"` + strings.Repeat("/", 44) + `"}`},
		{"PATCH", "/x", "application/json", "", `[`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.ct, s.token, s.body)
	}
	h := New(refkit.Options{MaxBody: 8192}, DemoAccounts()...)
	f.Fuzz(func(t *testing.T, method, path, ct, token, body string) {
		r, err := http.NewRequest(method, "http://certna.test"+path, strings.NewReader(body))
		if err != nil {
			return // not a request a server can receive
		}
		r.Header.Set("Content-Type", ct)
		if token != "" {
			r.Header.Set(TokenHeader, token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if ok, why := isDocumented(w); !ok {
			t.Errorf("%s %q (%s) %q: undocumented answer %d %.200s: %s", method, path, ct, body, w.Code, w.Body, why)
		}
	})
}

// The Date header tells the server's clock, the test clock included, so
// that clients can measure their offset from it.
func TestDateHeaderFollowsTheServerClock(t *testing.T) {
	mc := clock.NewManual()
	h := New(refkit.Options{Clock: mc, TestClock: mc}, DemoAccounts()...)
	mc.Advance(3 * time.Hour)
	w := serve(h, "GET", SaltPath+"?user_name=sample1", "", "", nil)
	got, err := http.ParseTime(w.Header().Get("Date"))
	if err != nil {
		t.Fatalf("Date header %q: %v", w.Header().Get("Date"), err)
	}
	if d := got.Sub(mc.Now()); d > time.Second || d < -time.Second {
		t.Errorf("Date %s is %s away from the server clock %s", got, d, mc.Now())
	}
}
