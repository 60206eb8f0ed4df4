package reports

import (
	"regexp"
	"strings"
	"testing"
	"time"

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

// anchorRe matches a link within the page, which fetches nothing.
var anchorRe = regexp.MustCompile(`href="#([^"]+)"`)

func TestHTMLIsSelfContained(t *testing.T) {
	run := loadRun()
	page := renderHTML(t, run)
	for _, m := range anchorRe.FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, ` id="`+m[1]+`"`) {
			t.Errorf("link to #%s, which is not in the page", m[1])
		}
	}
	if m := fetchRe.FindAllString(anchorRe.ReplaceAllString(page, ""), -1); len(m) > 0 {
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
	if got := strings.Count(page, `<tbody class="spec`); got != len(run.Conformance.Specs) {
		t.Errorf("%d spec rows, want %d", got, len(run.Conformance.Specs))
	}
	if !strings.Contains(page, `<tr data-profile="irp" id="api-irp"><td>irp-staging</td><td>irp</td><td class="url">https://shop.staging.example.com</td><td class="num">1</td><td class="num">1</td>`) {
		t.Error("summary row for irp missing or wrong")
	}
	for _, id := range []string{`id="spec-search"`, `id="profile-filter"`, `verdict-filter" id="vf-passed"`, `<details class="evidence">`} {
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
	if strings.Contains(page, `<svg`) || strings.Contains(page, `id="spec-table"`) || strings.Contains(page, `id="toc"`) {
		t.Error("empty run renders sections it has no data for")
	}
}

// specOrder is the IDs of the spec table, in order.
func specOrder(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<td class="id">([^<]+)</td>`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestHTMLListsFailuresFirstAndShowsOnlyThemByDefault(t *testing.T) {
	page := renderHTML(t, conformanceRun())
	want := "IRP-SKEW-002 CERTNA-LOGIN-003 ISHARE-LOGIN-004 IRP-SKEW-003 VID-EXPIRY-001 ISHARE-LOGIN-001 VID-LOGIN-002 IRP-TOKEN-001 CERTNA-LOGIN-001"
	if got := strings.Join(specOrder(page), " "); got != want {
		t.Errorf("spec order\n got %s\nwant %s", got, want)
	}
	for _, w := range []string{
		`id="scope-failures" class="filter-state" value="failures" checked>`,
		`<label for="scope-failures" class="scope-failures">Failures (2)</label><label for="scope-all" class="scope-all">All specs (9)</label>`,
		`<tbody class="spec fails" id="spec-IRP-SKEW-002"`,
		`<tbody class="spec" id="spec-ISHARE-LOGIN-001"`,
		`#vf-passed:not(:checked) ~ table.specs tbody.spec[data-verdict="PASSED"] { display: none; }`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}
	if !regexp.MustCompile(`#scope-failures:checked ~ table\.specs tbody\.spec:not\(\.fails\) \{ display: none; \}`).MatchString(page) {
		t.Error("no CSS hiding the specs that do not fail while 'Failures' is chosen")
	}

	// strict: a warning fails too and comes with the failures
	run := conformanceRun()
	run.Conformance.Strict = true
	if got := specOrder(renderHTML(t, run)); strings.Join(got[:3], " ") != "ISHARE-LOGIN-004 IRP-SKEW-002 CERTNA-LOGIN-003" {
		t.Errorf("strict order %v, want the warning among the failures", got)
	}

	// no failure: every spec is shown, no switch
	run = conformanceRun()
	run.Conformance.Specs = []results.SpecResult{run.Conformance.Specs[0], run.Conformance.Specs[2], run.Conformance.Specs[1]}
	page = renderHTML(t, run)
	if strings.Contains(page, `id="scope-failures"`) || strings.Contains(page, "failing, listed first") {
		t.Error("a run without failures filters to failures")
	}
	if got := strings.Join(specOrder(page), " "); got != "ISHARE-LOGIN-004 VID-EXPIRY-001 ISHARE-LOGIN-001" {
		t.Errorf("order without failures %s, want warning, skipped, passed", got)
	}
}

func TestHTMLTableOfContents(t *testing.T) {
	page := renderHTML(t, loadRun())
	toc := page[strings.Index(page, `<nav id="toc"`):strings.Index(page, `</nav>`)]
	if strings.Index(page, `<nav id="toc"`) > strings.Index(page, `<main>`) {
		t.Error("the contents are not at the top")
	}
	for _, w := range []string{
		`<a class="toc-api" href="#api-irp" data-profile="irp"><span class="badge failed">irp-staging</span> 1 passed · 1 failed · 1 expected failure</a>`,
		`<a class="toc-api" href="#api-videntity" data-profile="videntity"><span class="badge passed">videntity-staging</span> 1 passed · 1 skipped</a>`,
		`<a href="#specs">Specs</a>: <strong class="toc-failing">2 failing, listed first</strong>: <a class="toc-failure" href="#spec-IRP-SKEW-002">IRP-SKEW-002</a> <a class="toc-failure" href="#spec-CERTNA-LOGIN-003">CERTNA-LOGIN-003</a> · 9 in all`,
		`<a href="#summary">Verdicts per API</a>`,
		`<a href="#load">Load</a>: <span class="toc-load"><a href="#load-1">constant-200 (irp)</a> p99 263 ms <span class="badge failed">1 broken</span></span> <span class="toc-load"><a href="#load-2">capacity (certna)</a> p99 420 ms</span>`,
		`<a href="#notes">Notes</a> (1)`,
	} {
		if !strings.Contains(toc, w) {
			t.Errorf("contents lack %s\n%s", w, toc)
		}
	}
	// per API verdict counts, then specs, then load
	if i, j, k := strings.Index(toc, "toc-api"), strings.Index(toc, `href="#specs"`), strings.Index(toc, `href="#load"`); !(i < j && j < k) {
		t.Errorf("contents out of order: APIs at %d, specs at %d, load at %d", i, j, k)
	}
	// a shard's gates are judged by merge: neither broken nor held
	run := loadRun()
	for i := range run.Load[0].Thresholds {
		run.Load[0].Thresholds[i].Scope = results.ScopeShard
	}
	if toc := renderHTML(t, run); !strings.Contains(toc, `<a href="#load-1">constant-200 (irp)</a> p99 263 ms</span>`) {
		t.Error("the contents call a shard's gates broken or held")
	}
	// many failures: the first eight are named
	page = renderHTML(t, manySpecsRun(20))
	if n := strings.Count(page, `class="toc-failure"`); n != tocFailures || !strings.Contains(page, "and 12 more · 20 in all") {
		t.Errorf("%d failures named in the contents, want %d and a count of the rest", n, tocFailures)
	}
}

// goDurationRe matches Go's duration text ("1.196263ms", "2m13s", "1m0s").
var goDurationRe = regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s|m\d+(\.\d+)?s|h\d+m\d+(\.\d+)?s)\b`)

func TestHTMLShowsHumanDurations(t *testing.T) {
	run := loadRun()
	run.Conformance.Specs[0].Duration = dur(1196263 * time.Nanosecond)
	run.Load[0].Latency.P50 = 1.196263
	page := renderHTML(t, run)
	// what is not ours: user-written threshold expressions and spec labels
	text := regexp.MustCompile(`<code>[^<]*</code>|<style>[\s\S]*?</style>|<script>[\s\S]*?</script>`).ReplaceAllString(page, "")
	if m := goDurationRe.FindAllString(text, -1); len(m) > 0 {
		t.Errorf("Go duration text in the page: %q", m)
	}
	for _, w := range []string{
		`<dd>2 min 13 s</dd>`,             // run
		`<td class="num">1.2 ms</td>`,     // a spec
		`<td class="num">3.0 s</td>`,      // a spec
		`<th>Duration</th><td>1 min</td>`, // a scenario
		`<th>p50</th><td>1.2 ms</td>`,     // a percentile
		`<th>p99</th><td>263 ms</td>`,     // rounded
		`<th>max</th><td>1.5 s</td>`,      // in seconds
		`<td class="num">263 ms</td><td><span class="badge failed">broken</span>`, // a threshold's measured latency
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}
}

func TestAnchorsAreUniqueIDs(t *testing.T) {
	used := map[string]int{}
	got := []string{anchorOf("spec-", "UNCATALOGUED", used), anchorOf("spec-", "UNCATALOGUED", used), anchorOf("spec-", `a "b"<c>`, used)}
	if strings.Join(got, " ") != `spec-UNCATALOGUED spec-UNCATALOGUED-2 spec-a__b__c_` {
		t.Errorf("anchors %q", got)
	}
}
