package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// `load --rate max` runs the closed model bounded by --hits, labels it on
// the console, in the JSON and in the Markdown and HTML reports, and its
// thresholds gate the exit code.
func TestLoadRateMax(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "max.json")
	r := authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--rate", "max", "--workers", "4", "--hits", "300",
		"--threshold", "success>=100%", "--result-out", out, "--out", dir)
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	const label = "closed model (unpaced, not coordinated-omission safe)"
	if !strings.Contains(r.stdout, label+", 4 workers") {
		t.Errorf("console does not label the closed model:\n%s", r.stdout)
	}
	run, err := reports.ReadJSON(out)
	if err != nil {
		t.Fatal(err)
	}
	l := run.Load[0]
	if l.Mode != "max" || l.Model != results.ModelClosed || l.Workers != 4 || l.Requests != 300 || l.Successes != 300 {
		t.Errorf("json: mode %q model %q workers %d requests %d successes %d", l.Mode, l.Model, l.Workers, l.Requests, l.Successes)
	}
	for _, name := range []string{"summary.md", "report.html", "junit.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), label) {
			t.Errorf("%s does not label the closed model", name)
		}
	}
	// a broken threshold fails the run; max mode with a rate is a usage error
	r = authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--mode", "max", "--hits", "50", "--threshold", "p99<1us")
	if r.code != ExitFailed || !strings.Contains(r.stdout, "BROKEN") {
		t.Errorf("broken threshold: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = authprobe(t, time.Minute, "load", "--profile", "irp", "--mode", "max", "--rate", "10/s", "--duration", "1s")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "takes no rate") {
		t.Errorf("max with a rate: exit %d\n%s", r.code, r.stderr)
	}
}
