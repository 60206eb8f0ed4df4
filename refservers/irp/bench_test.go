package irp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// nopWriter is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler alone.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}

func benchmarkLogin(b *testing.B, contentType, body string) {
	clk := clock.NewManual()
	s := newServer((&refkit.Options{Clock: clk}).Normalize(), nil)
	w := &nopWriter{h: http.Header{}}
	req := httptest.NewRequest(http.MethodPost, AuthenticatePath, nil)
	req.Header.Set("Content-Type", contentType)
	rd := strings.NewReader(body)
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		req.Body = readCloser{rd}
		s.ServeHTTP(w, req)
	}
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func loginBody(json bool) string {
	a := DemoAccounts()[0]
	ts := time.Now().UTC().Format(timestampLayout)
	sig := sign(a.APIKey, ts, a.SharedSecret)
	if json {
		return `{"APIKey":"` + a.APIKey + `","TimeStamp":"` + ts + `","Signature":"` + sig + `"}`
	}
	return "APIKey=" + a.APIKey + "&TimeStamp=" + strings.ReplaceAll(strings.ReplaceAll(ts, " ", "+"), ":", "%3A") + "&Signature=" + sig
}

func BenchmarkLoginForm(b *testing.B) {
	benchmarkLogin(b, "application/x-www-form-urlencoded; charset=UTF-8", loginBody(false))
}

func BenchmarkLoginJSON(b *testing.B) {
	benchmarkLogin(b, "application/json", loginBody(true))
}

// statusWriter keeps the status and the last answer's first bytes.
type statusWriter struct {
	nopWriter
	status int
	body   []byte
}

func (w *statusWriter) WriteHeader(s int) { w.status = s }
func (w *statusWriter) Write(b []byte) (int, error) {
	w.body = append(w.body[:0], b[:min(len(b), 64)]...)
	return len(b), nil
}

// BenchmarkAuthenticateFullStore measures Authenticate as served (the
// wrapped handler: body cap, clock control), the session store at its cap
// so each login evicts the oldest, as under a load test.
func BenchmarkAuthenticateFullStore(b *testing.B) {
	benchmarkServedLogin(b, New(refkit.Options{MaxSessions: 1000}), 0)
}

// BenchmarkAuthenticateFullDefaultStore is BenchmarkAuthenticateFullStore
// at the default cap (100,000 sessions), as a load test leaves the store.
func BenchmarkAuthenticateFullDefaultStore(b *testing.B) {
	benchmarkServedLogin(b, New(refkit.Options{}), 120_000)
}

// benchmarkServedLogin measures h's logins after warm untimed ones.
func benchmarkServedLogin(b *testing.B, h http.Handler, warm int) {
	body := loginBody(false)
	w := &statusWriter{nopWriter: nopWriter{h: http.Header{}}}
	req := httptest.NewRequest(http.MethodPost, AuthenticatePath, nil)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rd := strings.NewReader(body)
	login := func() {
		rd.Reset(body)
		req.Body = readCloser{rd}
		h.ServeHTTP(w, req)
	}
	for range warm {
		login()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		login()
	}
	if w.status != http.StatusOK || !strings.Contains(string(w.body), `"AuthenticationToken"`) {
		b.Fatalf("the last login answered %d %s", w.status, w.body)
	}
}
