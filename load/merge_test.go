package load

import (
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/results"
)

// shardResult builds the result a shard would report for hits with the
// given latencies, spread over seconds, as Run fills it.
func shardResult(t *testing.T, shard string, lats []time.Duration, seconds int, ths []string) *results.LoadResult {
	t.Helper()
	start := time.Unix(1700000000, 0)
	m := newMetrics(start)
	s := newSeries(seconds, time.Second, true)
	for i, l := range lats {
		off := time.Duration(i+1) * time.Duration(seconds) * time.Second / time.Duration(len(lats))
		h := &hit{intended: start.Add(off), sent: start.Add(off), done: start.Add(off + l), latency: l, service: l, status: 200, issued: true, success: i%10 != 0}
		if !h.success {
			h.code = "2003"
		}
		m.add(h)
		s.add(secondOf(off), l, h.success)
	}
	res := &results.LoadResult{Name: "x", Profile: "irp", Mode: "constant", Expect: ExpectToken, Shard: shard, RequestedRate: 100}
	if err := fill(res, m, s, nil, false); err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseThresholds(ths)
	if err != nil {
		t.Fatal(err)
	}
	res.Thresholds, _, _ = evaluateAll(parsed, m.summary(100))
	return res
}

// Merging is exact: the merged percentiles are those of one histogram
// holding every hit of both shards.
func TestMergeIsExact(t *testing.T) {
	var a, b, all []time.Duration
	for i := 1; i <= 1000; i++ {
		a = append(a, time.Duration(i)*time.Millisecond)
		b = append(b, time.Duration(1000+i)*time.Millisecond)
	}
	all = append(append(all, a...), b...)
	ths := []string{"p50<1500ms", "p99<1500ms", "success>=90%"}
	ra := shardResult(t, "1/2", a, 2, ths)
	rb := shardResult(t, "2/2", b, 2, ths)
	m, err := Merge(ra, rb)
	if err != nil {
		t.Fatal(err)
	}
	whole := newHist()
	for _, l := range all {
		record(whole, l)
	}
	if m.Latency != latencyOf(whole) {
		t.Errorf("merged latency %+v, want exactly %+v", m.Latency, latencyOf(whole))
	}
	if m.Latency.P50 < 999 || m.Latency.P50 > 1001 || m.Latency.P99 < 1978 || m.Latency.P99 > 1982 {
		t.Errorf("merged p50 %v p99 %v, want about 1000 and 1980", m.Latency.P50, m.Latency.P99)
	}
	if m.Requests != 2000 || m.Successes != 1800 || m.SuccessRatio != 0.9 || m.Codes["2003"] != 200 || m.StatusCodes["200"] != 2000 {
		t.Errorf("merged counts: %d requests %d successes ratio %v codes %v status %v", m.Requests, m.Successes, m.SuccessRatio, m.Codes, m.StatusCodes)
	}
	if m.RequestedRate != 200 || m.Shard != "" {
		t.Errorf("merged requested rate %v shard %q", m.RequestedRate, m.Shard)
	}
	// Series: counts added per second, percentiles from the seconds'
	// merged histograms.
	if len(m.Series) != 2 {
		t.Fatalf("merged series %+v", m.Series)
	}
	for sec, p := range m.Series {
		sh := newSeriesHist()
		var lats []time.Duration
		if sec == 0 {
			lats = append(append(lats, a[:500]...), b[:500]...)
		} else {
			lats = append(append(lats, a[500:]...), b[500:]...)
		}
		for _, l := range lats {
			record(sh, l)
		}
		q := sh.ValueAtPercentilesSlice([]float64{50, 99})
		if p.Requests != 1000 || p.P50 != min(ms(q[0]), p.Max) || p.P99 != min(ms(q[1]), p.Max) {
			t.Errorf("second %d: %+v, want p50 %v p99 %v", sec, p, ms(q[0]), ms(q[1]))
		}
	}
	// Thresholds are judged again on the merged figures: each shard
	// passed p99<1500ms or not on its own, the whole fails it.
	got := map[string]bool{}
	for _, th := range m.Thresholds {
		got[th.Expr] = th.Passed
	}
	if !ra.Thresholds[1].Passed || got["p99<1500ms"] || !got["p50<1500ms"] || !got["success>=90%"] {
		t.Errorf("merged thresholds %+v (shard a: %+v)", m.Thresholds, ra.Thresholds)
	}
	// Merging composes: the merge of a merge is the same.
	again, err := Merge(m)
	if err != nil || again.Latency != m.Latency || again.Series[1].P99 != m.Series[1].P99 {
		t.Errorf("re-merge: %v %+v", err, again)
	}
}

