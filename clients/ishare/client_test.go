package ishare

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// TestOversizedAnswer checks the body cap, with and without a declared
// length: a body-too-large error, never a parse of a truncated body.
func TestOversizedAnswer(t *testing.T) {
	big := `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><!--` + strings.Repeat("x", 4096) + `--></soap:Body></soap:Envelope>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		if strings.HasSuffix(r.URL.Path, "/declared") {
			w.Header().Set("Content-Length", "4200")
		}
		w.(http.Flusher).Flush() // chunked unless declared
		_, _ = w.Write([]byte(big[:min(len(big), 4200)]))
	}))
	defer srv.Close()
	for _, p := range []string{"/declared", "/chunked"} {
		c := &Client{BaseURL: srv.URL, Path: p, MaxBody: 1024}
		_, err := c.CreateSessionKey(context.Background(), "u", "p", "k")
		if wire.KindOf(err) != wire.KindBodyTooLarge || !strings.Contains(err.Error(), "1 KiB") {
			t.Errorf("%s: got %v, want body-too-large", p, err)
		}
	}
}

// TestTransportErrorsKeepSecrets checks that a failed exchange is a
// *wire.Error and still has the credentials registered for masking.
func TestTransportErrorsKeepSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
	}))
	defer srv.Close()
	c := New(srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.CreateSessionKey(ctx, "u", "secret-password", "secret-key")
	var we *wire.Error
	if !errors.As(err, &we) || we.Kind != wire.KindTimeout {
		t.Fatalf("got %v, want a timeout", err)
	}
	if s := strings.Join(we.Exchange.Secrets, ","); s != "secret-password,secret-key" {
		t.Errorf("secrets %q", s)
	}
	if _, err := New("http://127.0.0.1:1", nil).GetUserScheduleGET(context.Background(), 7, "k"); wire.KindOf(err) != wire.KindUnreachable {
		t.Errorf("unreachable: %v", err)
	}
}

// TestSend checks the raw variant: paths relative to the service, the
// method default, headers exactly as given.
func TestSend(t *testing.T) {
	var got struct {
		method, uri, ct, action string
		body                    string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 100)
		n, _ := r.Body.Read(b)
		got.method, got.uri, got.ct, got.action, got.body = r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), r.Header.Get("SOAPAction"), string(b[:n])
	}))
	defer srv.Close()
	c := New(srv.URL, nil)
	for _, tc := range []struct {
		method, pathQuery string
		body              []byte
		header            http.Header
		wantMethod        string
		wantURI           string
	}{
		{"", "?WSDL", nil, nil, "GET", "/Users.asmx?WSDL"},
		{"", "", []byte("<x/>"), http.Header{"Content-Type": {"application/json"}}, "POST", "/Users.asmx"},
		{"PUT", "/other/path?a=1", []byte("b"), nil, "PUT", "/other/path?a=1"},
		{"POST", "", []byte("<x/>"), c.SOAPHeader("Nope"), "POST", "/Users.asmx"},
	} {
		x, err := c.Send(context.Background(), tc.method, tc.pathQuery, tc.body, tc.header)
		if err != nil || x.Status != 200 {
			t.Fatalf("%+v: %v", tc, err)
		}
		if got.method != tc.wantMethod || got.uri != tc.wantURI || got.body != string(tc.body) || got.ct != tc.header.Get("Content-Type") || got.action != tc.header.Get("SOAPAction") {
			t.Errorf("%+v: server saw %+v", tc, got)
		}
	}
	if _, err := c.Send(context.Background(), "BAD METHOD", "", nil, nil); err == nil || !strings.Contains(err.Error(), "ishare Send") {
		t.Errorf("bad method: %v", err)
	}
}

// The SOAPAction a call carries: the WSDL's when the client follows one,
// else the namespace and the method, in either legal form.
func TestSOAPActionFollowsTheWSDL(t *testing.T) {
	if got := Actions("http://tempuri.org/", MethodCreateSessionKey); len(got) != 1 || got[0] != "http://tempuri.org/CreateSessionKey" {
		t.Errorf("Actions(tempuri) = %v", got)
	}
	if got := Actions("urn:astun", MethodCreateSessionKey); len(got) != 2 || got[0] != "urn:astun/CreateSessionKey" || got[1] != "urn:astunCreateSessionKey" {
		t.Errorf("Actions(urn:astun) = %v", got)
	}
	c := New("http://x", nil)
	if h := c.SOAPHeader(MethodCreateSessionKey).Get("SOAPAction"); h != `"http://tempuri.org/CreateSessionKey"` {
		t.Errorf("default SOAPAction %s", h)
	}
	c.Follow(&WSDLInfo{SOAPActions: map[string]string{MethodCreateSessionKey: `"urn:astunCreateSessionKey"`}})
	if h := c.SOAPHeader(MethodCreateSessionKey).Get("SOAPAction"); h != `"urn:astunCreateSessionKey"` {
		t.Errorf("SOAPAction after Follow: %s", h)
	}
}
