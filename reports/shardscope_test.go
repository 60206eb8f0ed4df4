package reports

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

// A shard's gates fail nothing: a total left to merge is skipped with the
// reason, a per-shard gate over its bound is labelled, not failed.
func TestShardThresholdsInReports(t *testing.T) {
	run := &results.Run{SchemaVersion: results.SchemaVersion, Load: []results.LoadResult{{
		Name: "irp", Profile: "irp", Mode: "constant", Shard: "1/2", Requests: 100, Successes: 100, SuccessRatio: 1,
		Thresholds: []results.ThresholdResult{
			{Expr: "tokens_per_s>=150", Measured: 99.9, Unit: "/s", Passed: true, Scope: results.ScopeMerge},
			{Expr: "p50<1us", Measured: 1.1, Unit: "ms", Passed: false, Scope: results.ScopeShard},
		},
	}}}
	if runFailed(run) {
		t.Error("a shard's gates fail the run")
	}
	x, err := JUnit(run)
	if err != nil {
		t.Fatal(err)
	}
	j := string(x)
	if strings.Contains(j, "<failure") || !strings.Contains(j, "authprobe merge judges it on the whole run") || !strings.Contains(j, "p50&lt;1us (per shard)") {
		t.Errorf("junit:\n%s", j)
	}
	md := string(Markdown(run))
	if !strings.Contains(md, "judged by merge") || !strings.Contains(md, "this shard: over the bound") || strings.Contains(md, "❌ broken") {
		t.Errorf("markdown:\n%s", md)
	}
	// the same gates judged on the whole run do fail
	run.Load[0].Thresholds[1].Scope = ""
	if !runFailed(run) {
		t.Error("a broken whole-run gate does not fail the run")
	}
}
