package load_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/load"
)

// bucket is a token bucket: rate tokens a second, at most burst saved.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func (b *bucket) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+b.rate*now.Sub(b.last).Seconds())
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

// limited answers 503 over the bucket's rate.
func limited(b *bucket) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !b.allow() {
				http.Error(w, "over the limit", http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

// A capacity search against a target limited to 50 tokens a second holds
// up to the last step under the limit (40/s) and breaks on the first above
// it (60/s: a sixth of the hits over the limit). The rates are low so that
// the test measures the target, not a busy machine (or the race detector).
func TestCapacityFindsKnownLimit(t *testing.T) {
	b := &bucket{rate: 50, burst: 25, tokens: 25} // half a second of burst absorbs the attacker's jitter
	sc := constant(irpTarget(t, limited(b)), 0, 0)
	sc.Mode = load.ModeCapacity
	sc.Capacity = load.Capacity{
		From: load.Rate{Freq: 20, Per: time.Second}, Step: load.Rate{Freq: 20, Per: time.Second},
		Max: load.Rate{Freq: 200, Per: time.Second}, StepDuration: 4 * time.Second,
		// The test is about the target's limit, not this machine's: a
		// starved attacker must not end the search early.
		MinAchieved: 0.5,
	}
	sc.Thresholds = []string{"p99<2s"}
	res := run(t, sc)
	for _, st := range res.Steps {
		t.Logf("step %v/s: achieved %v/s success %.2f%% p99 %vms held %v %s", st.Rate, st.AchievedRate, st.SuccessRatio*100, st.P99, st.Held, st.Broken)
	}
	if res.MaxHeldRate != 40 {
		t.Errorf("max held rate %v/s, want 40/s, the last step under the 50/s limit", res.MaxHeldRate)
	}
	last := res.Steps[len(res.Steps)-1]
	if last.Held || len(res.Steps) > 3 {
		t.Fatalf("the search did not stop at the limit: %+v", res.Steps)
	}
	if last.Rate == 60 && (!strings.Contains(last.Broken, "success") || last.SuccessRatio > 0.98) {
		t.Errorf("step 60/s broke for %q at success %v, want the success ratio (503s over the limit)", last.Broken, last.SuccessRatio)
	}
	// The run-wide figures cover every step; the series every second.
	var req uint64
	for _, st := range res.Steps {
		req += st.Requests
	}
	if req != res.Requests || len(res.Series) != 4*len(res.Steps) || res.Codes["http-503"] == 0 {
		t.Errorf("requests %d vs steps %d; series %d points for %d steps; codes %v", res.Requests, req, len(res.Series), len(res.Steps), res.Codes)
	}
	if len(res.Thresholds) != 1 || !res.Thresholds[0].Passed {
		t.Errorf("thresholds are reported at the highest held step: %+v", res.Thresholds)
	}
}
