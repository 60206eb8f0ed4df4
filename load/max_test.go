package load_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/results"
)

// maxScenario is an unpaced IRP scenario of workers workers.
func maxScenario(t *testing.T, wrap func(http.Handler) http.Handler, workers uint64) load.Scenario {
	sc := constant(irpTarget(t, wrap), 1, 0)
	sc.Mode, sc.Rate, sc.Workers = load.ModeMax, load.Rate{}, workers
	return sc
}

// Max mode bounded by a number of hits sends exactly that many, and the
// result says it is a closed model of that many workers.
func TestMaxModeHitsBound(t *testing.T) {
	sc := maxScenario(t, nil, 4)
	sc.Hits = 500
	start := time.Now()
	res := run(t, sc)
	if res.Requests != 500 || res.Successes != 500 {
		t.Errorf("requests %d successes %d, want 500 and 500; codes %v errors %v", res.Requests, res.Successes, res.Codes, res.Errors)
	}
	if res.Mode != "max" || res.Model != results.ModelClosed || res.Workers != 4 || res.RequestedRate != 0 {
		t.Errorf("mode %q model %q workers %d requested %v, want max, closed, 4, 0", res.Mode, res.Model, res.Workers, res.RequestedRate)
	}
	if res.AchievedRate <= 0 || res.TokensPerSec != res.AchievedRate {
		t.Errorf("achieved %v tokens/s %v, want equal and positive", res.AchievedRate, res.TokensPerSec)
	}
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("500 unpaced hits took %s", el)
	}
	if !strings.HasPrefix(res.ModelLabel(), "closed model (unpaced, not coordinated-omission safe)") {
		t.Errorf("label %q", res.ModelLabel())
	}
}

// Max mode bounded by a duration ends at it; an open-model run says so.
func TestMaxModeDurationBound(t *testing.T) {
	sc := maxScenario(t, nil, 2)
	sc.Duration = time.Second
	start := time.Now()
	res := run(t, sc)
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("a 1s max-mode run took %s", el)
	}
	if res.Requests == 0 || res.Successes != res.Requests || len(res.Series) != 1 || res.Series[0].Requests != res.Requests {
		t.Errorf("requests %d successes %d series %+v", res.Requests, res.Successes, res.Series)
	}
	open := run(t, constant(irpTarget(t, nil), 50, time.Second))
	if open.Model != results.ModelOpen || open.Workers != 0 || !strings.HasPrefix(open.ModelLabel(), "open model") {
		t.Errorf("constant run: model %q workers %d label %q", open.Model, open.Workers, open.ModelLabel())
	}
}

// A closed model keeps exactly its workers' hits in flight, never more, and
// measures service time: against a server answering in 30ms, 3 workers
// hold 3 requests in flight, reach about 100/s and see ~30ms latencies
// however long the run (an open model at that rate would see them grow).
func TestMaxModeIsClosed(t *testing.T) {
	var inFlight, peak atomic.Int64
	slow := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := inFlight.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(30 * time.Millisecond)
			inFlight.Add(-1)
			h.ServeHTTP(w, r)
		})
	}
	sc := maxScenario(t, slow, 3)
	sc.Duration = 2 * time.Second
	res := run(t, sc)
	if p := peak.Load(); p != 3 {
		t.Errorf("peak in flight %d, want the 3 workers", p)
	}
	// at most 3 / 30ms = 100/s; less on a busy machine
	if res.AchievedRate <= 0 || res.AchievedRate > 101 {
		t.Errorf("achieved %v/s, want at most 3 / 30ms = 100/s", res.AchievedRate)
	}
	if res.Latency.P50 < 29 || res.Latency.P50 > 250 {
		t.Errorf("latency %+v, want service times of about 30ms", res.Latency)
	}
}

// Thresholds evaluate in max mode; a rate threshold relative to the
// requested rate is refused, since max mode requests none.
func TestMaxModeThresholds(t *testing.T) {
	sc := maxScenario(t, nil, 2)
	sc.Hits = 200
	sc.Thresholds = []string{"tokens_per_s>=1", "success>=100%", "p99<1us", "rate>=1/s"}
	res := run(t, sc)
	want := map[string]bool{"tokens_per_s>=1": true, "success>=100%": true, "p99<1us": false, "rate>=1/s": true}
	if len(res.Thresholds) != len(want) {
		t.Fatalf("thresholds %+v", res.Thresholds)
	}
	for _, th := range res.Thresholds {
		if th.Passed != want[th.Expr] {
			t.Errorf("%s passed=%v measured %v, want passed=%v", th.Expr, th.Passed, th.Measured, want[th.Expr])
		}
	}
	sc.Thresholds = []string{"rate>=95%"}
	if err := load.Check(sc); err == nil || !strings.Contains(err.Error(), "max mode requests none") {
		t.Errorf("relative rate threshold in max mode: %v", err)
	}
}

