package hostile

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/schemas"
)

// call makes one login of profile's client against baseURL.
func call(ctx context.Context, profile, baseURL string, hc *http.Client) error {
	switch profile {
	case "videntity":
		_, err := videntity.New(baseURL, hc).Login(ctx, "foobar", "Ry5NvPky2jBjshT", "514778845023264")
		return err
	case "irp":
		_, err := irp.New(baseURL, hc).Authenticate(ctx, "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE", time.Time{})
		return err
	case "ishare":
		r, err := ishare.New(baseURL, hc).CreateSessionKey(ctx, "mycouncil", "Wy7#kQ2v!pLm", "8C1D5B7E-2F4A-4E9B-A3C6-71D0E5F29B48")
		if err == nil && r.Fault != nil {
			return errors.New("soap fault: " + r.Fault.Code + " " + r.Fault.String)
		}
		return err
	}
	return errors.New("unknown profile " + profile)
}

// wantKind is the wire kind each case must produce ("" where the answer
// may be a documented result, as a SOAP fault is).
func wantKind(profile string, c Case) wire.Kind {
	switch c {
	case SlowHeaders, SlowDrip:
		return wire.KindTimeout
	case EndlessBody, HugeBody:
		return wire.KindBodyTooLarge
	case WrongContentType, ServerErrors, RedirectLoop:
		return wire.KindContentType
	case ConnReset:
		return wire.KindTransport
	case UntrustedTLS:
		return wire.KindTLS
	case SOAPFault:
		return ""
	}
	return wire.KindMalformed
}

// goroutines waits up to 5s for the goroutine count to fall to at most
// want and returns it, with the stacks when it did not.
func goroutines(want int) (int, string) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			if n <= want {
				return n, ""
			}
			var b strings.Builder
			_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
			return n, b.String()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Every client, against every hostile case, returns within its timeout
// with the kind of error the case calls for, and leaves no goroutine
// behind once its idle connections and the server are closed.
func TestClientsEndAndDoNotLeak(t *testing.T) {
	const timeout = 500 * time.Millisecond
	for _, profile := range Profiles() {
		for _, c := range Cases(profile) {
			t.Run(profile+"/"+string(c), func(t *testing.T) {
				before := runtime.NumGoroutine()
				srv, err := Start(profile, c)
				if err != nil {
					t.Fatal(err)
				}
				hc, err := wire.NewHTTPClient(wire.ClientOptions{Timeout: timeout})
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 3; i++ {
					start := time.Now()
					err := call(context.Background(), profile, srv.URL, hc)
					if took := time.Since(start); took > timeout+time.Second {
						t.Errorf("call %d took %s (timeout %s)", i, took, timeout)
					}
					if err == nil && profile == "irp" && c == InvalidUTF8 {
						// encoding/json decodes invalid UTF-8 as U+FFFD; the
						// schema check refuses the answer instead
						// (TestSchemaRefusesInvalidUTF8).
						continue
					}
					if err == nil {
						t.Fatalf("call %d: the hostile answer was accepted", i)
					}
					if k := wantKind(profile, c); k != "" && wire.KindOf(err) != k {
						t.Errorf("call %d: %v (kind %q), want kind %q", i, err, wire.KindOf(err), k)
					}
				}
				hc.CloseIdleConnections()
				srv.Close()
				if n, stacks := goroutines(before); n > before {
					t.Fatalf("%d goroutines after, %d before:\n%s", n, before, stacks)
				}
				if n := srv.XXEFetches(); n != 0 {
					t.Fatalf("the client fetched an external entity %d times", n)
				}
			})
		}
	}
}

