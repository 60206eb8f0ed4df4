package cli

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// twoTargets is a configuration of the irp and videntity reference
// servers; videntitySuffix is appended to the videntity base URL.
func twoTargets(t *testing.T, irpURL, videntityURL string) string {
	t.Helper()
	return writeFile(t, "two.yaml", fmt.Sprintf(`environment: test
targets:
  - profile: irp
    base_url: %s
    clock: skip
    timeout: 5s
    credentials:
      - %s
  - profile: videntity
    base_url: %s
    clock: skip
    timeout: 5s
    credentials:
      - %s
`, irpURL, hostileCredentials["irp"], videntityURL, hostileCredentials["videntity"]))
}

func verdictsOf(run *results.Run, profile string) map[string]results.Verdict {
	out := map[string]results.Verdict{}
	for _, s := range run.Conformance.Specs {
		if s.Profile == profile {
			out[s.ID] = s.Verdict
		}
	}
	return out
}

// A target whose base path is wrong stops at its preflight with one error
// naming the URL and what came back; its specs are NOT-RUN in every
// report, the other target's verdicts are what they are without it, and
// the run exits 3.
func TestPreflightStopsOnlyTheBrokenTarget(t *testing.T) {
	out := startServe(t, "--profiles", "irp,videntity")
	irpURL, vidURL := serveURL(t, out, "irp"), serveURL(t, out, "videntity")
	dir := t.TempDir()

	good := filepath.Join(dir, "good.json")
	r := authprobe(t, 3*time.Minute, "conform", "--target", twoTargets(t, irpURL, vidURL), "--json", good)
	if r.code != ExitOK && r.code != ExitFailed {
		t.Fatalf("both targets right: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	base, err := reports.ReadJSON(good)
	if err != nil {
		t.Fatal(err)
	}

	reportDir := filepath.Join(dir, "out")
	r = authprobe(t, 3*time.Minute, "run", "--target", twoTargets(t, irpURL, vidURL+"/nope"), "--out", reportDir, "--no-load")
	noPanic(t, "run", r.stderr)
	if r.code != ExitUnreachable {
		t.Fatalf("wrong base path: exit %d, want %d\n%s%s", r.code, ExitUnreachable, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	var errLines []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "authprobe: conformance of ") && !strings.HasPrefix(l, "conform: ") { // progress lines
			errLines = append(errLines, l)
		}
	}
	want := "authprobe: target videntity (" + vidURL + "/nope): the login endpoint does not answer as the videntity API: POST " + vidURL + "/nope/sessions/login → HTTP 404 Not Found, content type text/xml"
	if len(errLines) != 1 || !strings.HasPrefix(errLines[0], want) || !strings.Contains(errLines[0], "error 11 SERVER_ERROR") {
		t.Fatalf("want one error line starting %q, got:\n%s", want, r.stderr)
	}
	if !strings.Contains(r.stdout, "  NOT RUN: target videntity (") || strings.Contains(r.stdout, "VID-LOGIN-001") {
		t.Errorf("the console does not show the stopped target once (its specs one by one):\n%s", r.stdout)
	}

	run, err := reports.ReadJSON(filepath.Join(reportDir, reports.FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := verdictsOf(run, "irp"), verdictsOf(base, "irp"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("irp verdicts changed with the other target stopped:\n got %v\nwant %v", got, want)
	}
	vid := verdictsOf(run, "videntity")
	if len(vid) == 0 || len(vid) != len(verdictsOf(base, "videntity")) {
		t.Fatalf("videntity: %d NOT-RUN specs, want one per spec (%d)", len(vid), len(verdictsOf(base, "videntity")))
	}
	for id, v := range vid {
		if v != results.NotRun {
			t.Errorf("%s: %s, want NOT-RUN", id, v)
		}
	}
	for _, a := range run.Target.APIs {
		if (a.Profile == "videntity") != (a.Error != "") {
			t.Errorf("target %s error %q", a.Name, a.Error)
		}
	}
	junit := must(os.ReadFile(filepath.Join(reportDir, reports.FileJUnit)))
	var doc struct {
		Suites []struct {
			Name   string `xml:"name,attr"`
			Tests  int    `xml:"tests,attr"`
			Errors int    `xml:"errors,attr"`
			Cases  []struct {
				Error *struct {
					Type    string `xml:"type,attr"`
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Suites {
		if s.Name != "videntity" {
			continue
		}
		if s.Errors != s.Tests || s.Tests != len(vid) {
			t.Errorf("junit videntity: tests=%d errors=%d", s.Tests, s.Errors)
		}
		for _, c := range s.Cases {
			if c.Error == nil || c.Error.Type != "NOT-RUN" || !strings.Contains(c.Error.Message, "/nope/sessions/login → HTTP 404") {
				t.Errorf("junit videntity testcase: %+v", c.Error)
			}
		}
	}
	md := string(must(os.ReadFile(filepath.Join(reportDir, reports.FileMarkdown))))
	if !strings.Contains(md, "#### Not run") || !strings.Contains(md, "error 11 SERVER_ERROR") {
		t.Errorf("summary.md does not show the stopped target:\n%s", md)
	}
	if html := string(must(os.ReadFile(filepath.Join(reportDir, reports.FileHTML)))); !strings.Contains(html, `data-verdict="NOT-RUN"`) {
		t.Errorf("report.html shows no NOT-RUN spec")
	}
}

// An unreachable target still gets every report, each of its specs NOT-RUN
// with the cause as its error; the exit code stays 3.
func TestUnreachableTargetWritesEveryReport(t *testing.T) {
	port := freePort(t)
	cfg := writeFile(t, "down.yaml", fmt.Sprintf("environment: test\ntargets:\n  - profile: irp\n    base_url: http://127.0.0.1:%d\n    credentials:\n      - %s\n", port, hostileCredentials["irp"]))
	dir := t.TempDir()
	r := authprobe(t, time.Minute, "run", "--target", cfg, "--out", dir, "--label-filter", "!slow")
	if r.code != ExitUnreachable {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitUnreachable, r.stdout, r.stderr)
	}
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "is unreachable") {
		t.Fatalf("want one error line, got:\n%s", r.stderr)
	}
	for _, f := range []string{reports.FileJSON, reports.FileJUnit, reports.FileHTML, reports.FileMarkdown} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	run, err := reports.ReadJSON(filepath.Join(dir, reports.FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	if run.Conformance == nil || len(run.Conformance.Specs) == 0 {
		t.Fatal("report.json has no specs")
	}
	for _, s := range run.Conformance.Specs {
		if s.Verdict != results.NotRun || !strings.Contains(s.Reason, "is unreachable") || containsLabel(s.Labels, "slow") {
			t.Errorf("%s: %s %q %v", s.ID, s.Verdict, s.Reason, s.Labels)
		}
	}
	if notes := strings.Join(run.Notes, "\n"); len(run.Load) != 0 || !strings.Contains(notes, "load check of irp not run: the target was not tested (target irp (http://127.0.0.1:") {
		t.Errorf("an untested target got a load check, or no note says why not: %d load results; notes: %s", len(run.Load), notes)
	}
	junit := string(must(os.ReadFile(filepath.Join(dir, reports.FileJUnit))))
	if n := strings.Count(junit, `<error message="not run: target irp (http://127.0.0.1:`); n != len(run.Conformance.Specs) {
		t.Errorf("junit.xml has %d NOT-RUN errors for %d specs", n, len(run.Conformance.Specs))
	}
	if !strings.Contains(r.stdout, "authprobe run: FAILED") || !strings.Contains(r.stdout, "not run") {
		t.Errorf("console does not show the specs not run:\n%s", r.stdout)
	}
}

func containsLabel(labels []string, l string) bool {
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}
