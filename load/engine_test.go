package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
)

// A target that stalls for one second once: the attacker, held to a few
// workers, cannot send while it waits, so the service times (what vegeta
// measures) hide the stall; latencies from the intended send times show
// it.
func TestCoordinatedOmissionCorrected(t *testing.T) {
	var (
		begin = time.Now()
		once  sync.Once
		gate  sync.RWMutex
	)
	stall := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if time.Since(begin) > 1500*time.Millisecond {
			once.Do(func() {
				gate.Lock()
				time.AfterFunc(time.Second, gate.Unlock)
			})
		}
		gate.RLock()
		//lint:ignore SA2001 waiting out the stall is the point
		gate.RUnlock()
		_, _ = w.Write([]byte("token"))
	})
	sc, _ := fakeScenario(fakeServer(t, stall), 200, 4*time.Second)
	sc.Workers, sc.MaxWorkers = 2, 2
	var agg *metrics
	res := mustRun(t, sc, func(o *options) { o.inspect = func(m *metrics) { agg = m } })

	service := latencyOf(agg.service)
	t.Logf("corrected p99 %.1fms max %.1fms; service p99 %.1fms max %.1fms; %d hits",
		res.Latency.P99, res.Latency.Max, service.P99, service.Max, res.Requests)
	if res.Latency.P99 < 800 {
		t.Errorf("corrected p99 = %.1fms: a 1s stall must show in the p99", res.Latency.P99)
	}
	if res.Latency.Max < 950 {
		t.Errorf("corrected max = %.1fms, want about 1s", res.Latency.Max)
	}
	if service.P99 > 200 {
		t.Errorf("service p99 = %.1fms: the test did not provoke coordinated omission", service.P99)
	}
	// The stall lands in the seconds it happened.
	if len(res.Series) != 4 || res.Series[1].Max < 900 && res.Series[2].Max < 900 {
		t.Errorf("series: %+v", res.Series)
	}
}

// However long the run, the engine keeps no per-hit state: the heap at
// the end of a 20,000-hit run is no bigger than at the end of a 5,000-hit
// one, and both stay within a few MiB (histograms, and the connections of
// the attacker and of the in-process server).
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("25,000 hits")
	}
	url := fakeServer(t, tokenHandler)
	heap := func() int64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	// growth runs hits at 5,000/s and returns how much the heap grew by
	// the end of the attack (before Run builds its result).
	growth := func(du time.Duration) (int64, uint64) {
		sc, _ := fakeScenario(url, 5000, du)
		sc.Workers, sc.MaxWorkers = 32, 32 // the same connection count for both runs
		before := heap()
		var live int64
		res := mustRun(t, sc, func(o *options) { o.inspect = func(*metrics) { live = heap() } })
		return live - before, res.Requests
	}
	growth(500 * time.Millisecond) // warm-up: lazily built globals, pools
	small, n1 := growth(time.Second)
	large, n2 := growth(4 * time.Second)
	t.Logf("heap growth: %+d KiB for %d hits, %+d KiB for %d hits", small>>10, n1, large>>10, n2)
	if n2 < 3*n1 || n2 < 12000 {
		t.Skipf("only %d and %d hits: the machine is too busy to compare the runs", n1, n2)
	}
	if large-small > 1<<20 {
		t.Errorf("%.1fx the hits grew the heap by %d KiB more: per-hit state is being kept", float64(n2)/float64(n1), (large-small)>>10)
	}
	if large > 4<<20 {
		t.Errorf("heap grew by %d KiB during a %d-hit run", large>>10, n2)
	}
}

// Canceling the context stops the attack at once, cancels the requests in
// flight and still returns what was measured.
func TestInterruptStopsPromptly(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var served atomic.Int64
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1) > 50 { // after 50 quick answers, the target hangs
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		_, _ = w.Write([]byte("token"))
	})
	sc, _ := fakeScenario(fakeServer(t, slow), 100, 30*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(1500*time.Millisecond, cancel)
	start := time.Now()
	res, err := Run(ctx, sc)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if took > 3*time.Second {
		t.Errorf("Run took %v after a cancel at 1.5s", took)
	}
	if !res.Interrupted || res.Requests < 100 || res.Successes != 50 {
		t.Errorf("interrupted %v, %d requests, %d successes: want interrupted with the 50 answered", res.Interrupted, res.Requests, res.Successes)
	}
	if res.Errors[string(wire.KindCanceled)] == 0 {
		t.Errorf("errors %v: in-flight requests must be canceled", res.Errors)
	}
	if len(res.Series) > 2 {
		t.Errorf("series has %d points after 1.5s", len(res.Series))
	}
}

