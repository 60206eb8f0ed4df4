package framework_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
	_ "github.com/authprobe/authprobe/suites/irp" // the specs this test runs
)

// locationRe is what a spec location looks like in a report.
var locationRe = regexp.MustCompile(`^suites/[a-z]+/[a-z0-9_]+\.go:[1-9][0-9]*$`)

// buildPrefixes are the build machine's paths a report must not carry:
// this checkout, GOPATH, the module cache, GOROOT, and the module path a
// -trimpath build writes before its files.
func buildPrefixes(t *testing.T) []string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{filepath.Dir(filepath.Dir(wd)), "/pkg/mod/", "github.com/authprobe/authprobe/"}
	env, err := exec.Command("go", "env", "GOPATH", "GOMODCACHE", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	for _, p := range strings.Fields(string(env)) {
		out = append(out, p)
	}
	return out
}

// A conformance run under go test (absolute source paths in the build)
// reports its failures' locations relative to the module, in JSON and
// JUnit alike.
func TestRunReportsModuleRelativeLocations(t *testing.T) {
	set, err := embedded.Start(embedded.Options{Profiles: []string{"irp"}, TestClock: true, Faults: []string{"irp:bad-signature-accepted"}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	conf, apis, err := framework.Run(framework.Options{Config: set.Config(), LabelFilter: "IRP-SIG-001", Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	run := &results.Run{Conformance: conf, Target: results.Target{APIs: apis}}
	failed := 0
	for _, s := range conf.Specs {
		if s.Verdict != results.Failed {
			continue
		}
		failed++
		if !locationRe.MatchString(s.Location) {
			t.Errorf("%s: location %q, want suites/<api>/<file>.go:<line>", s.ID, s.Location)
		}
	}
	if failed == 0 {
		t.Fatalf("the fault failed no spec: %+v", conf.Specs)
	}
	js, err := reports.JSON(run)
	if err != nil {
		t.Fatal(err)
	}
	ju, err := reports.JUnit(run)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"report.json": js, "junit.xml": ju} {
		for _, p := range buildPrefixes(t) {
			if i := strings.Index(string(b), p); i >= 0 {
				t.Errorf("%s carries the build path %q: …%s…", name, p, b[max(0, i-60):min(len(b), i+80)])
			}
		}
		if !strings.Contains(string(b), "suites/irp/") {
			t.Errorf("%s shows no module-relative location", name)
		}
	}
}