// A canceled call ends at once and leaks nothing either.
func TestCanceledCallsDoNotLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := Start("videntity", SlowHeaders)
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := wire.NewHTTPClient(wire.ClientOptions{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- call(ctx, "videntity", srv.URL, hc) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if wire.KindOf(err) != wire.KindCanceled {
			t.Fatalf("got %v, want canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a canceled call did not return")
	}
	hc.CloseIdleConnections()
	srv.Close()
	if n, stacks := goroutines(before); n > before {
		t.Fatalf("%d goroutines after, %d before:\n%s", n, before, stacks)
	}
}

// The server does what each case says, and Close ends even the answers
// that block forever.
func TestServerBehaviours(t *testing.T) {
	get := func(t *testing.T, srv *Server, path string) (*http.Response, error) {
		t.Helper()
		hc := &http.Client{Timeout: 2 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if strings.HasPrefix(srv.URL, "https") {
			hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // test of the untrusted server itself
		}
		return hc.Post(srv.URL+path, "application/x-www-form-urlencoded", strings.NewReader("Signature=abc123"))
	}
	t.Run("huge body declares 1 GiB and streams it", func(t *testing.T) {
		srv, _ := Start("irp", HugeBody)
		defer srv.Close()
		resp, err := get(t, srv, "/x")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.ContentLength != HugeBodySize {
			t.Fatalf("Content-Length %d", resp.ContentLength)
		}
		n, _ := io.CopyN(io.Discard, resp.Body, 8<<20)
		if n != 8<<20 {
			t.Fatalf("read %d bytes", n)
		}
	})
	t.Run("5xx storm rotates statuses", func(t *testing.T) {
		srv, _ := Start("irp", ServerErrors)
		defer srv.Close()
		seen := map[int]bool{}
		for i := 0; i < 4; i++ {
			resp, err := get(t, srv, "/x")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			seen[resp.StatusCode] = true
		}
		if len(seen) != 4 || !seen[500] || !seen[502] || !seen[503] || !seen[504] {
			t.Fatalf("statuses %v", seen)
		}
	})
	t.Run("redirect loop points at itself", func(t *testing.T) {
		srv, _ := Start("videntity", RedirectLoop)
		defer srv.Close()
		resp, err := get(t, srv, "/sessions/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != srv.URL+"/sessions/login" {
			t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	t.Run("irp answers echo the signature", func(t *testing.T) {
		srv, _ := Start("irp", UntrustedTLS)
		defer srv.Close()
		resp, err := get(t, srv, "/x")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), `"Signature":"abc123"`) {
			t.Fatalf("answer %s", b)
		}
	})
	t.Run("the XXE counter counts entity fetches", func(t *testing.T) {
		srv, _ := Start("videntity", XXE)
		defer srv.Close()
		resp, err := get(t, srv, XXEPath+"entity")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if srv.XXEFetches() != 1 {
			t.Fatalf("XXEFetches = %d after one fetch", srv.XXEFetches())
		}
	})
	t.Run("a client told to trust the certificate gets through", func(t *testing.T) {
		srv, _ := Start("videntity", UntrustedTLS)
		defer srv.Close()
		pemFile, err := srv.CertFile(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		hc, err := wire.NewHTTPClient(wire.ClientOptions{Timeout: 2 * time.Second, CAFile: pemFile})
		if err != nil {
			t.Fatal(err)
		}
		if err := call(context.Background(), "videntity", srv.URL, hc); err != nil {
			t.Fatalf("trusted: %v", err)
		}
		raw, _ := os.ReadFile(pemFile)
		if pool := x509.NewCertPool(); !pool.AppendCertsFromPEM(raw) {
			t.Fatal("CertFile wrote no PEM certificate")
		}
	})
	t.Run("close ends blocked answers", func(t *testing.T) {
		for _, c := range []Case{SlowHeaders, SlowDrip, EndlessBody} {
			srv, _ := Start("videntity", c)
			go func() {
				hc := &http.Client{Timeout: time.Minute}
				if resp, err := hc.Post(srv.URL+"/sessions/login", "text/plain", nil); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
			time.Sleep(100 * time.Millisecond)
			done := make(chan struct{})
			go func() { srv.Close(); close(done) }()
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				t.Fatalf("%s: Close hung", c)
			}
		}
	})
	t.Run("unknown profiles and cases are refused", func(t *testing.T) {
		if _, err := Start("nope", SlowHeaders); err == nil {
			t.Fatal("unknown profile accepted")
		}
		if _, err := Start("irp", XXE); err == nil {
			t.Fatal("XXE for a JSON API accepted")
		}
	})
}

// Answers that are not UTF-8 text fail their schema check, JSON and XML
// alike, before a parser can turn the bad bytes into U+FFFD.
func TestSchemaRefusesInvalidUTF8(t *testing.T) {
	for name, profile := range map[string]string{"irp/authenticate.schema.json": "irp", "videntity/response.xsd": "videntity"} {
		body, _ := Answer(profile, "tok\xff\xfe")
		err := schemas.Validate(name, body)
		if err == nil || !strings.Contains(err.Error(), "not valid UTF-8: byte 0xff") {
			t.Errorf("%s: %v", name, err)
		}
		utf16 := []byte{0xff, 0xfe, '<', 0, 'r', 0}
		if err := schemas.Validate(name, utf16); err == nil || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("%s, UTF-16: %v", name, err)
		}
		nul, _ := Answer(profile, "tok")
		nul[len(nul)/2] = 0
		if err := schemas.Validate(name, nul); err == nil || !strings.Contains(err.Error(), "NUL byte") {
			t.Errorf("%s, NUL: %v", name, err)
		}
	}
	// Without the bad bytes the same answers are valid: the check refuses
	// the encoding, not the shape.
	for name, profile := range map[string]string{"irp/authenticate.schema.json": "irp", "videntity/response.xsd": "videntity"} {
		valid, _ := Answer(profile, "H0st1leT0ken0123456789")
		if err := schemas.Validate(name, valid); err != nil {
			t.Errorf("%s: the valid answer is refused: %v", name, err)
		}
	}
}
