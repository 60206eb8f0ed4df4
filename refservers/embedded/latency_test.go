package embedded

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every answer of a server started with Latency comes no sooner than the
// latency; a request canceled while it waits gets no answer.
func TestLatencyDelaysEveryAnswer(t *testing.T) {
	const d = 60 * time.Millisecond
	set, err := Start(Options{Profiles: []string{"videntity"}, Latency: d})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	srv, _ := set.Get("videntity")
	for i := 0; i < 3; i++ {
		start := time.Now()
		resp, err := http.Get(srv.URL + "/nothing-here")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if took := time.Since(start); took < d {
			t.Errorf("answered after %s, latency %s", took, d)
		}
	}
	h := WithLatency(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("a canceled request was served") }), time.Hour)
	req := httptest.NewRequest("GET", "/", nil)
	ctx, cancel := context.WithCancel(req.Context())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(ctx))
}

// The written configuration names every server with its demo accounts
// and the clock asked for.
func TestConfigYAML(t *testing.T) {
	set, err := Start(Options{Profiles: []string{"irp", "certna"}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	p := filepath.Join(t.TempDir(), "c.yaml")
	if err := set.WriteConfig(p, "skip"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	for _, srv := range set.Servers {
		if !strings.Contains(string(b), "base_url: "+srv.URL) {
			t.Errorf("no base_url %s in\n%s", srv.URL, b)
		}
	}
	if strings.Count(string(b), "clock: skip") != 2 || !strings.Contains(string(b), "api_key:") {
		t.Errorf("want two targets on clock: skip with credentials:\n%s", b)
	}
}
