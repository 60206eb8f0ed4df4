package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

// verdictOrder is the order verdicts are listed in every report.
var verdictOrder = []results.Verdict{
	results.Passed, results.Failed, results.Warning, results.Skipped,
	results.ExpectedFailure, results.UnexpectedPass, results.NotRun,
}

// verdictLabel is the human column title of a verdict.
func verdictLabel(v results.Verdict) string {
	switch v {
	case results.ExpectedFailure:
		return "Expected failure"
	case results.UnexpectedPass:
		return "Unexpected pass"
	case results.NotRun:
		return "Not run"
	}
	s := strings.ToLower(string(v))
	return strings.ToUpper(s[:1]) + s[1:]
}

// apiGroup is the specs of one API profile with its target details.
type apiGroup struct {
	Profile string
	Name    string
	BaseURL string
	// Error is why the target was not tested (its specs are NOT-RUN).
	Error  string
	Specs  []results.SpecResult
	Counts results.Counts
}

// Failing reports whether any spec of the group fails the run.
func (g apiGroup) Failing(strict bool) bool {
	for _, s := range g.Specs {
		if s.Verdict.Fails(strict) {
			return true
		}
	}
	return false
}

// groups returns the specs grouped by profile: first the profiles in the
// order of the run's target APIs, then any other profile, sorted. Specs
// keep the run's order.
func groups(run *results.Run) []apiGroup {
	var out []apiGroup
	idx := map[string]int{}
	for _, a := range run.Target.APIs {
		if _, ok := idx[a.Profile]; ok {
			continue
		}
		idx[a.Profile] = len(out)
		out = append(out, apiGroup{Profile: a.Profile, Name: a.Name, BaseURL: a.BaseURL, Error: a.Error, Counts: results.Counts{}})
	}
	if run.Conformance == nil {
		return out
	}
	var extra []string
	for _, s := range run.Conformance.Specs {
		if _, ok := idx[s.Profile]; !ok {
			idx[s.Profile] = -1
			extra = append(extra, s.Profile)
		}
	}
	sort.Strings(extra)
	for _, p := range extra {
		idx[p] = len(out)
		out = append(out, apiGroup{Profile: p, Name: p, Counts: results.Counts{}})
	}
	for _, s := range run.Conformance.Specs {
		g := &out[idx[s.Profile]]
		g.Specs = append(g.Specs, s)
		g.Counts[s.Verdict]++
	}
	return out
}

// runStatus is the one-word outcome of a run: INCOMPLETE, FAILED or PASSED.
func runStatus(run *results.Run) string {
	switch {
	case run.Incomplete:
		return "INCOMPLETE"
	case runFailed(run):
		return "FAILED"
	}
	return "PASSED"
}

// runFailed reports whether a spec failed or a load threshold broke.
func runFailed(run *results.Run) bool {
	strict := run.Conformance != nil && run.Conformance.Strict
	if run.Conformance.Failed(strict) {
		return true
	}
	for _, l := range run.Load {
		for _, t := range l.Thresholds {
			if t.Broken() {
				return true
			}
		}
	}
	return false
}

// runDuration is Finished-Started, or 0 when either is unset.
func runDuration(run *results.Run) time.Duration {
	if run.Started.IsZero() || run.Finished.IsZero() || run.Finished.Before(run.Started) {
		return 0
	}
	return run.Finished.Sub(run.Started)
}

// evidenceText renders a spec's exchanges as plain text, each side cut at
// limit bytes (0: no cut).
func evidenceText(ev []results.Evidence, limit int) string {
	var b strings.Builder
	for i, e := range ev {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "--- exchange %d of %d ---\n", i+1, len(ev))
		b.WriteString("> request\n")
		b.WriteString(clip(lf(e.Request), limit))
		b.WriteString("\n< response\n")
		b.WriteString(clip(lf(e.Response), limit))
		b.WriteString("\n")
	}
	return b.String()
}

// lf turns CRLF line ends into LF and drops trailing line ends.
func lf(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\r\n")
}

// clip cuts s at limit bytes (on a rune boundary) and says how much was
// left out; limit 0 means no cut.
func clip(s string, limit int) string {
	if limit <= 0 || len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("\n… %d more bytes in report.json", len(s)-cut)
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// firstLine returns the first line of s.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

// num formats a number with at most prec decimals, without trailing zeros.
func num(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ms formats milliseconds.
func ms(v float64) string { return num(v, 2) + " ms" }

// percent formats a 0..1 ratio as a percentage.
func percent(ratio float64) string { return num(ratio*100, 3) + "%" }

// rate formats a per-second rate.
func rate(v float64) string { return num(v, 1) + "/s" }

// heldOrOver describes a shard's own judgement of a per-shard gate.
func heldOrOver(t results.ThresholdResult) string {
	if t.Passed {
		return "held"
	}
	return "over the bound"
}

// measured formats a threshold's measured value with its unit.
func measured(t results.ThresholdResult) string {
	switch t.Unit {
	case "":
		return num(t.Measured, 3)
	case "%":
		return num(t.Measured, 3) + "%"
	}
	if strings.HasPrefix(t.Unit, "/") {
		return num(t.Measured, 3) + t.Unit
	}
	return num(t.Measured, 3) + " " + t.Unit
}

// scenarioName labels a load result.
func scenarioName(l results.LoadResult) string {
	switch {
	case l.Name != "" && l.Profile != "" && !strings.Contains(l.Name, l.Profile):
		return l.Name + " (" + l.Profile + ")"
	case l.Name != "":
		return l.Name
	}
	return l.Profile
}

// seconds formats a duration as JUnit seconds.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
