package videntity

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// recorded is what a stub server saw.
type recorded struct {
	method, path, contentType, body string
}

// stub answers every request with status, content type and body, and
// records the last request.
func stub(t *testing.T, status int, contentType, body string) (*Client, *recorded) {
	t.Helper()
	rec := &recorded{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*rec = recorded{r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), string(b)}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.URL, srv.Client()), rec
}

const successBody = `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/login"><status>SUCCESS</status><api_tx_number>5</api_tx_number>
<response_name_value><session_key>K3yK3yK3yK3yK3yK3y</session_key></response_name_value>
<timestamp>2030-01-02 15:04:05</timestamp></response>`

func TestLoginSendsFormAndParses(t *testing.T) {
	c, rec := stub(t, 200, "text/xml; charset=utf-8", successBody)
	r, err := c.Login(context.Background(), "foobar", "Ry5NvPky2jBjshT", "514778845023264")
	if err != nil {
		t.Fatal(err)
	}
	if rec.method != http.MethodPost || rec.path != DefaultLoginPath || rec.contentType != FormContentType {
		t.Errorf("sent %s %s (%s)", rec.method, rec.path, rec.contentType)
	}
	if rec.body != "username=foobar&password=Ry5NvPky2jBjshT&account_number=514778845023264" {
		t.Errorf("sent body %q", rec.body)
	}
	if !r.OK() || r.SessionKey != "K3yK3yK3yK3yK3yK3y" || r.TxNumber != 5 {
		t.Errorf("got %+v", r)
	}
	for _, s := range []string{"Ry5NvPky2jBjshT", "514778845023264", "K3yK3yK3yK3yK3yK3y"} {
		if !slices.Contains(r.Exchange.Secrets, s) {
			t.Errorf("secret %q not registered: %v", s, r.Exchange.Secrets)
		}
	}
	if slices.Contains(r.Exchange.Secrets, "foobar") {
		t.Errorf("the username is not a secret")
	}
}

func TestPingAndLogoutSendSessionKey(t *testing.T) {
	c, rec := stub(t, 200, "text/xml", strings.Replace(successBody, "/session/login", "/session/ping", 1))
	c.PingPath, c.LogoutPath = "/p", "/o"
	for _, call := range []struct {
		path string
		do   func() (*Response, error)
	}{
		{"/p", func() (*Response, error) { return c.Ping(context.Background(), "S3ss/on") }},
		{"/o", func() (*Response, error) { return c.Logout(context.Background(), "S3ss/on") }},
	} {
		r, err := call.do()
		if err != nil {
			t.Fatal(err)
		}
		if rec.path != call.path || rec.body != "session_key=S3ss%2Fon" {
			t.Errorf("sent %s %q", rec.path, rec.body)
		}
		if !slices.Contains(r.Exchange.Secrets, "S3ss/on") {
			t.Errorf("session key not registered as secret")
		}
	}
}

func TestPostFormAndSend(t *testing.T) {
	c, rec := stub(t, 200, "text/xml", `<response api_method="/session/login"><status>ERROR</status><api_tx_number>1</api_tx_number><error_number>4</error_number><error_name>MISSING_MANDATORY_FIELD</error_name><error_detail>Mandatory field account_number is missing</error_detail><timestamp>2030-01-02 15:04:05</timestamp></response>`)
	r, err := c.PostForm(context.Background(), "/session/login", url.Values{"username": {"foobar"}, "password": {"Secr3tSecr3t"}})
	if err != nil {
		t.Fatal(err)
	}
	if rec.body != "password=Secr3tSecr3t&username=foobar" || rec.contentType != FormContentType {
		t.Errorf("sent %q (%s)", rec.body, rec.contentType)
	}
	if r.ErrorNumber != ErrMissingMandatoryField || !slices.Contains(r.Exchange.Secrets, "Secr3tSecr3t") {
		t.Errorf("got %+v, secrets %v", r, r.Exchange.Secrets)
	}

	if _, err := c.Send(context.Background(), "/session/ping", []byte(`{"session_key":"x"}`), "application/json"); err != nil {
		t.Fatal(err)
	}
	if rec.method != http.MethodPost || rec.contentType != "application/json" || rec.body != `{"session_key":"x"}` {
		t.Errorf("Send sent %+v", rec)
	}
	if _, err := c.Send(context.Background(), "/session/ping", []byte("garbage"), ""); err != nil {
		t.Fatal(err)
	}
	if rec.contentType != "" || rec.body != "garbage" {
		t.Errorf("Send without content type sent %+v", rec)
	}
	if _, err := c.SendMethod(context.Background(), http.MethodGet, "/session/ping?x=1", nil, ""); err != nil {
		t.Fatal(err)
	}
	if rec.method != http.MethodGet || rec.path != "/session/ping?x=1" {
		t.Errorf("SendMethod sent %+v", rec)
	}
}

