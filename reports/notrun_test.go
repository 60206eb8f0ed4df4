package reports

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/schemas"
	"github.com/authprobe/authprobe/secrets"
)

// notRunCause is the error of the fixture's stopped target; it carries a
// secret, which every report must mask.
const notRunCause = `target irp-staging (https://shop.staging.example.com/nope): the login endpoint does not answer as the irp API: POST https://shop.staging.example.com/nope/api/v1/Authentication/Authenticate → HTTP 404 Not Found, content type text/html, body "<h1>Not Found</h1> key s3cr3t-key"`

// notRunRun is conformanceRun with its irp target stopped before its specs:
// the target carries the error and its specs are NOT-RUN with it as reason.
func notRunRun() *results.Run {
	r := conformanceRun()
	for i := range r.Target.APIs {
		if r.Target.APIs[i].Profile == "irp" {
			r.Target.APIs[i].Error = notRunCause
			r.Target.APIs[i].ClockOffset = ""
		}
	}
	var specs []results.SpecResult
	for _, s := range r.Conformance.Specs {
		if s.Profile == "irp" {
			s = results.SpecResult{ID: s.ID, Profile: s.Profile, Title: s.Title, Verdict: results.NotRun, Reason: notRunCause, Labels: s.Labels}
		}
		specs = append(specs, s)
	}
	r.Conformance.Specs = specs
	return r
}

func notRunRedactor() *secrets.Redactor {
	red := &secrets.Redactor{}
	red.Add("s3cr3t-key")
	return red
}

// Every report of a run with a stopped target shows its specs NOT-RUN with
// the cause, masked; JSON and JUnit stay valid.
func TestNotRunInEveryReport(t *testing.T) {
	opt := WithRedactor(notRunRedactor())
	b, err := JSON(notRunRun(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate("report/run.schema.json", b); err != nil {
		t.Fatalf("report.json with NOT-RUN does not match its schema: %v", err)
	}
	if !strings.Contains(string(b), `"verdict": "NOT-RUN"`) || !strings.Contains(string(b), `"error": "target irp-staging`) {
		t.Errorf("report.json lacks the verdict or the target error:\n%s", b)
	}

	x, err := JUnit(notRunRun(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateJUnit(t, x); err != nil {
		t.Fatalf("junit.xml with NOT-RUN does not validate: %v", err)
	}
	doc := parseJUnit(t, notRunRun())
	irp := doc.suite(t, "irp")
	for _, c := range irp.Cases {
		if c.Error == nil || c.Error.Type != "NOT-RUN" || !strings.HasPrefix(c.Error.Message, "not run: target irp-staging") || !strings.Contains(c.Error.Message, "HTTP 404 Not Found") {
			t.Errorf("NOT-RUN testcase %s: %+v", c.Name, c.Error)
		}
		if c.Failure != nil || c.Skipped != nil || strings.Contains(c.Name, "NOT-RUN") {
			t.Errorf("NOT-RUN testcase %s: %+v", c.Name, c)
		}
	}
	if irp.Errors != len(irp.Cases) || irp.Failures != 0 || len(irp.Cases) != 3 {
		t.Errorf("irp counters tests=%d errors=%d failures=%d", len(irp.Cases), irp.Errors, irp.Failures)
	}
	if v, _ := irp.prop("not_run"); !strings.Contains(v, "does not answer as the irp API") {
		t.Errorf("irp suite lacks the not_run property: %q", v)
	}
	for _, out := range []string{string(b), string(x)} {
		if strings.Contains(out, "s3cr3t-key") {
			t.Errorf("a report shows the secret in the target error")
		}
	}

	md := string(Markdown(notRunRun(), opt))
	for _, want := range []string{
		"| irp-staging | irp | 0 | 0 | 0 | 0 | 0 | 0 | 3 | ⛔ not run |",
		"#### Not run",
		"**irp-staging** (irp), 3 specs not run",
		"the login endpoint does not answer as the irp API",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "**`IRP-TOKEN-001`**") || strings.Contains(md, "s3cr3t-key") {
		t.Errorf("summary.md lists NOT-RUN specs as failures or shows the secret:\n%s", md)
	}

	h, err := HTML(notRunRun(), opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`data-verdict="NOT-RUN"`, `<span class="badge not-run">NOT-RUN</span>`, "does not answer as the irp API", `<span class="badge not-run">not run</span>`} {
		if !strings.Contains(string(h), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(h), "s3cr3t-key") {
		t.Errorf("report.html shows the secret")
	}
}

// --junit-warnings passed keeps a WARNING a plain passing testcase, with
// the warning in system-out and the verdict property; both forms validate.
func TestJUnitWarningsPassed(t *testing.T) {
	for _, mode := range []JUnitWarnings{JUnitWarningsSkipped, JUnitWarningsPassed} {
		b, err := JUnit(loadRun(), WithJUnitWarnings(mode))
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJUnit(t, b); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
	}
	var doc xSuites
	b, _ := JUnit(loadRun(), WithJUnitWarnings(JUnitWarningsPassed))
	doc = mustParse(t, b)
	ishare := doc.suite(t, "ishare")
	warn := ishare.testcase(t, "ISHARE-LOGIN-004 ")
	if warn.Skipped != nil || warn.Failure != nil || !strings.HasPrefix(warn.SystemOut, "WARNING: the fault string") {
		t.Errorf("passed mode: %+v", warn)
	}
	if v, _ := ishare.prop("verdict.ISHARE-LOGIN-004"); v != "WARNING" || ishare.Skipped != 0 {
		t.Errorf("passed mode: verdict property %q, skipped %d", v, ishare.Skipped)
	}
	for _, s := range []string{"", "skipped", "passed"} {
		if _, err := ParseJUnitWarnings(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseJUnitWarnings("yellow"); err == nil || !strings.Contains(err.Error(), "skipped or passed") {
		t.Errorf("yellow: %v", err)
	}
}

func mustParse(t *testing.T, b []byte) xSuites {
	t.Helper()
	var doc xSuites
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit.xml is not well-formed: %v", err)
	}
	return doc
}
