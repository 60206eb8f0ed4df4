package reports

import (
	"regexp"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

func renderHTML(t *testing.T, run *results.Run) string {
	t.Helper()
	b, err := HTML(run)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fetchRe matches anything that would make a browser fetch: attributes
// pointing somewhere, CSS url()/@import, and elements that load things.
var fetchRe = regexp.MustCompile(`(?i)\b(src|href|xlink:href|action|srcset|poster|data)\s*=|url\s*\(|@import|<(link|img|iframe|object|embed|audio|video|source|base)\b`)

func TestHTMLIsSelfContained(t *testing.T) {
	run := loadRun()
	page := renderHTML(t, run)
	if m := fetchRe.FindAllString(page, -1); len(m) > 0 {
		t.Errorf("page references external resources: %q", m)
	}
	// Remove the target's own base URLs (data shown as text): no other URL
	// may remain anywhere in the page.
	rest := page
	for _, a := range run.Target.APIs {
		rest = strings.ReplaceAll(rest, a.BaseURL, "")
	}
	if i := strings.Index(rest, "://"); i >= 0 {
		t.Errorf("page contains a URL: …%s…", rest[max(0, i-40):min(len(rest), i+40)])
	}
	if !strings.Contains(page, `Content-Security-Policy" content="default-src 'none'`) {
		t.Error("no Content-Security-Policy forbidding fetches")
	}
	for _, want := range []string{"<style>", "<script>", `data-ready`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks inline %s", want)
		}
	}
}

func TestHTMLShowsSummarySpecsAndPlots(t *testing.T) {
	run := loadRun()
	page := renderHTML(t, run)
	for _, s := range run.Conformance.Specs {
		if !strings.Contains(page, `<td class="id">`+s.ID+`</td>`) {
			t.Errorf("spec %s missing from the table", s.ID)
		}
	}
	if got := strings.Count(page, `<tbody class="spec"`); got != len(run.Conformance.Specs) {
		t.Errorf("%d spec rows, want %d", got, len(run.Conformance.Specs))
	}
	if !strings.Contains(page, `<tr data-profile="irp"><td>irp-staging</td><td>irp</td><td class="url">https://shop.staging.example.com</td><td class="num">1</td><td class="num">1</td>`) {
		t.Error("summary row for irp missing or wrong")
	}
	for _, id := range []string{`id="spec-search"`, `id="profile-filter"`, `class="verdict-filter"`, `<details class="evidence">`} {
		if !strings.Contains(page, id) {
			t.Errorf("page lacks %s", id)
		}
	}
	// constant scenario: histogram + 2 time plots; capacity: 2 time plots.
	if got := strings.Count(page, `<svg class="plot"`); got != 5 {
		t.Errorf("%d plots, want 5", got)
	}
	for _, kind := range []string{"latency-histogram", "latency-over-time", "throughput-over-time"} {
		if !strings.Contains(page, `data-kind="`+kind+`"`) {
			t.Errorf("no %s plot", kind)
		}
	}
	for _, legend := range []string{">p50</text>", ">p99</text>", ">requests</text>", ">successes</text>"} {
		if !strings.Contains(page, legend) {
			t.Errorf("no legend entry %s", legend)
		}
	}
	if strings.Contains(page, "incomplete-banner") {
		t.Error("complete run shows the incomplete banner")
	}
}

func TestHTMLMarksIncompleteRun(t *testing.T) {
	page := renderHTML(t, incompleteRun())
	for _, want := range []string{`id="incomplete-banner"`, `data-incomplete="true"`, `INCOMPLETE</span>`, `class="scenario interrupted"`} {
		if !strings.Contains(page, want) {
			t.Errorf("incomplete page lacks %s", want)
		}
	}
}

func TestHTMLEscapesEvidence(t *testing.T) {
	run := conformanceRun()
	run.Conformance.Specs[4].Evidence[0].Response = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	run.Conformance.Specs[4].Message = `</td></tr><b>bold</b>`
	page := renderHTML(t, run)
	if strings.Contains(page, `<script>alert`) || strings.Contains(page, `<img`) || strings.Contains(page, `<b>bold`) {
		t.Fatal("evidence or message reached the page unescaped")
	}
	if !strings.Contains(page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Error("escaped evidence not shown")
	}
}

func TestHTMLWithoutLoadOrConformance(t *testing.T) {
	page := renderHTML(t, &results.Run{})
	if strings.Contains(page, `<svg`) || strings.Contains(page, `id="spec-table"`) {
		t.Error("empty run renders sections it has no data for")
	}
}