// Bad max-mode and hits settings are refused with the cause named.
func TestMaxModeChecks(t *testing.T) {
	base := maxScenario(t, nil, 2)
	cases := []struct {
		name string
		edit func(*load.Scenario)
		want string
	}{
		{"unbounded", func(sc *load.Scenario) {}, "max mode needs a positive duration or a number of hits"},
		{"with a rate", func(sc *load.Scenario) { sc.Hits, sc.Rate = 10, load.Rate{Freq: 5, Per: time.Second} }, "max mode is unpaced and takes no rate"},
		{"capacity hits", func(sc *load.Scenario) {
			sc.Mode, sc.Hits = load.ModeCapacity, 10
			sc.Capacity = load.Capacity{From: load.Rate{Freq: 1, Per: time.Second}, Step: load.Rate{Freq: 1, Per: time.Second}, StepDuration: time.Second}
		}, "capacity mode takes no number of hits"},
		{"over the duration cap", func(sc *load.Scenario) { sc.Duration = 2 * time.Hour }, "exceeds the safety cap"},
		{"constant unbounded", func(sc *load.Scenario) { sc.Mode, sc.Rate = load.ModeConstant, load.Rate{Freq: 5, Per: time.Second} }, "constant mode needs a positive duration or a number of hits"},
	}
	for _, c := range cases {
		sc := base
		c.edit(&sc)
		if err := load.Check(sc); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A constant run bounded by hits and no duration sends exactly them, at
// its rate.
func TestConstantHitsBound(t *testing.T) {
	sc := constant(irpTarget(t, nil), 100, 0)
	sc.Hits = 50
	start := time.Now()
	res := run(t, sc)
	el := time.Since(start)
	if res.Requests != 50 || res.Successes != 50 || res.Model != results.ModelOpen {
		t.Errorf("requests %d successes %d model %q, want 50, 50, open", res.Requests, res.Successes, res.Model)
	}
	if el < 400*time.Millisecond || el > 10*time.Second {
		t.Errorf("50 hits at 100/s took %s, want about 0.5s", el)
	}
	// with a duration shorter than the hits need, the duration ends it
	sc.Hits, sc.Duration = 1000, 300*time.Millisecond
	if res := run(t, sc); res.Requests < 10 || res.Requests > 40 {
		t.Errorf("hits 1000 in 300ms at 100/s: %d requests, want about 30", res.Requests)
	}
}

// Interrupting a max-mode run stops it at once; its progress reports no
// requested rate (not vegeta's 0/0 of an infinite rate).
func TestMaxModeInterrupt(t *testing.T) {
	sc := maxScenario(t, nil, 2)
	sc.Duration = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	var rates []float64
	start := time.Now()
	res, err := load.Run(ctx, sc, load.WithProgress(func(p load.Progress) {
		mu.Lock()
		rates = append(rates, p.Rate)
		mu.Unlock()
	}, 100*time.Millisecond))
	if err != nil || !res.Interrupted || time.Since(start) > 10*time.Second {
		t.Errorf("interrupted max run: err %v interrupted %v after %s", err, res != nil && res.Interrupted, time.Since(start))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(rates) == 0 {
		t.Error("no progress")
	}
	for _, r := range rates {
		if r != 0 {
			t.Errorf("progress rate %v in max mode, want 0", r)
			break
		}
	}
}

// A constant run sends every hit of its schedule, rate × duration, even
// when a busy machine makes the attacker late at the end (vegeta alone
// stops at the duration and drops them).
func TestConstantSendsEveryScheduledHit(t *testing.T) {
	for i := 0; i < 3; i++ {
		res := run(t, constant(irpTarget(t, nil), 200, time.Second))
		if res.Requests != 200 {
			t.Fatalf("run %d: %d requests, want 200 (200/s for 1s)", i, res.Requests)
		}
	}
}

// A constant run shorter than its first interval schedules no hit: the
// slack given to a late attacker (and the bound of hits it sets) is not
// for it, which sent a second hit. vegeta itself sleeps to the first hit
// and sends it, so one may go out.
func TestConstantShorterThanInterval(t *testing.T) {
	sc := constant(irpTarget(t, nil), 1, 950*time.Millisecond)
	sc.Hits = 5
	if res := run(t, sc); res.Requests > 1 {
		t.Errorf("1/s for 950ms: %d requests, want at most 1 (the first is due at 1s)", res.Requests)
	}
}
