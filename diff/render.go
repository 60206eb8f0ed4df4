package diff

import (
	"fmt"
	"strconv"
	"strings"
)

// Verdict is the one-line outcome: "REGRESSED (n regressions)" or "no
// regression".
func (r *Report) Verdict() string {
	switch n := r.RegressionCount(); n {
	case 0:
		return "no regression"
	case 1:
		return "REGRESSED (1 regression)"
	default:
		return fmt.Sprintf("REGRESSED (%d regressions)", n)
	}
}

// Text renders the report for a terminal or CI log.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "authprobe diff: %s\n", r.Verdict())
	fmt.Fprintf(&b, "  base: %s\n  new:  %s\n  limits: %s\n", runLine(r.Base), runLine(r.New), r.Limits)
	specSection := func(title string, list []SpecChange, withMessage bool) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(list))
		for _, c := range list {
			fmt.Fprintf(&b, "  %-22s %-10s %s  %s\n", c.ID, c.Profile, transition(c), c.Title)
			if withMessage && strings.TrimSpace(c.Message) != "" {
				fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(strings.TrimSpace(c.Message), "\n", "\n      "))
			}
		}
	}
	specSection("New failures", r.NewFailures, true)
	specSection("Fixed", r.Fixed, false)
	specSection("New warnings", r.NewWarnings, true)
	specSection("Gone warnings", r.GoneWarnings, false)
	specSection("Added specs", r.Added, false)
	specSection("Removed specs", r.Removed, false)
	specSection("Other verdict changes", r.Changed, false)
	if len(r.Load) > 0 {
		b.WriteString("\nLoad:\n")
		last := ""
		for _, m := range r.Load {
			if name := scenario(m); name != last {
				fmt.Fprintf(&b, "  %s\n", name)
				last = name
			}
			status := "ok"
			switch {
			case m.Regressed:
				status = "REGRESSED"
			case m.TooFewSamples:
				status = tooFew(m)
			}
			fmt.Fprintf(&b, "    %-18s %12s → %-12s %9s  (limit %s)  %s\n",
				m.Metric, value(m.Metric, m.Base), value(m.Metric, m.New), changeText(m), limitText(m), status)
		}
	}
	for _, s := range r.LoadAdded {
		fmt.Fprintf(&b, "\nLoad scenario added: %s\n", s)
	}
	for _, s := range r.LoadRemoved {
		fmt.Fprintf(&b, "\nLoad scenario removed: %s\n", s)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "  - %s\n", n)
		}
	}
	return b.String()
}

// Markdown renders the report for $GITHUB_STEP_SUMMARY or a PR comment.
func (r *Report) Markdown() string {
	var b strings.Builder
	icon := "✅"
	if r.Regressed() {
		icon = "❌"
	}
	fmt.Fprintf(&b, "## %s authprobe diff: %s\n\n", icon, r.Verdict())
	fmt.Fprintf(&b, "Base: %s  \nNew: %s  \nLimits: `%s`\n", mdText(runLine(r.Base)), mdText(runLine(r.New)), r.Limits)
	specTable := func(title string, list []SpecChange) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n### %s (%d)\n\n| Spec | API | Verdict | Statement | Message |\n|---|---|---|---|---|\n", title, len(list))
		for _, c := range list {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", mdText(c.ID), mdText(c.Profile), transition(c), mdText(c.Title), mdText(firstLine(c.Message)))
		}
	}
	specTable("New failures", r.NewFailures)
	specTable("Fixed", r.Fixed)
	specTable("New warnings", r.NewWarnings)
	specTable("Gone warnings", r.GoneWarnings)
	specTable("Added specs", r.Added)
	specTable("Removed specs", r.Removed)
	specTable("Other verdict changes", r.Changed)
	if len(r.Load) > 0 {
		b.WriteString("\n### Load\n\n| Scenario | Metric | Base | New | Change | Limit | Result |\n|---|---|--:|--:|--:|--:|---|\n")
		for _, m := range r.Load {
			res := "✅ ok"
			switch {
			case m.Regressed:
				res = "❌ regressed"
			case m.TooFewSamples:
				res = "⚠️ " + tooFew(m)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", mdText(scenario(m)), m.Metric,
				value(m.Metric, m.Base), value(m.Metric, m.New), changeText(m), limitText(m), res)
		}
	}
	if len(r.LoadAdded)+len(r.LoadRemoved) > 0 {
		b.WriteString("\n")
		for _, s := range r.LoadAdded {
			fmt.Fprintf(&b, "- Load scenario added: %s\n", mdText(s))
		}
		for _, s := range r.LoadRemoved {
			fmt.Fprintf(&b, "- Load scenario removed: %s\n", mdText(s))
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n### Notes\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", mdText(n))
		}
	}
	return b.String()
}

func runLine(i RunInfo) string {
	var parts []string
	if !i.Started.IsZero() {
		parts = append(parts, i.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if i.Version != "" {
		parts = append(parts, "authprobe "+i.Version)
	}
	if i.Environment != "" {
		parts = append(parts, i.Environment)
	}
	if i.Config != "" {
		parts = append(parts, i.Config)
	}
	if i.Incomplete {
		parts = append(parts, "INCOMPLETE")
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, " · ")
}

func transition(c SpecChange) string {
	b, n := string(c.Base), string(c.New)
	if c.Base == "" {
		b = "(absent)"
	}
	if c.New == "" {
		n = "(absent)"
	}
	return b + " → " + n
}

func scenario(m MetricChange) string {
	return loadKey{m.Profile, m.Scenario}.String()
}

// value formats a metric value with its unit.
func value(metric string, v float64) string {
	v = finite(v)
	switch {
	case metric == "success_ratio":
		return trim(v*100, 3) + "%"
	case strings.HasSuffix(metric, "_ms"):
		return trim(v, 2) + " ms"
	}
	return trim(v, 1) + "/s"
}

func changeText(m MetricChange) string {
	unit := "%"
	if m.Points() {
		unit = "pp"
	}
	s := trim(finite(m.Change), 2)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s + unit
}

func limitText(m MetricChange) string {
	if !m.Limit.Enabled() {
		return "off"
	}
	lim := trim(float64(m.Limit), 3)
	switch {
	case m.Points():
		return "-" + lim + "pp"
	case strings.HasSuffix(m.Metric, "_ms"):
		if m.Floor > 0 {
			return "+" + lim + "% and +" + trim(m.Floor, 3) + " ms"
		}
		return "+" + lim + "%"
	}
	return "-" + lim + "%"
}

// tooFew says why a latency change was not judged.
func tooFew(m MetricChange) string {
	return fmt.Sprintf("not enough samples (%d < %d)", m.Samples, m.MinSamples)
}

func trim(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// mdText makes s one safe line of Markdown table text.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "`", "'", "*", `\*`, "_", `\_`).Replace(s)
}