func TestMergeRefusesMismatches(t *testing.T) {
	a := shardResult(t, "1/2", []time.Duration{time.Millisecond}, 1, nil)
	b := shardResult(t, "1/2", []time.Duration{time.Millisecond}, 1, nil)
	if _, err := Merge(a, b); err == nil || !strings.Contains(err.Error(), "shard 1/2 given twice") {
		t.Errorf("duplicate shard: %v", err)
	}
	c := shardResult(t, "2/2", []time.Duration{time.Millisecond}, 1, nil)
	c.Expect = "2003"
	if _, err := Merge(a, c); err == nil || !strings.Contains(err.Error(), "not shards of one scenario") {
		t.Errorf("different expect: %v", err)
	}
	d := shardResult(t, "2/2", []time.Duration{time.Millisecond}, 1, nil)
	d.HDR = ""
	if _, err := Merge(a, d); err == nil || !strings.Contains(err.Error(), "no encoded histogram") {
		t.Errorf("missing HDR: %v", err)
	}
	if _, err := Merge(); err == nil {
		t.Error("Merge() accepted nothing")
	}
}

// Capacity steps merge index by index; a step held only if every shard
// held it.
func TestMergeCapacitySteps(t *testing.T) {
	step := func(rate float64, held bool, broken string) results.CapacityStep {
		h := newHist()
		record(h, 5*time.Millisecond)
		enc, _ := encode(h)
		return results.CapacityStep{Rate: rate, AchievedRate: rate, SuccessRatio: 1, Held: held, Broken: broken, Requests: 1, Successes: 1, HDR: enc}
	}
	a := shardResult(t, "1/2", []time.Duration{time.Millisecond}, 1, []string{"p99<1s"})
	b := shardResult(t, "2/2", []time.Duration{time.Millisecond}, 1, []string{"p99<1s"})
	a.Mode, b.Mode = string(ModeCapacity), string(ModeCapacity)
	a.Steps = []results.CapacityStep{step(50, true, ""), step(100, true, ""), step(150, false, "success 90%")}
	b.Steps = []results.CapacityStep{step(50, true, ""), step(100, false, "achieved 80/s")}
	m, err := Merge(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Steps) != 2 || !m.Steps[0].Held || m.Steps[1].Held || m.MaxHeldRate != 100 || m.Steps[1].Rate != 200 {
		t.Errorf("merged steps %+v max held %v", m.Steps, m.MaxHeldRate)
	}
	if !strings.Contains(m.Steps[1].Broken, "shard 2/2: achieved 80/s") || m.Steps[1].Requests != 2 || m.Steps[1].P99 != 5.003 {
		t.Errorf("merged broken step %+v", m.Steps[1])
	}
	if len(m.Thresholds) != 1 || !m.Thresholds[0].Passed || m.Thresholds[0].Measured != 5.003 {
		t.Errorf("capacity thresholds are judged at the highest held step: %+v", m.Thresholds)
	}
}

// Closed-model shards merge into a closed result of all their workers; a
// closed and an open result are not shards of one scenario.
func TestMergeClosedModel(t *testing.T) {
	a := shardResult(t, "1/2", []time.Duration{time.Millisecond}, 1, nil)
	b := shardResult(t, "2/2", []time.Duration{2 * time.Millisecond}, 1, nil)
	for _, r := range []*results.LoadResult{a, b} {
		r.Mode, r.Model, r.Workers, r.RequestedRate = string(ModeMax), results.ModelClosed, 8, 0
	}
	m, err := Merge(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if m.Model != results.ModelClosed || m.Workers != 16 || m.Mode != "max" {
		t.Errorf("merged model %q workers %d mode %q, want closed, 16, max", m.Model, m.Workers, m.Mode)
	}
	b.Model = results.ModelOpen
	if _, err := Merge(a, b); err == nil || !strings.Contains(err.Error(), "not shards of one scenario") || !strings.Contains(err.Error(), `model "open"`) {
		t.Errorf("closed + open merged, or the error does not name the models: %v", err)
	}
}
