package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

// htmlEvidenceLimit caps each request and response shown in the page.
const htmlEvidenceLimit = 64 << 10

var (
	//go:embed assets/report.html.tmpl
	htmlSource string
	//go:embed assets/report.css
	htmlCSS string
	//go:embed assets/report.js
	htmlJS string

	htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
		"verdictClass": verdictClass,
		"lower":        strings.ToLower,
		"inc":          func(i int) int { return i + 1 },
		"hms":          humanMs,
		"percent":      percent,
		"rate":         rate,
		"measured":     htmlMeasured,
		"dur":          func(d results.Duration) string { return humanDuration(time.Duration(d)) },
	}).Parse(htmlSource))
)

// htmlView is what the template renders.
type htmlView struct {
	Run      *results.Run
	Status   string
	Started  string
	Duration string
	Verdicts []htmlVerdict
	Groups   []htmlGroup
	// Choices says some target has pinned or observed choices to show.
	Choices bool
	// Specs are sorted failures first (see attention).
	Specs []htmlSpec
	// Failures counts the specs that fail the run; when there are any the
	// spec table shows only them until the reader asks for all.
	Failures int
	// TOCFailures are the first failures, linked from the contents.
	TOCFailures  []htmlSpec
	MoreFailures int
	Load         []htmlLoad
	Thresholds   bool
	CSS          template.CSS
	// FilterCSS hides the specs of unticked verdicts: the filters work
	// without JavaScript.
	FilterCSS template.CSS
	JS        template.JS
}

type htmlVerdict struct {
	Verdict results.Verdict
	Label   string
	Class   string
	Count   int
}

type htmlGroup struct {
	Name, Profile, BaseURL string
	// Choices are the pinned settings and observed open choices.
	Choices             []string
	Counts              []int
	Total               int
	Result, ResultClass string
	// CountText is the non-zero verdict counts ("1 failed · 4 passed").
	CountText string
}

type htmlSpec struct {
	results.SpecResult
	Class    string
	Search   string
	Detail   string
	Exchange []results.Evidence
	// Fails says the spec fails the run; Anchor is its element id.
	Fails  bool
	Anchor string
}

type htmlLoad struct {
	results.LoadResult
	Title  string
	Anchor string
	// Broken and Held count the thresholds judged on this result that
	// broke and held (a shard's per-shard and deferred gates are neither).
	Broken, Held int
	Plots        []htmlPlot
	Codes        []htmlCount
}

// htmlPlot is one inline SVG plot; Wide ones take a row of their own.
type htmlPlot struct {
	SVG  template.HTML
	Wide bool
}

// tocFailures is how many failures the contents name.
const tocFailures = 8

type htmlCount struct {
	Key   string
	Count uint64
}

// HTML renders a run as one self-contained HTML page: inline CSS, inline
// JavaScript and inline SVG plots, no external reference of any kind (a
// Content-Security-Policy forbids fetching anything). It shows a table of
// contents (verdict counts per API, then specs, load and notes), the
// specs failures first — only the failures until the reader asks for all
// — in a searchable, filterable table with collapsible evidence, the
// verdict summary per API and, for load runs, the metrics, thresholds,
// the latency histogram, latency percentiles over time and throughput
// over time, every duration as a person reads it ("1.2 ms", "2 min 15
// s"). An incomplete run carries a banner.
func HTML(run *results.Run, opts ...Option) ([]byte, error) {
	r := prepare(run, collect(opts))
	v := htmlView{
		Run:    r,
		Status: runStatus(r),
		CSS:    template.CSS(htmlCSS), //nolint:gosec // our own embedded stylesheet
		JS:     template.JS(htmlJS),   //nolint:gosec // our own embedded script
	}
	if !r.Started.IsZero() {
		v.Started = r.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if d := runDuration(r); d > 0 {
		v.Duration = humanDuration(d)
	}
	counts := r.Conformance.Counts()
	for _, vd := range verdictOrder {
		v.Verdicts = append(v.Verdicts, htmlVerdict{Verdict: vd, Label: verdictLabel(vd), Class: verdictClass(vd), Count: counts[vd]})
	}
	strict := r.Conformance != nil && r.Conformance.Strict
	for _, g := range groups(r) {
		hg := htmlGroup{Name: g.Name, Profile: g.Profile, BaseURL: g.BaseURL, Total: len(g.Specs), Result: "passed", ResultClass: "passed"}
		var counts []string
		for _, vd := range verdictOrder {
			hg.Counts = append(hg.Counts, g.Counts[vd])
			if n := g.Counts[vd]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", n, strings.ToLower(verdictLabel(vd))))
			}
		}
		hg.CountText = strings.Join(counts, " · ")
		switch {
		case len(g.Specs) == 0:
			hg.Result, hg.ResultClass = "no specs", "skipped"
		case g.Failing(strict):
			hg.Result, hg.ResultClass = "failed", "failed"
		case g.Counts[results.Warning] > 0:
			hg.Result, hg.ResultClass = "warnings", "warning"
		}
		for _, a := range r.Target.APIs {
			if a.Profile == g.Profile {
				hg.Choices = append(hg.Choices, assumptionLines(a)...)
			}
		}
		v.Choices = v.Choices || len(hg.Choices) > 0
		v.Groups = append(v.Groups, hg)
		for _, s := range g.Specs {
			v.Specs = append(v.Specs, htmlSpecOf(s, strict))
		}
	}
	v.failuresFirst(strict)
	v.FilterCSS = filterCSS()
	for i, l := range r.Load {
		hl := htmlLoad{LoadResult: l, Title: scenarioName(l), Anchor: fmt.Sprintf("load-%d", i+1)}
		for j, svg := range loadPlots(l) {
			hl.Plots = append(hl.Plots, htmlPlot{SVG: svg, Wide: j == 0 && len(l.Histogram) > 0})
		}
		for _, t := range l.Thresholds {
			switch {
			case t.Broken():
				hl.Broken++
			case t.Scope == "":
				hl.Held++
			}
		}
		hl.Codes = sortedCounts(l.StatusCodes, l.Codes, l.Errors)
		v.Thresholds = v.Thresholds || len(l.Thresholds) > 0
		v.Load = append(v.Load, hl)
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("html report: %w", err)
	}
	return buf.Bytes(), nil
}

