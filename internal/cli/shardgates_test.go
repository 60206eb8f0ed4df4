package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// Under --shard, gates on totals are left to merge (no "threshold BROKEN",
// exit 0 although each shard makes only half the rate), latency gates are
// labelled per shard; merge judges them all on the whole and exits 1 when
// one broke.
func TestShardsLeaveTotalsToMerge(t *testing.T) {
	dir := t.TempDir()
	gates := []string{
		"--threshold", "tokens_per_s>=150", // the whole makes ~200/s, a shard ~100/s
		"--threshold", "tokens_per_s>=1000", // broken on the whole
		"--threshold", "p99<30s",
		"--threshold", "p50<1us", // broken on every shard and on the whole
	}
	for i := 1; i <= 2; i++ {
		args := append([]string{"load", "--profile", "irp", "--rate", "200/s", "--duration", "1s",
			"--shard", fmt.Sprintf("%d/2", i), "--result-out", filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))}, gates...)
		r := authprobe(t, 2*time.Minute, args...)
		if r.code != ExitOK {
			t.Fatalf("shard %d: exit %d (a shard's gates must not fail it)\n%s%s", i, r.code, r.stdout, r.stderr)
		}
		for _, want := range []string{
			fmt.Sprintf("shard %d/2: thresholds are judged on the whole run by authprobe merge", i),
			"threshold merge tokens_per_s>=150 not judged on a shard",
			"threshold merge tokens_per_s>=1000 not judged on a shard",
			"threshold per-shard ok p99<30s",
			"threshold per-shard over p50<1us",
		} {
			if !strings.Contains(squash(r.stdout), want) {
				t.Errorf("shard %d output lacks %q:\n%s", i, want, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "BROKEN") {
			t.Errorf("shard %d says BROKEN:\n%s", i, r.stdout)
		}
		run, err := reports.ReadJSON(filepath.Join(dir, fmt.Sprintf("shard-%d.json", i)))
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Load) != 1 || len(run.Load[0].Thresholds) != len(gates)/2 {
			t.Fatalf("shard %d: want 1 load result with %d thresholds, got %+v", i, len(gates)/2, run.Load)
		}
		for _, th := range run.Load[0].Thresholds {
			want := results.ScopeShard
			if strings.HasPrefix(th.Expr, "tokens_per_s") {
				want = results.ScopeMerge
			}
			if th.Scope != want {
				t.Errorf("shard %d: %s has scope %q, want %q", i, th.Expr, th.Scope, want)
			}
		}
	}
	out := t.TempDir()
	om := filepath.Join(out, "merged.om")
	r := authprobe(t, time.Minute, "merge", dir, "--out", out, "--metrics-out", om)
	if r.code != ExitFailed {
		t.Fatalf("merge: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"threshold ok tokens_per_s>=150", "threshold BROKEN tokens_per_s>=1000", "threshold ok p99<30s", "threshold BROKEN p50<1us"} {
		if !strings.Contains(squash(r.stdout), want) {
			t.Errorf("merge output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "per-shard") || strings.Contains(r.stdout, "not judged") {
		t.Errorf("merge output keeps shard labels:\n%s", r.stdout)
	}
	// The merged metrics carry the whole run's verdicts, no shard label.
	fams := readOpenMetrics(t, om)
	if got := gauge(t, fams, "authprobe_load_threshold_passed", map[string]string{"threshold": "tokens_per_s>=1000", "scope": "run"}); got != 0 {
		t.Errorf("merged metrics: tokens_per_s>=1000 passed = %v", got)
	}
	if got := gauge(t, fams, "authprobe_load_threshold_passed", map[string]string{"threshold": "tokens_per_s>=150", "scope": "run"}); got != 1 {
		t.Errorf("merged metrics: tokens_per_s>=150 passed = %v", got)
	}
	if got := gauge(t, fams, "authprobe_run_passed", nil); got != 0 {
		t.Errorf("merged metrics: run_passed = %v", got)
	}
	if b, _ := os.ReadFile(om); strings.Contains(string(b), "shard=") {
		t.Errorf("merged metrics carry a shard label:\n%s", b)
	}
	// Without the broken gates the merge passes.
	dir2 := t.TempDir()
	for i := 1; i <= 2; i++ {
		r := authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--rate", "200/s", "--duration", "1s", "--threshold", "tokens_per_s>=150",
			"--shard", fmt.Sprintf("%d/2", i), "--result-out", filepath.Join(dir2, fmt.Sprintf("shard-%d.json", i)))
		if r.code != ExitOK {
			t.Fatalf("shard %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
	}
	if r := authprobe(t, time.Minute, "merge", dir2, "--result-out", filepath.Join(t.TempDir(), "m.json")); r.code != ExitOK || !strings.Contains(squash(r.stdout), "threshold ok tokens_per_s>=150") {
		t.Fatalf("merge of passing shards: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// squash collapses runs of spaces, so that tests do not depend on column widths.
func squash(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}
