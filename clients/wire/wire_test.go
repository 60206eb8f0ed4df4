package wire

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, hc *http.Client, url string, max int64) (*Exchange, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Do(context.Background(), hc, "test Get", req, nil, max)
}

func TestBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", "5000")
		}
		_, _ = w.Write([]byte(strings.Repeat("x", 5000)))
	}))
	defer srv.Close()
	for _, path := range []string{"/declared", "/chunked"} {
		x, err := get(t, srv.Client(), srv.URL+path, 1024)
		if KindOf(err) != KindBodyTooLarge || !strings.Contains(err.Error(), "exceeded 1 KiB limit") {
			t.Fatalf("%s: want body-too-large naming the limit, got %v", path, err)
		}
		if x == nil || len(x.Body) > 1024 {
			t.Fatalf("%s: kept %d bytes past the cap", path, len(x.Body))
		}
	}
}

func TestTimeoutAndUnreachable(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	hc, err := NewHTTPClient(ClientOptions{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := get(t, hc, slow.URL, 0); KindOf(err) != KindTimeout {
		t.Fatalf("want timeout, got %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if _, err := get(t, hc, "http://"+addr, 0); KindOf(err) != KindUnreachable {
		t.Fatalf("want unreachable, got %v", err)
	}
}

func TestUntrustedTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	hc, _ := NewHTTPClient(ClientOptions{Timeout: 2 * time.Second})
	if _, err := get(t, hc, srv.URL, 0); KindOf(err) != KindTLS {
		t.Fatalf("want tls, got %v", err)
	}
	insecure, _ := NewHTTPClient(ClientOptions{Timeout: 2 * time.Second, InsecureSkipVerify: true})
	if _, err := get(t, insecure, srv.URL, 0); err != nil {
		t.Fatalf("insecure_skip_verify: %v", err)
	}
}

func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/loop", http.StatusFound)
	}))
	defer srv.Close()
	hc, _ := NewHTTPClient(ClientOptions{Timeout: 2 * time.Second})
	x, err := get(t, hc, srv.URL, 0)
	if err != nil || x.Status != http.StatusFound {
		t.Fatalf("redirects off: want the 302 as the answer, got %v %v", x, err)
	}
	follow, _ := NewHTTPClient(ClientOptions{Timeout: 2 * time.Second, MaxRedirects: 3})
	if _, err := get(t, follow, srv.URL, 0); KindOf(err) != KindRedirect {
		t.Fatalf("want redirect error, got %v", err)
	}
}

func TestConnectionResetMidBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte("partial"))
		hj, _ := w.(http.Hijacker)
		c, _, _ := hj.Hijack()
		c.Close()
	}))
	defer srv.Close()
	_, err := get(t, srv.Client(), srv.URL, 0)
	if KindOf(err) != KindTransport {
		t.Fatalf("want transport error, got %v", err)
	}
}

func TestObserverSeesEveryExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer srv.Close()
	var seen []string
	ctx := WithObserver(context.Background(), func(op string, x *Exchange, err error) { seen = append(seen, op+" "+string(x.Body)) })
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	if _, err := Do(ctx, srv.Client(), "test Get", req, nil, 0); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != "test Get ok" {
		t.Fatalf("observer saw %v", seen)
	}
}

func TestExpectContentType(t *testing.T) {
	x := &Exchange{Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}
	err := ExpectContentType("irp Authenticate", x, "json")
	if KindOf(err) != KindContentType || !strings.Contains(err.Error(), `"text/html"`) {
		t.Fatalf("got %v", err)
	}
	x.Header.Set("Content-Type", "application/json; charset=utf-8")
	if err := ExpectContentType("op", x, "json"); err != nil {
		t.Fatal(err)
	}
}

// A content-type error about an error page or a redirect names the status
// and where the redirect pointed, so the verdict reads as its cause.
func TestExpectContentTypeNamesStatusAndRedirect(t *testing.T) {
	cases := []struct {
		status   int
		location string
		want     string
	}{
		{503, "", `unexpected content type "text/html" (want json) in an HTTP 503 Service Unavailable answer`},
		{302, "http://127.0.0.1:1/login", `in an HTTP 302 Found answer redirecting to http://127.0.0.1:1/login (redirects are not followed)`},
		{200, "", `unexpected content type "text/html" (want json)`},
	}
	for _, c := range cases {
		x := &Exchange{Status: c.status, Header: http.Header{"Content-Type": {"text/html"}}}
		if c.location != "" {
			x.Header.Set("Location", c.location)
		}
		err := ExpectContentType("irp Authenticate", x, "json")
		if KindOf(err) != KindContentType || !strings.Contains(err.Error(), c.want) {
			t.Errorf("HTTP %d: got %v, want it to contain %q", c.status, err, c.want)
		}
	}
}

// A context's Gate stops an exchange before anything is sent: the server
// sees no request, the error is KindNotSent and names the gate's reason,
// and the observer still sees the exchange; a gate that passes lets it go.
func TestGateStopsExchangeUnsent(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	var observed []error
	ctx := WithObserver(context.Background(), func(op string, x *Exchange, err error) { observed = append(observed, err) })
	closed := true
	ctx = WithGate(ctx, func(op string) error {
		if closed {
			return errors.New("target t is not answering")
		}
		return nil
	})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, nil)
	x, err := Do(ctx, srv.Client(), "test Post", req, []byte("a=1"), 0)
	if KindOf(err) != KindNotSent || !strings.Contains(err.Error(), "not answering") || x == nil || x.Status != 0 {
		t.Fatalf("gated exchange: %v (kind %q), %+v", err, KindOf(err), x)
	}
	if hits != 0 || len(observed) != 1 || observed[0] != err {
		t.Fatalf("gated exchange: %d requests reached the server, observer saw %v", hits, observed)
	}
	closed = false
	req, _ = http.NewRequest(http.MethodPost, srv.URL, nil)
	if x, err := Do(ctx, srv.Client(), "test Post", req, []byte("a=1"), 0); err != nil || x.Status != http.StatusOK || hits != 1 {
		t.Fatalf("open gate: %v, %+v, %d requests", err, x, hits)
	}
}
