package load_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/results"
)

// Two half-rate shards, run at the same time, merge into the whole run:
// counts add up and the merged percentiles lie within the shards' (to
// histogram precision).
func TestShardsMerge(t *testing.T) {
	tg := irpTarget(t, nil)
	var (
		wg   sync.WaitGroup
		rs   [2]*results.LoadResult
		errs [2]error
	)
	for i := range rs {
		sc := constant(tg, 200, 2*time.Second)
		sc.Shard = load.Shard{Index: i + 1, Count: 2}
		sc.Thresholds = []string{"success>=99%", "p99<2s"}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rs[i], errs[i] = load.Run(ctx, sc)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("shard %d: %v", i+1, err)
		}
		if rs[i].RequestedRate != 100 || rs[i].Shard == "" || rs[i].Series[0].HDR == "" {
			t.Errorf("shard %d: requested %v/s shard %q", i+1, rs[i].RequestedRate, rs[i].Shard)
		}
	}
	m, err := load.Merge(rs[0], rs[1])
	if err != nil {
		t.Fatal(err)
	}
	a, b := rs[0], rs[1]
	if m.Requests != a.Requests+b.Requests || m.Successes != a.Successes+b.Successes || m.StatusCodes["200"] != a.StatusCodes["200"]+b.StatusCodes["200"] {
		t.Errorf("merged %d/%d, shards %d/%d and %d/%d", m.Successes, m.Requests, a.Successes, a.Requests, b.Successes, b.Requests)
	}
	if m.RequestedRate != 200 || math.Abs(m.AchievedRate-(a.AchievedRate+b.AchievedRate)) > 0.001 || m.Requests < 320 {
		t.Errorf("merged rates: requested %v achieved %v (shards %v + %v), %d requests", m.RequestedRate, m.AchievedRate, a.AchievedRate, b.AchievedRate, m.Requests)
	}
	if len(m.Series) != 2 {
		t.Fatalf("merged series %+v", m.Series)
	}
	for sec, p := range m.Series {
		if p.Requests != a.Series[sec].Requests+b.Series[sec].Requests || p.Max != max(a.Series[sec].Max, b.Series[sec].Max) {
			t.Errorf("second %d: %+v from %+v and %+v", sec, p, a.Series[sec], b.Series[sec])
		}
	}
	const precision = 1.001 // 3 significant digits
	within := func(name string, v, x, y float64) {
		if v < min(x, y)/precision || v > max(x, y)*precision {
			t.Errorf("merged %s %v outside the shards' %v and %v", name, v, x, y)
		}
	}
	within("p50", m.Latency.P50, a.Latency.P50, b.Latency.P50)
	within("p90", m.Latency.P90, a.Latency.P90, b.Latency.P90)
	within("min", m.Latency.Min, a.Latency.Min, b.Latency.Min)
	if m.Latency.Max != max(a.Latency.Max, b.Latency.Max) {
		t.Errorf("merged max %v, shards %v and %v", m.Latency.Max, a.Latency.Max, b.Latency.Max)
	}
	if len(m.Thresholds) != 2 || !m.Thresholds[0].Passed {
		t.Errorf("merged thresholds %+v", m.Thresholds)
	}
}