// Failures in transit are counted by wire kind.
func TestErrorKinds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	sc, _ := fakeScenario(closed, 50, time.Second)
	res := mustRun(t, sc)
	if res.Errors[string(wire.KindUnreachable)] != res.Requests || res.Requests != 50 || res.Successes != 0 {
		t.Errorf("closed port: %d requests, errors %v", res.Requests, res.Errors)
	}

	hang := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	sc, _ = fakeScenario(fakeServer(t, hang), 20, time.Second)
	sc.Target.Timeout = config.Dur(200 * time.Millisecond)
	sc.Thresholds = []string{"errors<=0", "success>=50%"}
	res = mustRun(t, sc)
	if res.Errors[string(wire.KindTimeout)] != res.Requests || res.Requests != 20 {
		t.Errorf("hanging target: %d requests, errors %v", res.Requests, res.Errors)
	}
	if res.Latency.P50 < 200 || res.Latency.P50 > 400 {
		t.Errorf("timeouts recorded at p50 %vms, want about the 200ms timeout", res.Latency.P50)
	}
	for _, th := range res.Thresholds {
		if th.Passed {
			t.Errorf("threshold %+v passed against a target that never answers", th)
		}
	}
}

// Codes, statuses and the expected code are counted per answer.
func TestCountingCodes(t *testing.T) {
	var n atomic.Int64
	mixed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) % 4 {
		case 0:
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("BUSY"))
		case 1:
			_, _ = w.Write([]byte("DENIED"))
		case 2:
			w.WriteHeader(http.StatusBadGateway)
		default:
			_, _ = w.Write([]byte("token"))
		}
	})
	url := fakeServer(t, mixed)
	sc, _ := fakeScenario(url, 100, time.Second)
	res := mustRun(t, sc)
	// The handler cycles through four answers: each is a quarter of the
	// hits, whatever number the machine managed to send.
	quarter := func(v uint64) bool { return 4*v+4 > res.Requests && 4*v < res.Requests+4 }
	if res.Requests < 50 || res.Requests > 100 {
		t.Fatalf("%d requests at 100/s for 1s", res.Requests)
	}
	if !quarter(res.Successes) || res.SuccessRatio != float64(res.Successes)/float64(res.Requests) {
		t.Errorf("%d successes of %d (ratio %v)", res.Successes, res.Requests, res.SuccessRatio)
	}
	for _, k := range []string{"BUSY", "DENIED", "http-502"} {
		if !quarter(res.Codes[k]) {
			t.Errorf("codes %v: want a quarter of %d each", res.Codes, res.Requests)
		}
	}
	if res.Successes+res.Codes["BUSY"]+res.Codes["DENIED"]+res.Codes["http-502"] != res.Requests {
		t.Errorf("codes %v and %d successes do not add up to %d requests", res.Codes, res.Successes, res.Requests)
	}
	if res.StatusCodes["200"] != res.Successes+res.Codes["DENIED"] || res.StatusCodes["503"] != res.Codes["BUSY"] ||
		res.StatusCodes["502"] != res.Codes["http-502"] || len(res.Errors) != 0 {
		t.Errorf("status codes %v errors %v", res.StatusCodes, res.Errors)
	}

	n.Store(0)
	sc.Expect = "DENIED"
	res = mustRun(t, sc)
	if res.Successes != res.Codes["DENIED"] || !quarter(res.Successes) || !quarter(res.Codes[CodeTokenIssued]) || res.Expect != "DENIED" {
		t.Errorf("expect DENIED: %d successes of %d, codes %v", res.Successes, res.Requests, res.Codes)
	}
}

func TestSeriesLengthIsDuration(t *testing.T) {
	url := fakeServer(t, tokenHandler)
	for _, du := range []time.Duration{time.Second, 3 * time.Second} {
		sc, _ := fakeScenario(url, 50, du)
		res := mustRun(t, sc)
		if len(res.Series) != int(du/time.Second) {
			t.Errorf("%v run: %d series points", du, len(res.Series))
			continue
		}
		var total uint64
		for i, p := range res.Series {
			total += p.Requests
			// A hit belongs to the second it was meant for: every second
			// has its 50, except that a lagging machine may not have sent
			// the last few before the end.
			full := p.Requests == 50 || (i == len(res.Series)-1 && p.Requests >= 25 && p.Requests < 50)
			if p.Second != i || !full || p.Successes != p.Requests || p.P50 <= 0 || p.P99 < p.P50 || p.Max < p.P99 {
				t.Errorf("%v run: point %d = %+v", du, i, p)
			}
		}
		if total != res.Requests {
			t.Errorf("series holds %d hits, run %d", total, res.Requests)
		}
	}
}