// failuresFirst sorts the specs by attention (stable: API order, then the
// run's order), gives each its anchor and counts and names the failures.
func (v *htmlView) failuresFirst(strict bool) {
	sort.SliceStable(v.Specs, func(i, j int) bool {
		return attention(v.Specs[i].Verdict, strict) < attention(v.Specs[j].Verdict, strict)
	})
	anchors := map[string]int{}
	for i := range v.Specs {
		s := &v.Specs[i]
		s.Anchor = anchorOf("spec-", s.ID, anchors)
		if s.Fails {
			v.Failures++
			if len(v.TOCFailures) < tocFailures {
				v.TOCFailures = append(v.TOCFailures, *s)
			} else {
				v.MoreFailures++
			}
		}
	}
}

// attention orders the spec table: what fails the run first, then
// warnings, any other verdict, expected failures, skipped specs and last
// the passed ones.
func attention(v results.Verdict, strict bool) int {
	switch {
	case v.Fails(strict):
		return 0
	case v == results.Warning:
		return 1
	case v == results.ExpectedFailure:
		return 3
	case v == results.Skipped:
		return 4
	case v == results.Passed:
		return 5
	}
	return 2
}

// anchorOf makes a unique element id from prefix and name, keeping
// letters, digits and dashes.
func anchorOf(prefix, name string, used map[string]int) string {
	id := prefix + strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '_'
	}, name)
	used[id]++
	if n := used[id]; n > 1 {
		id += fmt.Sprintf("-%d", n)
	}
	return id
}

// filterCSS hides the specs of each unticked verdict filter and greys its
// label, so that the verdict filters work without JavaScript (the inputs
// precede the controls and the table as siblings).
func filterCSS() template.CSS {
	var b strings.Builder
	for _, vd := range verdictOrder {
		c := verdictClass(vd)
		fmt.Fprintf(&b, "#vf-%s:not(:checked) ~ table.specs tbody.spec[data-verdict=%q] { display: none; }\n", c, string(vd))
		fmt.Fprintf(&b, "#vf-%s:not(:checked) ~ .controls label[for=vf-%s] { opacity: .45; text-decoration: line-through; }\n", c, c)
		fmt.Fprintf(&b, "#vf-%s:focus-visible ~ .controls label[for=vf-%s] { outline: 2px solid #2563eb; }\n", c, c)
	}
	return template.CSS(b.String()) //nolint:gosec // built here from the fixed verdict list
}

// htmlMeasured is a threshold's measured value, latencies as durations.
func htmlMeasured(t results.ThresholdResult) string {
	if t.Unit == "ms" {
		return humanMs(t.Measured)
	}
	return measured(t)
}

func htmlSpecOf(s results.SpecResult, strict bool) htmlSpec {
	h := htmlSpec{SpecResult: s, Class: verdictClass(s.Verdict), Fails: s.Verdict.Fails(strict)}
	h.Search = strings.ToLower(strings.Join([]string{s.ID, s.Title, s.Profile, string(s.Verdict), s.Message, s.Reason, strings.Join(s.Labels, " ")}, " "))
	switch s.Verdict {
	case results.Failed:
		if len(s.Authority) > 0 {
			h.Detail = "authority: " + strings.Join(s.Authority, "; ")
		}
	case results.Skipped, results.ExpectedFailure:
		h.Detail = s.Reason
	case results.UnexpectedPass:
		h.Detail = "expected to fail but passed: remove it from the expected-failures file"
		if s.Reason != "" {
			h.Detail += " (listed because: " + s.Reason + ")"
		}
	}
	for _, e := range s.Evidence {
		h.Exchange = append(h.Exchange, results.Evidence{
			Request:  clip(lf(e.Request), htmlEvidenceLimit),
			Response: clip(lf(e.Response), htmlEvidenceLimit),
		})
	}
	return h
}

// sortedCounts flattens status codes, API codes and errors into one
// list, each group sorted by key and prefixed with its kind.
func sortedCounts(status, codes, errs map[string]uint64) []htmlCount {
	var out []htmlCount
	for _, m := range []struct {
		prefix string
		m      map[string]uint64
	}{{"HTTP ", status}, {"code ", codes}, {"error: ", errs}} {
		keys := make([]string, 0, len(m.m))
		for k := range m.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, htmlCount{Key: m.prefix + k, Count: m.m[k]})
		}
	}
	return out
}

// verdictClass is the CSS class of a verdict ("expected-failure").
func verdictClass(v results.Verdict) string { return strings.ToLower(string(v)) }
