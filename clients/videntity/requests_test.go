package videntity

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAppendLoginBodyMatchesFormEncoding(t *testing.T) {
	cases := []struct{ user, pass, acct string }{
		{"foobar", "Ry5NvPAbceAS123", "210983749212839"},
		{"a b", "p&ss=w+rd%", "12 34"},
		{"ünïcødé", "~-._*'()!", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		got := string(AppendLoginBody(nil, c.user, c.pass, c.acct))
		want := "username=" + url.QueryEscape(c.user) + "&password=" + url.QueryEscape(c.pass) +
			"&account_number=" + url.QueryEscape(c.acct)
		if got != want {
			t.Errorf("AppendLoginBody(%q,%q,%q) = %q, want %q", c.user, c.pass, c.acct, got, want)
		}
		back, err := url.ParseQuery(got)
		if err != nil {
			t.Fatalf("body %q does not parse back: %v", got, err)
		}
		if back.Get("username") != c.user || back.Get("password") != c.pass || back.Get("account_number") != c.acct {
			t.Errorf("body %q parses back to %v", got, back)
		}
	}
}

func TestAppendLoginBodySeedExample(t *testing.T) {
	// The vendor's page: username=foobar&password=Ry5NvPAbceAS123&account_number=210983749212839
	got := string(AppendLoginBody(nil, "foobar", "Ry5NvPAbceAS123", "210983749212839"))
	if want := "username=foobar&password=Ry5NvPAbceAS123&account_number=210983749212839"; got != want {
		t.Fatalf("got %q, want the seed's %q", got, want)
	}
}

func TestAppendQueryEscapeEveryByte(t *testing.T) {
	var all strings.Builder
	for i := 0; i < 256; i++ {
		all.WriteByte(byte(i))
	}
	if got, want := string(appendQueryEscape(nil, all.String())), url.QueryEscape(all.String()); got != want {
		t.Fatalf("appendQueryEscape differs from url.QueryEscape:\n got %q\nwant %q", got, want)
	}
}

func TestAppendBodiesDoNotAllocateWithRoom(t *testing.T) {
	buf := make([]byte, 0, 256)
	n := testing.AllocsPerRun(100, func() {
		buf = AppendLoginBody(buf[:0], "foobar", "Ry5NvPky2jBjshT", "514778845023264")
		buf = AppendSessionBody(buf[:0], "Ry5NvPAbceAS123")
	})
	if n != 0 {
		t.Fatalf("append builders allocate %.0f times per run, want 0", n)
	}
}

func TestAppendSessionBody(t *testing.T) {
	if got := string(AppendSessionBody([]byte("x"), "Ry5N/+ =")); got != "xsession_key=Ry5N%2F%2B+%3D" {
		t.Fatalf("got %q", got)
	}
}

func TestURLJoin(t *testing.T) {
	cases := []struct{ base, path, want string }{
		{"https://api.videntity.com", "/session/ping", "https://api.videntity.com/session/ping"},
		{"https://api.videntity.com/", "/session/ping", "https://api.videntity.com/session/ping"},
		{"https://h/prefix//", "session/ping", "https://h/prefix/session/ping"},
		{"https://h", "/session/ping?session_key=x", "https://h/session/ping?session_key=x"},
	}
	for _, c := range cases {
		if got := (&Client{BaseURL: c.base}).URL(c.path); got != c.want {
			t.Errorf("URL(%q, %q) = %q, want %q", c.base, c.path, got, c.want)
		}
	}
}

func TestRequestBuilders(t *testing.T) {
	c := New("https://api.videntity.com", nil)
	cases := []struct {
		name     string
		build    func() (*http.Request, []byte, error)
		wantURL  string
		wantBody string
	}{
		{"login", func() (*http.Request, []byte, error) { return c.LoginRequest("foobar", "pw", "123") },
			"https://api.videntity.com/sessions/login", "username=foobar&password=pw&account_number=123"},
		{"ping", func() (*http.Request, []byte, error) { return c.PingRequest("KEY") },
			"https://api.videntity.com/session/ping", "session_key=KEY"},
		{"logout", func() (*http.Request, []byte, error) { return c.LogoutRequest("KEY") },
			"https://api.videntity.com/session/logout", "session_key=KEY"},
		{"form", func() (*http.Request, []byte, error) {
			return c.FormRequest("/session/login", url.Values{"username": {"u"}, "extra": {"1"}})
		}, "https://api.videntity.com/session/login", "extra=1&username=u"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, body, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			if req.Method != http.MethodPost || req.URL.String() != tc.wantURL {
				t.Errorf("request is %s %s, want POST %s", req.Method, req.URL, tc.wantURL)
			}
			if ct := req.Header.Get("Content-Type"); ct != FormContentType {
				t.Errorf("Content-Type %q, want %q", ct, FormContentType)
			}
			if string(body) != tc.wantBody {
				t.Errorf("body %q, want %q", body, tc.wantBody)
			}
			got, err := io.ReadAll(req.Body)
			if err != nil || string(got) != tc.wantBody {
				t.Errorf("request carries body %q (%v), want %q", got, err, tc.wantBody)
			}
		})
	}
}

func TestRequestBuildersUseConfiguredPaths(t *testing.T) {
	c := &Client{BaseURL: "http://h", LoginPath: "/session/login", PingPath: "/api/ping", LogoutPath: "/api/out"}
	for _, tc := range []struct {
		build func() (*http.Request, []byte, error)
		want  string
	}{
		{func() (*http.Request, []byte, error) { return c.LoginRequest("u", "p", "a") }, "/session/login"},
		{func() (*http.Request, []byte, error) { return c.PingRequest("k") }, "/api/ping"},
		{func() (*http.Request, []byte, error) { return c.LogoutRequest("k") }, "/api/out"},
	} {
		req, _, err := tc.build()
		if err != nil {
			t.Fatal(err)
		}
		if req.URL.Path != tc.want {
			t.Errorf("path %q, want %q", req.URL.Path, tc.want)
		}
	}
}

func TestRawRequestWithoutContentType(t *testing.T) {
	req, body, err := New("http://h", nil).RawRequest(http.MethodGet, "/session/ping", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodGet || req.Header.Get("Content-Type") != "" || body != nil {
		t.Fatalf("got %s with Content-Type %q and body %q", req.Method, req.Header.Get("Content-Type"), body)
	}
}

func TestBuilderRejectsBadBaseURL(t *testing.T) {
	_, _, err := New("http://bad host\x7f", nil).LoginRequest("u", "p", "a")
	if err == nil || !strings.Contains(err.Error(), "building POST request") {
		t.Fatalf("want a building error, got %v", err)
	}
}
