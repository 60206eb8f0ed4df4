package certna

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSaltRequest(t *testing.T) {
	c := New("https://apex.example.org/", nil)
	req, body, err := c.SaltRequest("a b&c=d")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodGet || body != nil {
		t.Errorf("method %s body %q, want GET without body", req.Method, body)
	}
	if got, want := req.URL.String(), "https://apex.example.org/user/salt?user_name=a+b%26c%3Dd"; got != want {
		t.Errorf("URL %s, want %s", got, want)
	}
	if got := req.URL.Query().Get("user_name"); got != "a b&c=d" {
		t.Errorf("user_name round-trips as %q", got)
	}
	if req.Header.Get("Accept") != "application/json" {
		t.Errorf("Accept %q", req.Header.Get("Accept"))
	}
}

func TestLoginRequest(t *testing.T) {
	c := New("http://h:8080/prefix", nil)
	req, body, err := c.LoginRequest("sample1", "i4Z15hsQxRv0527iliRhb4j3/OlbtFu0SCn/7Sp+Sqk=")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.String() != "http://h:8080/prefix/user/login" {
		t.Errorf("%s %s, want POST http://h:8080/prefix/user/login", req.Method, req.URL)
	}
	if req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q", req.Header.Get("Content-Type"))
	}
	// The body carries the same fields as the vendor's sample request.
	seed, err := os.ReadFile(filepath.Join("testdata", "seed_login_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal(seed, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("body %v, want the seed's %v", got, want)
	}
	if string(body) != `{"user_name":"sample1","password":"i4Z15hsQxRv0527iliRhb4j3/OlbtFu0SCn/7Sp+Sqk="}` {
		t.Errorf("body %s", body)
	}
}

func TestAppendLoginBodyMatchesMarshal(t *testing.T) {
	for _, name := range []string{"sample1", "", `a"b\c`, "<tag>&amp", "tab\tnl\n", "bad\xffutf8", "\u2028\u2029", "ünïcødé"} {
		for _, pw := range []string{"", `p"w\`, "x\xffy"} {
			want, _ := json.Marshal(struct {
				UserName string `json:"user_name"`
				Password string `json:"password"`
			}{name, pw})
			if got := AppendLoginBody(nil, name, pw); string(got) != string(want) {
				t.Errorf("AppendLoginBody(%q, %q) = %s, want %s", name, pw, got, want)
			}
		}
	}
	buf := make([]byte, 0, 256)
	out := AppendLoginBody(buf[:0], "u", "p")
	if &out[0] != &buf[:1][0] {
		t.Errorf("AppendLoginBody did not reuse the buffer with room")
	}
	if allocs := testing.AllocsPerRun(100, func() { buf = AppendLoginBody(buf[:0], "sample1", "aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U=") }); allocs != 0 {
		t.Errorf("AppendLoginBody allocates %.0f times into a big enough buffer", allocs)
	}
}

func TestStoreChecksumRequest(t *testing.T) {
	c := &Client{BaseURL: "http://h", StoreChecksumPath: "custom/store"}
	sum := Checksum([]byte("doc"))
	req, body, err := c.StoreChecksumRequest("534d4c30-28a0-48c8-a76d-bbd265d7a1ac", sum)
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.String() != "http://h/custom/store" {
		t.Errorf("%s %s", req.Method, req.URL)
	}
	if got := req.Header.Get(TokenHeader); got != "534d4c30-28a0-48c8-a76d-bbd265d7a1ac" {
		t.Errorf("token header %q", got)
	}
	if req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q", req.Header.Get("Content-Type"))
	}
	if string(body) != `{"checksum":"`+sum+`"}` {
		t.Errorf("body %s", body)
	}
	req, _, err = c.StoreChecksumRequest("", sum)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := req.Header[http.CanonicalHeaderKey(TokenHeader)]; ok {
		t.Errorf("empty token still sent a header")
	}
	if got := string(AppendChecksumBody([]byte("x"), `a"b`)); got != `x{"checksum":"a\"b"}` {
		t.Errorf("AppendChecksumBody = %s", got)
	}
}

func TestLogoutRequest(t *testing.T) {
	c := &Client{BaseURL: "http://h", LogoutPath: "/session/end"}
	req, body, err := c.LogoutRequest("tok-123456")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.String() != "http://h/session/end" || body != nil {
		t.Errorf("%s %s body %q", req.Method, req.URL, body)
	}
	if req.Header.Get(TokenHeader) != "tok-123456" {
		t.Errorf("token header %q", req.Header.Get(TokenHeader))
	}
	req, _, _ = c.LogoutRequest("")
	if req.Header.Get(TokenHeader) != "" {
		t.Errorf("empty token sent a header")
	}
}

func TestRawRequest(t *testing.T) {
	c := New("http://h/", nil)
	h := http.Header{"content-type": {"text/plain"}, "X-Two": {"a", "b"}}
	req, body, err := c.RawRequest(http.MethodPut, "/user/login?x=1", []byte("pw"), h)
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPut || req.URL.String() != "http://h/user/login?x=1" || string(body) != "pw" {
		t.Errorf("%s %s %q", req.Method, req.URL, body)
	}
	if req.Header.Get("Content-Type") != "text/plain" || len(req.Header.Values("X-Two")) != 2 {
		t.Errorf("headers %v", req.Header)
	}
	h["X-Two"][0] = "changed"
	if req.Header.Values("X-Two")[0] != "a" {
		t.Errorf("RawRequest shares the caller's header slices")
	}
	if _, _, err := c.RawRequest("BAD METHOD", "/", nil, nil); err == nil {
		t.Errorf("invalid method accepted")
	}
}

func TestBuildersNeedBaseURL(t *testing.T) {
	c := &Client{}
	builders := map[string]func() error{
		"salt":   func() error { _, _, err := c.SaltRequest("u"); return err },
		"login":  func() error { _, _, err := c.LoginRequest("u", "p"); return err },
		"store":  func() error { _, _, err := c.StoreChecksumRequest("t", "c"); return err },
		"logout": func() error { _, _, err := c.LogoutRequest("t"); return err },
		"raw":    func() error { _, _, err := c.RawRequest("GET", "/", nil, nil); return err },
	}
	for name, b := range builders {
		if err := b(); !errors.Is(err, ErrNoBaseURL) {
			t.Errorf("%s: error %v, want ErrNoBaseURL", name, err)
		}
	}
	bad := New("http://h\x7f", nil)
	if _, _, err := bad.LoginRequest("u", "p"); err == nil {
		t.Errorf("a base URL with a control character was accepted")
	}
}
