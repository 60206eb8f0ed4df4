package reports

import (
	"encoding/xml"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	xsdvalidate "github.com/terminalstatic/go-xsd-validate"

	"github.com/authprobe/authprobe/results"
)

var (
	junitXSDOnce sync.Once
	junitXSD     *xsdvalidate.XsdHandler
	junitXSDErr  error
)

// validateJUnit checks a document against testdata/junit.xsd with libxml2.
func validateJUnit(t *testing.T, doc []byte) error {
	t.Helper()
	junitXSDOnce.Do(func() {
		if err := xsdvalidate.Init(); err != nil && !strings.Contains(err.Error(), "already initialized") {
			junitXSDErr = err
			return
		}
		raw, err := os.ReadFile("testdata/junit.xsd")
		if err != nil {
			junitXSDErr = err
			return
		}
		junitXSD, junitXSDErr = xsdvalidate.NewXsdHandlerMem(raw, xsdvalidate.ParsErrVerbose)
	})
	if junitXSDErr != nil {
		t.Fatalf("load junit.xsd: %v", junitXSDErr)
	}
	err := junitXSD.ValidateMem(doc, xsdvalidate.ParsErrVerbose)
	var ve xsdvalidate.ValidationError
	if errors.As(err, &ve) {
		var msgs []string
		for _, e := range ve.Errors {
			msgs = append(msgs, strings.TrimSpace(e.Message))
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	return err
}

func TestJUnitValidatesAgainstJenkinsXSD(t *testing.T) {
	nasty := conformanceRun()
	nasty.Conformance.Specs[4].Message = "control \x01\x02 chars, a CDATA end ]]> and bad UTF-8 \xff\xfe here"
	nasty.Conformance.Specs[4].Evidence[0].Response = "HTTP/1.1 200 OK\r\n\r\n<![CDATA[ ]]> \x00\x1b[31m"
	for name, run := range map[string]*results.Run{
		"conformance": conformanceRun(), "load": loadRun(), "incomplete": incompleteRun(),
		"nasty": nasty, "empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := JUnit(run)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateJUnit(t, b); err != nil {
				t.Fatalf("junit.xml does not validate: %v\n%s", err, b)
			}
		})
	}
}

func TestJUnitXSDRejectsInvalidDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"testcase without name":    `<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase classname="x"/></testsuite></testsuites>`,
		"suite without counters":   `<testsuites><testsuite name="a"><testcase name="t"/></testsuite></testsuites>`,
		"negative count":           `<testsuites><testsuite name="a" tests="-1" failures="0" errors="0"/></testsuites>`,
		"unknown testcase element": `<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="t"><oops/></testcase></testsuite></testsuites>`,
	} {
		if err := validateJUnit(t, []byte(doc)); err == nil {
			t.Errorf("%s: accepted by the XSD", name)
		}
	}
}

// parsed JUnit, for assertions.
type xSuites struct {
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name       string  `xml:"name,attr"`
	Tests      int     `xml:"tests,attr"`
	Failures   int     `xml:"failures,attr"`
	Errors     int     `xml:"errors,attr"`
	Skipped    int     `xml:"skipped,attr"`
	Properties []xProp `xml:"properties>property"`
	Cases      []xCase `xml:"testcase"`
}

type xProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xCase struct {
	Name      string `xml:"name,attr"`
	Classname string `xml:"classname,attr"`
	Failure   *xMsg  `xml:"failure"`
	Error     *xMsg  `xml:"error"`
	Skipped   *xMsg  `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

type xMsg struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func parseJUnit(t *testing.T, run *results.Run) xSuites {
	t.Helper()
	b, err := JUnit(run)
	if err != nil {
		t.Fatal(err)
	}
	var doc xSuites
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit.xml is not well-formed: %v", err)
	}
	return doc
}

func (s xSuites) suite(t *testing.T, name string) xSuite {
	t.Helper()
	for _, x := range s.Suites {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no testsuite %q", name)
	return xSuite{}
}

func (s xSuite) testcase(t *testing.T, prefix string) xCase {
	t.Helper()
	for _, c := range s.Cases {
		if strings.HasPrefix(c.Name, prefix) {
			return c
		}
	}
	t.Fatalf("suite %s: no testcase %q", s.Name, prefix)
	return xCase{}
}

func (s xSuite) prop(name string) (string, bool) {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

func TestJUnitMapsEveryVerdict(t *testing.T) {
	doc := parseJUnit(t, loadRun())
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "ishare,videntity,irp,certna,load" {
		t.Fatalf("suites = %s, want one per API in target order, then load", got)
	}

	irp := doc.suite(t, "irp")
	failed := irp.testcase(t, "IRP-SKEW-002 ")
	if failed.Name != "IRP-SKEW-002 a request signed 6 minutes in the past is refused with code 2003" || failed.Classname != "authprobe.irp" {
		t.Errorf("testcase named %q classname %q", failed.Name, failed.Classname)
	}
	if failed.Failure == nil || failed.Failure.Type != "FAILED" || !strings.Contains(failed.Failure.Message, "want Success=false") {
		t.Fatalf("FAILED spec: failure = %+v", failed.Failure)
	}
	for _, want := range []string{"suites/irp/skew.go:88", "POST /api/Authenticate", "exchange 2 of 2", `"Minutes":19`} {
		if !strings.Contains(failed.Failure.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, failed.Failure.Text)
		}
	}
	xfail := irp.testcase(t, "IRP-SKEW-003 ")
	if xfail.Skipped == nil || !strings.Contains(xfail.Skipped.Message, "vendor ticket 4711") || xfail.Failure != nil {
		t.Errorf("EXPECTED-FAILURE: %+v", xfail)
	}
	if pass := irp.testcase(t, "IRP-TOKEN-001 "); pass.Failure != nil || pass.Skipped != nil || pass.Error != nil {
		t.Errorf("PASSED spec is not a plain testcase: %+v", pass)
	}
	if irp.Tests != 3 || irp.Failures != 1 || irp.Skipped != 1 || irp.Errors != 0 {
		t.Errorf("irp counters tests=%d failures=%d skipped=%d errors=%d", irp.Tests, irp.Failures, irp.Skipped, irp.Errors)
	}

	ishare := doc.suite(t, "ishare")
	warn := ishare.testcase(t, "ISHARE-LOGIN-004 ")
	// A WARNING shows in CI test tabs as skipped (not failing), named as
	// always, with the whole warning and its evidence in system-out.
	if warn.Name != "ISHARE-LOGIN-004 a wrong password is refused with a SOAP fault" || warn.Failure != nil || warn.Error != nil ||
		warn.Skipped == nil || warn.Skipped.Message != `WARNING: the fault string names the user: "unknown password for user alice" (user enumeration)` ||
		!strings.HasPrefix(warn.SystemOut, "WARNING: the fault string names the user") || !strings.Contains(warn.SystemOut, "exchange 1 of 1") {
		t.Errorf("WARNING: %+v", warn)
	}
	if v, ok := ishare.prop("warning.ISHARE-LOGIN-004"); !ok || !strings.Contains(v, "user enumeration") {
		t.Errorf("WARNING has no suite property: %q %v", v, ok)
	}
	if v, ok := ishare.prop("verdict.ISHARE-LOGIN-004"); v != "WARNING" {
		t.Errorf("WARNING has no verdict property: %q %v", v, ok)
	}
	if ishare.Skipped != 1 || ishare.Failures != 0 || ishare.Errors != 0 {
		t.Errorf("ishare counters failures=%d skipped=%d errors=%d", ishare.Failures, ishare.Skipped, ishare.Errors)
	}

	skip := doc.suite(t, "videntity").testcase(t, "VID-EXPIRY-001 ")
	if skip.Skipped == nil || skip.Skipped.Message != "clock: skip — expiry specs need a controlled or real clock" {
		t.Errorf("SKIPPED: %+v", skip.Skipped)
	}
	upass := doc.suite(t, "certna").testcase(t, "CERTNA-LOGIN-003 ")
	if upass.Failure == nil || upass.Failure.Type != "UNEXPECTED-PASS" || !strings.Contains(upass.Failure.Message, "vendor ticket 5120") {
		t.Errorf("UNEXPECTED-PASS: %+v", upass.Failure)
	}

	load := doc.suite(t, "load")
	broken := load.testcase(t, "constant-200 (irp): p99<250ms")
	if broken.Failure == nil || broken.Failure.Type != "THRESHOLD" || !strings.Contains(broken.Failure.Message, "measured 262.9 ms") {
		t.Errorf("broken threshold: %+v", broken.Failure)
	}
	if held := load.testcase(t, "constant-200 (irp): success>=99.9%"); held.Failure != nil {
		t.Errorf("held threshold fails: %+v", held.Failure)
	}
	if load.Failures != 1 {
		t.Errorf("load failures = %d, want 1", load.Failures)
	}
	if doc.Tests != 2+2+3+2+5 || doc.Failures != 3 || doc.Errors != 0 {
		t.Errorf("totals tests=%d failures=%d errors=%d", doc.Tests, doc.Failures, doc.Errors)
	}
}

func TestJUnitMarksIncompleteRun(t *testing.T) {
	doc := parseJUnit(t, incompleteRun())
	if !strings.Contains(doc.Name, "incomplete") {
		t.Errorf("testsuites name %q does not say incomplete", doc.Name)
	}
	run := doc.suite(t, "authprobe").testcase(t, "run completed")
	if run.Error == nil || run.Error.Type != "INCOMPLETE" || !strings.Contains(run.Error.Text, "SIGINT") {
		t.Errorf("incomplete run has no INCOMPLETE error testcase: %+v", run.Error)
	}
	for _, s := range doc.Suites {
		if v, _ := s.prop("incomplete"); v != "true" {
			t.Errorf("suite %s lacks property incomplete=true", s.Name)
		}
	}
	if c := doc.suite(t, "load").testcase(t, "capacity (certna): scenario"); c.Error == nil {
		t.Error("interrupted load scenario is not an error")
	}
	if doc.Errors != 2 {
		t.Errorf("errors = %d, want 2", doc.Errors)
	}
}

func TestJUnitGolden(t *testing.T) {
	b, err := JUnit(loadRun())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.xml.golden", b)
}