func TestRampMode(t *testing.T) {
	sc, _ := fakeScenario(fakeServer(t, tokenHandler), 0, 2*time.Second)
	sc.Mode, sc.From, sc.To = ModeRamp, Rate{20, time.Second}, Rate{180, time.Second}
	res := mustRun(t, sc)
	// ∫ from 20 to 180 over 2s = 200 hits
	if res.Requests < 170 || res.Requests > 201 || res.RequestedRate != 100 {
		t.Errorf("ramp: %d requests at requested %v/s, want about 200 at 100/s", res.Requests, res.RequestedRate)
	}
	if len(res.Series) != 2 || res.Series[1].Requests <= 2*res.Series[0].Requests {
		t.Errorf("ramp series %+v: the second second must carry far more hits", res.Series)
	}
}

func TestSafetyAndChecks(t *testing.T) {
	base, _ := fakeScenario("http://127.0.0.1:1", 100, time.Second)
	cases := []struct {
		name string
		edit func(*Scenario)
		opts []Option
		want string
	}{
		{"production", func(s *Scenario) { s.Environment = config.EnvProduction }, nil, "production"},
		{"rate cap", func(s *Scenario) { s.Rate = Rate{60000, time.Second} }, nil, "safety cap of 50000/s"},
		{"rate cap lowered", func(s *Scenario) {}, []Option{WithMaxRate(10)}, "safety cap of 10/s"},
		{"duration cap", func(s *Scenario) { s.Duration = 2 * time.Hour }, nil, "safety cap of 1h0m0s"},
		{"no rate", func(s *Scenario) { s.Rate = Rate{} }, nil, "positive rate"},
		{"no duration", func(s *Scenario) { s.Duration = 0 }, nil, "positive duration"},
		{"bad threshold", func(s *Scenario) { s.Thresholds = []string{"p99<soon"} }, nil, `threshold "p99<soon"`},
		{"bad mode", func(s *Scenario) { s.Mode = "burst" }, nil, `unknown mode "burst"`},
		{"ramp from zero", func(s *Scenario) { s.Mode, s.To = ModeRamp, Rate{10, time.Second} }, nil, "positive from and to"},
		{"capacity too long", func(s *Scenario) {
			s.Mode = ModeCapacity
			s.Capacity = Capacity{From: Rate{100, time.Second}, Step: Rate{100, time.Second}, StepDuration: 10 * time.Second}
		}, nil, "capacity search of up to 500 steps"},
		{"capacity fractional step duration", func(s *Scenario) {
			s.Mode = ModeCapacity
			s.Capacity = Capacity{From: Rate{100, time.Second}, Step: Rate{100, time.Second}, Max: Rate{300, time.Second}, StepDuration: 1500 * time.Millisecond}
		}, nil, "whole seconds"},
		{"no targeter", func(s *Scenario) { s.API = nil }, nil, "no targeter"},
		{"no credentials", func(s *Scenario) { s.Target.Credentials = nil }, nil, "no credentials"},
		{"workers", func(s *Scenario) { s.Workers, s.MaxWorkers = 20, 10 }, nil, "exceeds max workers"},
	}
	for _, c := range cases {
		sc := base
		c.edit(&sc)
		err := Check(sc, c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Check error %v, want one containing %q", c.name, err, c.want)
		}
		if _, err := Run(context.Background(), sc, c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Run error %v, want one containing %q", c.name, err, c.want)
		}
	}
	if err := Check(base); err != nil {
		t.Errorf("Check(valid scenario): %v", err)
	}
	// Production is allowed when asked; the caps can be raised.
	sc := base
	sc.Environment, sc.Duration, sc.Rate = config.EnvProduction, time.Second, Rate{10, time.Second}
	sc.Target.BaseURL = fakeServer(t, tokenHandler)
	sc.API = (&fakeTargeter{url: sc.Target.BaseURL}).factory
	if res, err := Run(context.Background(), sc, AllowProduction()); err != nil || res.Successes != 10 {
		t.Errorf("AllowProduction: %v", err)
	}
	if _, err := check(func() Scenario { s := base; s.Duration = 2 * time.Hour; return s }(), func() *options {
		o := defaultOptions()
		WithMaxDuration(3 * time.Hour)(o)
		return o
	}()); err != nil {
		t.Errorf("WithMaxDuration: %v", err)
	}
}

