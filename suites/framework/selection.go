package framework

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authprobe/authprobe/internal/suggest"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites"
)

// labelTimed is the label Timed adds to every timeline spec, and
// labelSlow the catalog label of exactly those specs (the slow ones wait
// for sessions to age; suites/all holds the two to each other).
const (
	labelTimed = "timed"
	labelSlow  = "slow"
)

// Selected returns the catalog entries of the given profiles whose specs
// filter (a Ginkgo label filter; "" selects all) selects, in catalog
// order, before any spec tree is built.
func Selected(profiles []string, filter string) ([]suites.Behavior, error) {
	match, err := ParseLabelFilter(filter)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, p := range profiles {
		in[p] = true
	}
	var out []suites.Behavior
	for _, b := range suites.Catalog() {
		if in[b.Profile] && match(CatalogLabels(b)) {
			out = append(out, b)
		}
	}
	return out, nil
}

// CatalogLabels returns the labels the spec of a catalog entry carries:
// its profile, its ID and its catalog labels (framework.It, Entry and
// Timed register exactly these), and "timed" for a timeline spec, which
// the catalog marks slow.
func CatalogLabels(b suites.Behavior) []string {
	l := []string(specLabels(b))
	for _, x := range b.Labels {
		if x == labelSlow {
			return append(l, labelTimed)
		}
	}
	return l
}

// CheckSelection returns a usage error when filter selects no spec of the
// given profiles: a typo in a label filter must not turn a gate green by
// running nothing. The error names the filter (as source, e.g.
// "--label-filter") and, for each label of the filter that no spec of
// these profiles carries, the closest labels and IDs that exist.
func CheckSelection(source string, profiles []string, filter string) error {
	sel, err := Selected(profiles, filter)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	if len(sel) > 0 {
		return nil
	}
	known, order := runLabels(profiles)
	var unknown []string
	for _, l := range filterLabels(filter) {
		if !known[strings.ToLower(l)] {
			unknown = append(unknown, fmt.Sprintf("no spec of this run has the label %q (%s)", l, orNone(suggest.Phrase(suggest.Closest(l, order, 3)))))
		}
	}
	sorted := append([]string(nil), profiles...)
	sort.Strings(sorted)
	msg := fmt.Sprintf("%s %q selects no spec of this run's targets (profiles %s)", source, filter, strings.Join(sorted, ", "))
	if len(unknown) > 0 {
		return fmt.Errorf("%s: %s", msg, strings.Join(unknown, "; "))
	}
	return fmt.Errorf("%s: every label in it exists, but no spec matches the whole expression; labels: %s, a profile or a behaviour ID (authprobe list)", msg, strings.Join(extraLabels(profiles), ", "))
}

// runLabels returns every label a spec of the profiles carries (lower
// case) and the same labels in a stable order for suggestions: the extra
// labels, the profiles, then the IDs.
func runLabels(profiles []string) (map[string]bool, []string) {
	known, in := map[string]bool{}, map[string]bool{}
	order := append(extraLabels(profiles), profiles...)
	for _, p := range profiles {
		known[strings.ToLower(p)], in[p] = true, true
	}
	for _, b := range suites.Catalog() {
		if !in[b.Profile] {
			continue
		}
		for _, l := range CatalogLabels(b) {
			known[strings.ToLower(l)] = true
		}
		order = append(order, b.ID)
	}
	return known, order
}

// extraLabels are the labels beyond profiles and IDs that specs of the
// profiles carry, sorted.
func extraLabels(profiles []string) []string {
	in := map[string]bool{}
	for _, p := range profiles {
		in[p] = true
	}
	set := map[string]bool{}
	for _, b := range suites.Catalog() {
		if in[b.Profile] {
			for _, l := range CatalogLabels(b)[2:] {
				set[l] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

var (
	filterRegex     = regexp.MustCompile(`/[^/]*/`)
	filterSetClause = regexp.MustCompile(`[^&|!(),]*:\s*(containsany|containsall|consistsof|issubsetof|isempty)\s*(\{[^}]*\})?`)
)

// filterLabels returns the plain labels a label filter names (regular
// expressions and label-set clauses left out).
func filterLabels(filter string) []string {
	f := filterRegex.ReplaceAllString(filter, " ")
	f = filterSetClause.ReplaceAllString(strings.ToLower(f), " ")
	var out []string
	for _, tok := range strings.FieldsFunc(f, func(r rune) bool { return strings.ContainsRune("&|!(),", r) }) {
		if tok = strings.TrimSpace(tok); tok != "" {
			out = append(out, tok)
		}
	}
	// Report the labels as the user wrote them where the case differs.
	orig := strings.FieldsFunc(filterRegex.ReplaceAllString(filter, " "), func(r rune) bool { return strings.ContainsRune("&|!(),", r) })
	for i, tok := range out {
		for _, o := range orig {
			if strings.EqualFold(strings.TrimSpace(o), tok) {
				out[i] = strings.TrimSpace(o)
				break
			}
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "no close match"
	}
	return s
}

// NotRun returns a NOT-RUN result, with cause as its reason, for every spec
// of profile that filter selects: what a target that could not be tested
// (unreachable, or failing its preflight) gets in every report.
func NotRun(profile, filter, cause string) []results.SpecResult {
	sel, err := Selected([]string{profile}, filter)
	if err != nil {
		return nil
	}
	out := make([]results.SpecResult, 0, len(sel))
	for _, b := range sel {
		out = append(out, results.SpecResult{
			ID: b.ID, Profile: b.Profile, Title: b.Statement, Verdict: results.NotRun,
			Reason: cause, Labels: CatalogLabels(b),
		})
	}
	return out
}

// SpecLabelsOfLastRun returns, per catalog ID, the labels of its spec as
// Ginkgo reported them in the last Run or DryRun of this process; for
// tests that hold Selected to the spec tree.
func SpecLabelsOfLastRun() map[string][]string {
	reportMu.Lock()
	rep := lastReport
	reportMu.Unlock()
	if rep == nil {
		return nil
	}
	out := map[string][]string{}
	for _, s := range rep.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		if id := catalogID(s.Labels()); id != "" {
			out[id] = s.Labels()
		}
	}
	return out
}
