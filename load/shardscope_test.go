package load_test

import (
	"testing"
	"time"

	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/results"
)

func TestTotalThresholds(t *testing.T) {
	for expr, total := range map[string]bool{
		"tokens_per_s>=500": true, "rate>=190/s": true, "errors<=10": true,
		"rate>=95%": false, "success>=99.9%": false, "p99<250ms": false, "max<1s": false, "mean<5ms": false,
	} {
		th, err := load.ParseThreshold(expr)
		if err != nil {
			t.Fatal(err)
		}
		if th.Total() != total {
			t.Errorf("%s: Total = %v, want %v", expr, th.Total(), total)
		}
	}
}

// A shard sends 1/N of the rate: its gates on totals are not judged (they
// would compare half the throughput with a bound for the whole), its
// latency gates are judged on the shard alone, and none breaks it.
func TestShardDefersTotalsAndLabelsItsOwnGates(t *testing.T) {
	sc := constant(irpTarget(t, nil), 100, time.Second)
	sc.Shard = load.Shard{Index: 1, Count: 2}
	sc.Thresholds = []string{"tokens_per_s>=80", "errors<=0", "p99<30s", "p50<1us", "success>=99%"}
	res := run(t, sc)
	want := map[string]struct {
		scope  string
		passed bool
	}{
		"tokens_per_s>=80": {results.ScopeMerge, true}, // 50/s on this shard: would break if judged
		"errors<=0":        {results.ScopeMerge, true},
		"p99<30s":          {results.ScopeShard, true},
		"p50<1us":          {results.ScopeShard, false},
		"success>=99%":     {results.ScopeShard, true},
	}
	if len(res.Thresholds) != len(want) {
		t.Fatalf("thresholds %+v", res.Thresholds)
	}
	for _, th := range res.Thresholds {
		w := want[th.Expr]
		if th.Scope != w.scope || th.Passed != w.passed || th.Broken() {
			t.Errorf("%s: scope %q passed %v broken %v; want scope %q passed %v, not broken", th.Expr, th.Scope, th.Passed, th.Broken(), w.scope, w.passed)
		}
		if th.Expr == "tokens_per_s>=80" && (th.Measured <= 0 || th.Measured >= 80) {
			t.Errorf("a deferred gate measures this shard's share: %v", th.Measured)
		}
	}
	// The merge judges them on the whole: the same two halves make the rate.
	m, err := load.Merge(res, shardOf(res, "2/2"))
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range m.Thresholds {
		if th.Scope != "" {
			t.Errorf("merged %s keeps scope %q", th.Expr, th.Scope)
		}
		if wantBroken := th.Expr == "p50<1us"; th.Broken() != wantBroken {
			t.Errorf("merged %s: broken %v (measured %v)", th.Expr, th.Broken(), th.Measured)
		}
	}
}

// shardOf is a copy of r posing as another shard of the same run.
func shardOf(r *results.LoadResult, shard string) *results.LoadResult {
	c := *r
	c.Shard = shard
	return &c
}

// A capacity search on a shard holds its steps to the shard-level gates
// only: a total would break the first step at 1/N of the rate.
func TestShardCapacityStepsIgnoreTotals(t *testing.T) {
	sc := constant(irpTarget(t, nil), 0, 0)
	sc.Mode = load.ModeCapacity
	sc.Shard = load.Shard{Index: 1, Count: 2}
	sc.Capacity = load.Capacity{
		From: load.Rate{Freq: 60, Per: time.Second}, Step: load.Rate{Freq: 60, Per: time.Second},
		Max: load.Rate{Freq: 120, Per: time.Second}, StepDuration: time.Second, MinAchieved: 0.5,
	}
	sc.Thresholds = []string{"tokens_per_s>=50"} // the whole run makes 60/s and 120/s; a shard 30/s and 60/s
	res := run(t, sc)
	if len(res.Steps) != 2 || !res.Steps[0].Held || !res.Steps[1].Held {
		t.Fatalf("steps %+v: a total broke a shard's step", res.Steps)
	}
	if len(res.Thresholds) != 1 || res.Thresholds[0].Scope != results.ScopeMerge {
		t.Errorf("thresholds %+v", res.Thresholds)
	}
}