// A targeter error stops the attack (vegeta's rule); Run returns it with
// what was measured.
func TestTargeterErrorStopsAttack(t *testing.T) {
	url := fakeServer(t, tokenHandler)
	sc, ft := fakeScenario(url, 100, 10*time.Second)
	var n atomic.Int64
	ft.next = func(tg *vegeta.Target) error {
		if n.Add(1) > 20 {
			return errors.New("credentials exhausted")
		}
		tg.Method, tg.URL = http.MethodGet, url
		return nil
	}
	start := time.Now()
	res, err := Run(context.Background(), sc)
	if err == nil || !strings.Contains(err.Error(), "credentials exhausted") {
		t.Fatalf("error %v, want the targeter's", err)
	}
	if time.Since(start) > 3*time.Second || res == nil || res.Successes != 20 {
		t.Errorf("partial result %+v after %v", res, time.Since(start))
	}
}

// Replay and Fail let a targeter end a hit whose earlier step failed.
func TestReplayAndFail(t *testing.T) {
	url := fakeServer(t, tokenHandler)
	sc, ft := fakeScenario(url, 90, time.Second)
	var n atomic.Int64
	ft.next = func(tg *vegeta.Target) error {
		switch n.Add(1) % 3 {
		case 0:
			Replay(tg, http.StatusNotFound, "application/json", []byte("UNKNOWN_USER"))
		case 1:
			Fail(tg, &wire.Error{Kind: wire.KindTimeout, Op: "salt", Err: errors.New("slow salt")})
		default:
			tg.Method, tg.URL = http.MethodGet, url
		}
		return nil
	}
	res := mustRun(t, sc)
	if res.Successes != 30 || res.Codes["UNKNOWN_USER"] != 30 || res.StatusCodes["404"] != 30 || res.Errors["timeout"] != 30 {
		t.Errorf("successes %d codes %v status %v errors %v", res.Successes, res.Codes, res.StatusCodes, res.Errors)
	}
}

func TestProgressCallback(t *testing.T) {
	sc, _ := fakeScenario(fakeServer(t, tokenHandler), 100, 1500*time.Millisecond)
	var got []Progress
	res := mustRun(t, sc, WithProgress(func(p Progress) { got = append(got, p) }, 200*time.Millisecond))
	if len(got) < 5 {
		t.Fatalf("%d progress calls in 1.5s at 200ms", len(got))
	}
	last := got[len(got)-1]
	if !last.Done || last.Requests != res.Requests || last.Planned != 1500*time.Millisecond {
		t.Errorf("last progress %+v, result %d requests", last, res.Requests)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Requests < got[i-1].Requests || got[i].Elapsed < got[i-1].Elapsed {
			t.Errorf("progress went backwards: %+v then %+v", got[i-1], got[i])
		}
	}
	if mid := got[len(got)/2]; mid.Rate != 100 || mid.Achieved < 50 || mid.Achieved > 150 || mid.Done {
		t.Errorf("mid-run progress %+v", mid)
	}
}

// The raw file has one line per hit, tokens masked.
func TestRawResults(t *testing.T) {
	url := fakeServer(t, tokenHandler)
	for _, f := range []RawFormat{RawJSONLines, RawCSV} {
		var buf bytes.Buffer
		sc, _ := fakeScenario(url, 20, time.Second)
		res := mustRun(t, sc, WithRawWriter(&buf, f))
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		want := int(res.Requests)
		if f == RawCSV {
			want++
			if lines[0] != strings.Join(rawColumns, ",") {
				t.Errorf("csv header %q", lines[0])
			}
		}
		if len(lines) != want {
			t.Errorf("format %d: %d lines for %d hits", f, len(lines), res.Requests)
		}
		if strings.Contains(buf.String(), "tok-0123456789abcdef") || !strings.Contains(buf.String(), "tok-…#") {
			t.Errorf("format %d: token not masked:\n%s", f, lines[1])
		}
		if f == RawJSONLines {
			var v struct {
				Seq      uint64  `json:"seq"`
				Latency  float64 `json:"latency_ms"`
				Intended float64 `json:"intended_ms"`
				Status   int     `json:"status"`
				Success  bool    `json:"success"`
				Token    string  `json:"token"`
			}
			if err := json.Unmarshal([]byte(lines[0]), &v); err != nil || v.Status != 200 || !v.Success || v.Latency <= 0 || v.Intended != 50 {
				t.Errorf("json line %q: %+v %v", lines[0], v, err)
			}
		}
	}
}
