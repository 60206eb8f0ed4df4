package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// writeLoadRun writes a report.json holding one load scenario.
func writeLoadRun(t *testing.T, requests uint64, p99 float64) string {
	t.Helper()
	run := &results.Run{SchemaVersion: results.SchemaVersion, Started: time.Date(2026, 3, 13, 2, 0, 0, 0, time.UTC),
		Load: []results.LoadResult{{Name: "constant-200", Profile: "irp", Mode: "constant", Expect: "token",
			Requests: requests, Successes: requests, SuccessRatio: 1, RequestedRate: 200, AchievedRate: 200, TokensPerSec: 200,
			Latency: results.Latency{P50: 0.9, P95: 1.4, P99: p99}, StatusCodes: map[string]uint64{"200": requests}}}}
	b, err := reports.JSON(run)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "report.json")
	if err := reports.WriteFileAtomic(p, b); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiffDefaultsDoNotFlapOnTheIssuesExample(t *testing.T) {
	base, cur := writeLoadRun(t, 300, 1.77), writeLoadRun(t, 300, 2.17)
	r := authprobe(t, time.Minute, "diff", base, cur)
	if r.code != 0 || strings.Contains(r.stdout, "REGRESSED") || !strings.Contains(r.stdout, "not enough samples (300 < 1000)") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The same rise over 12,000 samples: enough samples, under the floor.
	base, cur = writeLoadRun(t, 12000, 1.77), writeLoadRun(t, 12000, 2.17)
	if r := authprobe(t, time.Minute, "diff", base, cur); r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The floor syntax and --max-p99-regression with a floor of 0 make it one.
	for _, args := range [][]string{{"--limit", "p99:+20%,+0.3ms"}, {"--max-p99-regression", "10%,+0ms"}} {
		r := authprobe(t, time.Minute, append([]string{"diff", base, cur}, args...)...)
		if r.code != 1 || !strings.Contains(r.stdout, "REGRESSED") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestDiffCallsARealRegression(t *testing.T) {
	base, cur := writeLoadRun(t, 5000, 1.8), writeLoadRun(t, 5000, 9.5)
	r := authprobe(t, time.Minute, "diff", base, cur)
	if r.code != 1 || !strings.Contains(r.stdout, "p99_ms") || !strings.Contains(r.stdout, "REGRESSED") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// --min-tail-samples raises the bar above what the runs hold
	if r := authprobe(t, time.Minute, "diff", base, cur, "--min-tail-samples", "100"); r.code != 0 || !strings.Contains(r.stdout, "not enough samples (5000 < 10000)") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDiffBadLimitsAreUsageErrors(t *testing.T) {
	base := writeLoadRun(t, 300, 1.77)
	for _, args := range [][]string{{"--limit", "p99:-5ms"}, {"--limit", "p42:+5%"}, {"--max-p99-regression", "fast"}, {"--min-tail-samples", "-1"}} {
		r := authprobe(t, time.Minute, append([]string{"diff", base, base}, args...)...)
		if r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}
