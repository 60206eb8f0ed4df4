package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// The binary (built as the Makefile builds it, -trimpath) reports its
// failures' locations relative to the module in every report: no path of
// the build machine, no module path or module-cache prefix.
func TestReportsCarryModuleRelativeLocations(t *testing.T) {
	out := t.TempDir()
	r := authprobe(t, time.Minute, "run", "--profiles", "irp", "--fault", "irp:bad-signature-accepted",
		"--label-filter", "IRP-SIG-001", "--no-load", "--out", out)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (a failing spec); stderr:\n%s", r.code, r.stderr)
	}
	run, err := reports.ReadJSON(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	loc := regexp.MustCompile(`^suites/irp/[a-z0-9_]+\.go:[1-9][0-9]*$`)
	failed := 0
	for _, s := range run.Conformance.Specs {
		if s.Verdict == results.Failed {
			failed++
			if !loc.MatchString(s.Location) {
				t.Errorf("%s: location %q, want suites/irp/<file>.go:<line>", s.ID, s.Location)
			}
		}
	}
	if failed == 0 {
		t.Fatal("no spec failed: nothing to check")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	prefixes := []string{filepath.Dir(filepath.Dir(wd)), "/pkg/mod/", "github.com/authprobe/authprobe/"}
	env, err := exec.Command("go", "env", "GOPATH", "GOMODCACHE", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	prefixes = append(prefixes, strings.Fields(string(env))...)
	for _, name := range []string{"report.json", "junit.xml", "report.html", "summary.md"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range prefixes {
			if i := strings.Index(string(b), p); i >= 0 {
				t.Errorf("%s carries the build path %q: …%s…", name, p, b[max(0, i-60):min(len(b), i+80)])
			}
		}
		if !strings.Contains(string(b), "suites/irp/") && name != "summary.md" {
			t.Errorf("%s shows no module-relative location", name)
		}
	}
}
