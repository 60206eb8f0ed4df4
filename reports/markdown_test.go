package reports

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

func TestMarkdownGolden(t *testing.T) {
	golden(t, "summary.md.golden", Markdown(loadRun()))
	golden(t, "summary-incomplete.md.golden", Markdown(incompleteRun()))
	golden(t, "summary-conformance.md.golden", Markdown(conformanceRun()))
}

func TestMarkdownSummaryContent(t *testing.T) {
	md := string(Markdown(loadRun()))
	for _, want := range []string{
		"## ❌ authprobe: FAILED (staging)",
		"| irp-staging | irp | 1 | 1 | 0 | 0 | 1 | 0 | 0 | ❌ failed |",
		"| ishare-staging | ishare | 1 | 0 | 1 | 0 | 0 | 0 | 0 | ⚠️ warnings |",
		"| **Total** | | **4** | **1** | **1** | **1** | **1** | **1** | **0** | |",
		"#### Warnings",
		"- `ISHARE-LOGIN-004` (ishare) a wrong password is refused with a SOAP fault",
		"  the fault string names the user: \"unknown password for user alice\" (user enumeration)",
		"**`IRP-SKEW-002`** (irp)",
		"want Success=false with code 2003",
		"**`CERTNA-LOGIN-003`** (certna)",
		"| constant-200 (irp) | `p99<250ms` | 262.9 ms | ❌ broken |",
		"| capacity (certna) | capacity | 54000 | 98.333% |",
		"Max held rate of capacity (certna): **400/s**",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q\n%s", want, md)
		}
	}
	if strings.Contains(md, "POST /api/Authenticate") {
		t.Error("summary quotes evidence; it belongs in junit.xml and report.html")
	}
}

func TestMarkdownIncompleteBanner(t *testing.T) {
	md := string(Markdown(incompleteRun()))
	if !strings.Contains(md, "## ⚠️ authprobe: INCOMPLETE") || !strings.Contains(md, "**Incomplete run:**") {
		t.Fatalf("incomplete run not marked:\n%s", md)
	}
	if !strings.Contains(md, "capacity (certna) ⚠️ interrupted") {
		t.Errorf("interrupted scenario not marked:\n%s", md)
	}
}

func TestMarkdownKeepsTablesAndFencesIntact(t *testing.T) {
	r := conformanceRun()
	r.Target.APIs[2].Name = "irp | staging\nnew line"
	r.Conformance.Specs[4].Message = "a ``` fence\nand <script>alert(1)</script>"
	md := string(Markdown(r))
	if !strings.Contains(md, `| irp \| staging new line | irp |`) {
		t.Errorf("pipe or newline in a cell breaks the table:\n%s", md)
	}
	if !strings.Contains(md, "````text\na ``` fence") {
		t.Errorf("message with a fence is not fenced by a longer fence:\n%s", md)
	}
}

func TestMarkdownCapsFailures(t *testing.T) {
	md := string(Markdown(manySpecsRun(mdMaxFailures + 7)))
	if got := strings.Count(md, "**`IRP-GEN-"); got != mdMaxFailures {
		t.Errorf("listed %d failures, want %d", got, mdMaxFailures)
	}
	if !strings.Contains(md, "… and 7 more failures") {
		t.Error("no note about the failures left out")
	}
}

func TestMarkdownPassingRun(t *testing.T) {
	r := &results.Run{Target: results.Target{Environment: "test"}, Conformance: &results.Conformance{Specs: []results.SpecResult{
		{ID: "A-1", Profile: "irp", Verdict: results.Passed},
	}}}
	md := string(Markdown(r))
	if !strings.HasPrefix(md, "## ✅ authprobe: PASSED (test)") || strings.Contains(md, "#### Failures") {
		t.Fatalf("passing run:\n%s", md)
	}
}
