package certna

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// BenchmarkLogin measures the login endpoint's handler alone (no network).
func BenchmarkLogin(b *testing.B) {
	h := New(refkit.Options{}, DemoAccounts()...)
	body := loginBodyFor(DemoAccounts()[0])
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", LoginPath, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("login: %d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkStoreChecksum measures the guarded call on a live session.
func BenchmarkStoreChecksum(b *testing.B) {
	h := New(refkit.Options{}, DemoAccounts()...)
	w := serve(h, "POST", LoginPath, "application/json", loginBodyFor(DemoAccounts()[0]), nil)
	token := strings.TrimSuffix(strings.TrimPrefix(w.Body.String(), `{"access_token":"`), `"}`)
	sum := `{"checksum":"` + strings.Repeat("A", 64) + `"}`
	b.ReportAllocs()
	for b.Loop() {
		if w := serve(h, "POST", StoreChecksumPath, "application/json", sum, map[string]string{TokenHeader: token}); w.Code != 200 {
			b.Fatalf("store: %d %s", w.Code, w.Body)
		}
	}
}
