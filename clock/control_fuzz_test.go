package clock

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzControlHandler throws arbitrary requests at the clock control
// endpoint every reference server mounts: nothing panics, a refused
// command leaves the clock where it was, and a server not in test-clock
// mode refuses everything with 403.
func FuzzControlHandler(f *testing.F) {
	f.Add("POST", "127.0.0.1:1234", []byte(`{"advance":"31m"}`))
	f.Add("POST", "127.0.0.1:1234", []byte(`{"set":"2030-01-02T15:04:05Z"}`))
	f.Add("POST", "127.0.0.1:1234", []byte(`{"advance":"1m","set":"2030-01-02T15:04:05Z"}`))
	f.Add("GET", "[::1]:1", []byte(``))
	f.Add("POST", "10.0.0.1:1", []byte(`{"advance":"1h"}`))
	f.Add("DELETE", "127.0.0.1:1", []byte(`{`))
	f.Add("POST", "127.0.0.1:1", []byte(`{"advance":"-9223372036854775807ns"}`))
	f.Fuzz(func(t *testing.T, method, remote string, body []byte) {
		if !validMethod(method) {
			return
		}
		m := NewManual()
		before := m.Offset()
		req := httptest.NewRequest(http.MethodGet, ControlPath, strings.NewReader(string(body)))
		req.Method, req.RemoteAddr = method, remote
		rec := httptest.NewRecorder()
		ControlHandler(m, false).ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && m.Offset() != before {
			t.Fatalf("HTTP %d but the clock moved by %s", rec.Code, m.Offset()-before)
		}
		if rec.Code == http.StatusOK && !fromLoopback(req) {
			t.Fatalf("accepted a command from %q", remote)
		}
		off := httptest.NewRecorder()
		ControlHandler(nil, false).ServeHTTP(off, req)
		if off.Code != http.StatusForbidden {
			t.Fatalf("without test-clock mode: HTTP %d", off.Code)
		}
	})
}

// validMethod keeps the methods httptest can carry (a token of letters).
func validMethod(m string) bool {
	if m == "" || len(m) > 16 {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
