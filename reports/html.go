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
		"ms":           ms,
		"percent":      percent,
		"rate":         rate,
		"measured":     measured,
		"dur":          func(d results.Duration) string { return time.Duration(d).String() },
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
	Choices    bool
	Specs      []htmlSpec
	Load       []htmlLoad
	Thresholds bool
	CSS        template.CSS
	JS         template.JS
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
}

type htmlSpec struct {
	results.SpecResult
	Class    string
	Search   string
	Detail   string
	Exchange []results.Evidence
}

type htmlLoad struct {
	results.LoadResult
	Title string
	Plots []template.HTML
	Codes []htmlCount
}

type htmlCount struct {
	Key   string
	Count uint64
}

// HTML renders a run as one self-contained HTML page: inline CSS, inline
// JavaScript and inline SVG plots, no external reference of any kind (a
// Content-Security-Policy forbids fetching anything). It shows the verdict
// summary per API, a searchable, filterable table of specs with
// collapsible evidence and, for load runs, the metrics, thresholds, the
// latency histogram, latency percentiles over time and throughput over
// time. An incomplete run carries a banner.
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
		v.Duration = d.Round(time.Millisecond).String()
	}
	counts := r.Conformance.Counts()
	for _, vd := range verdictOrder {
		v.Verdicts = append(v.Verdicts, htmlVerdict{Verdict: vd, Label: verdictLabel(vd), Class: verdictClass(vd), Count: counts[vd]})
	}
	strict := r.Conformance != nil && r.Conformance.Strict
	for _, g := range groups(r) {
		hg := htmlGroup{Name: g.Name, Profile: g.Profile, BaseURL: g.BaseURL, Total: len(g.Specs), Result: "passed", ResultClass: "passed"}
		for _, vd := range verdictOrder {
			hg.Counts = append(hg.Counts, g.Counts[vd])
		}
		switch {
		case len(g.Specs) == 0:
			hg.Result, hg.ResultClass = "no specs", "skipped"
		case g.Counts[results.NotRun] > 0:
			hg.Result, hg.ResultClass = "not run", "not-run"
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
			v.Specs = append(v.Specs, htmlSpecOf(s))
		}
	}
	for _, l := range r.Load {
		hl := htmlLoad{LoadResult: l, Title: scenarioName(l), Plots: loadPlots(l)}
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

func htmlSpecOf(s results.SpecResult) htmlSpec {
	h := htmlSpec{SpecResult: s, Class: verdictClass(s.Verdict)}
	h.Search = strings.ToLower(strings.Join([]string{s.ID, s.Title, s.Profile, string(s.Verdict), s.Message, s.Reason, strings.Join(s.Labels, " ")}, " "))
	switch s.Verdict {
	case results.Failed:
		if len(s.Authority) > 0 {
			h.Detail = "authority: " + strings.Join(s.Authority, "; ")
		}
	case results.Skipped, results.ExpectedFailure, results.NotRun:
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