func TestTransportErrorsKeepEvidence(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		kind        wire.Kind
	}{
		{"wrong content type", 200, "application/json", `{"ok":true}`, wire.KindContentType},
		{"html 502", 502, "text/html", "<html>Bad Gateway</html>", wire.KindContentType},
		{"malformed xml", 200, "text/xml", "<response><status>", wire.KindMalformed},
		{"oversized", 200, "text/xml", "<response>" + strings.Repeat("x", 2048) + "</response>", wire.KindBodyTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := stub(t, tc.status, tc.contentType, tc.body)
			c.MaxBody = 1024
			r, err := c.Login(context.Background(), "foobar", "Ry5NvPky2jBjshT", "514778845023264")
			if err == nil {
				t.Fatalf("accepted %+v", r)
			}
			if k := wire.KindOf(err); k != tc.kind {
				t.Fatalf("kind %q, want %q: %v", k, tc.kind, err)
			}
			var we *wire.Error
			if !errors.As(err, &we) || we.Exchange == nil || we.Exchange.Status != tc.status {
				t.Fatalf("error lacks the exchange: %v", err)
			}
			if !slices.Contains(we.Exchange.Secrets, "Ry5NvPky2jBjshT") {
				t.Errorf("the password is not registered as a secret on a failed exchange")
			}
		})
	}
}

func TestOversizedStreamedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		chunk := []byte(strings.Repeat("<a/>", 1024))
		for i := 0; i < 512; i++ { // 2 MiB without Content-Length
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := New(srv.URL, srv.Client()).Ping(context.Background(), "k")
	if wire.KindOf(err) != wire.KindBodyTooLarge {
		t.Fatalf("want body-too-large with the default 1 MiB cap, got %v", err)
	}
}

func TestHangingServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "<response>")
		w.(http.Flusher).Flush()
		<-release
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := New(srv.URL, srv.Client()).Logout(ctx, "k")
	if wire.KindOf(err) != wire.KindTimeout {
		t.Fatalf("want a timeout, got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("the call hung for %v", time.Since(start))
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	_, err := New(u, nil).Login(context.Background(), "u", "p", "a")
	if wire.KindOf(err) != wire.KindUnreachable {
		t.Fatalf("want unreachable, got %v", err)
	}
}

func TestCallsReportBuilderErrors(t *testing.T) {
	c := New("http://bad host\x7f", nil)
	ctx := context.Background()
	calls := map[string]func() (*Response, error){
		"login":  func() (*Response, error) { return c.Login(ctx, "u", "p", "a") },
		"ping":   func() (*Response, error) { return c.Ping(ctx, "k") },
		"logout": func() (*Response, error) { return c.Logout(ctx, "k") },
		"form":   func() (*Response, error) { return c.PostForm(ctx, "/x", nil) },
		"send":   func() (*Response, error) { return c.Send(ctx, "/x", nil, "") },
	}
	for name, call := range calls {
		if r, err := call(); err == nil || r != nil || !strings.Contains(err.Error(), "videntity") {
			t.Errorf("%s: want a videntity error, got %v, %v", name, r, err)
		}
	}
}
