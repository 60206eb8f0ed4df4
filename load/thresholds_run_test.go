package load_test

import (
	"testing"
	"time"
)

// Thresholds are judged on the run: generous gates pass, impossible ones
// fail, and each says what was measured.
func TestThresholdsPassAndFail(t *testing.T) {
	sc := constant(irpTarget(t, nil), 100, time.Second)
	sc.Thresholds = []string{
		"p99<5s", "mean<5s", "success>=99.9%", "errors<=0", "rate>=50%", "tokens_per_s>=50",
		"p50<1us", "success<50%", "tokens_per_s>=1000", "max<1us",
	}
	res := run(t, sc)
	want := map[string]bool{
		"p99<5s": true, "mean<5s": true, "success>=99.9%": true, "errors<=0": true, "rate>=50%": true, "tokens_per_s>=50": true,
		"p50<1us": false, "success<50%": false, "tokens_per_s>=1000": false, "max<1us": false,
	}
	if len(res.Thresholds) != len(want) {
		t.Fatalf("%d thresholds judged, want %d", len(res.Thresholds), len(want))
	}
	for _, th := range res.Thresholds {
		if th.Passed != want[th.Expr] {
			t.Errorf("%s: passed %v (measured %v%s), want %v", th.Expr, th.Passed, th.Measured, th.Unit, want[th.Expr])
		}
	}
	byExpr := map[string]float64{}
	for _, th := range res.Thresholds {
		byExpr[th.Expr] = th.Measured
	}
	if byExpr["success>=99.9%"] != 100 || byExpr["p99<5s"] != res.Latency.P99 || byExpr["tokens_per_s>=50"] != res.TokensPerSec {
		t.Errorf("measured values %v do not match the result (p99 %v, tokens/s %v)", byExpr, res.Latency.P99, res.TokensPerSec)
	}
}
