package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

// Limits that keep a summary inside $GITHUB_STEP_SUMMARY's 1 MiB and a PR
// comment's 64 KiB.
const (
	mdMaxFailures     = 50
	mdMaxMessageLines = 12
	mdMaxMessageBytes = 2000
)

// Markdown renders a short summary for $GITHUB_STEP_SUMMARY or a pull
// request comment: verdict counts per API, the failures with their
// messages, warnings, and the load metrics and thresholds.
func Markdown(run *results.Run, opts ...Option) []byte {
	r := prepare(run, collect(opts))
	var b strings.Builder
	mdHeader(&b, r)
	mdConformance(&b, r)
	mdLoad(&b, r)
	if len(r.Notes) > 0 {
		b.WriteString("\n### Notes\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", mdInline(n))
		}
	}
	return []byte(b.String())
}

func mdHeader(b *strings.Builder, r *results.Run) {
	icon := map[string]string{"PASSED": "✅", "FAILED": "❌", "INCOMPLETE": "⚠️"}[runStatus(r)]
	env := orDefault(r.Target.Environment, "unknown environment")
	fmt.Fprintf(b, "## %s authprobe: %s (%s)\n\n", icon, runStatus(r), mdInline(env))
	if r.Incomplete {
		b.WriteString("> [!WARNING]\n> **Incomplete run:** authprobe was interrupted before it finished. Every result below is partial.\n\n")
	}
	var facts []string
	if r.Target.Config != "" {
		facts = append(facts, "target "+mdCode(r.Target.Config))
	}
	if r.Tool.Version != "" {
		facts = append(facts, "authprobe "+mdCode(r.Tool.Version))
	}
	if !r.Started.IsZero() {
		facts = append(facts, "started "+r.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if d := runDuration(r); d > 0 {
		facts = append(facts, "took "+d.Round(time.Millisecond).String())
	}
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, " · ") + "\n")
	}
}

func mdConformance(b *strings.Builder, r *results.Run) {
	if r.Conformance == nil {
		return
	}
	b.WriteString("\n### Conformance\n\n| API | Profile |")
	for _, v := range verdictOrder {
		b.WriteString(" " + verdictLabel(v) + " |")
	}
	b.WriteString(" Result |\n|---|---|")
	for range verdictOrder {
		b.WriteString("--:|")
	}
	b.WriteString("---|\n")
	strict := r.Conformance.Strict
	gs := groups(r)
	for _, g := range gs {
		fmt.Fprintf(b, "| %s | %s |", mdCell(g.Name), mdCell(g.Profile))
		for _, v := range verdictOrder {
			fmt.Fprintf(b, " %d |", g.Counts[v])
		}
		res := "✅ passed"
		switch {
		case len(g.Specs) == 0:
			res = "– no specs"
		case g.Counts[results.NotRun] > 0:
			res = "⛔ not run"
		case g.Failing(strict):
			res = "❌ failed"
		case g.Counts[results.Warning] > 0:
			res = "⚠️ warnings"
		}
		b.WriteString(" " + res + " |\n")
	}
	total := r.Conformance.Counts()
	b.WriteString("| **Total** | |")
	for _, v := range verdictOrder {
		fmt.Fprintf(b, " **%d** |", total[v])
	}
	b.WriteString(" |\n")

	mdNotRun(b, gs)
	var failing, warnings []results.SpecResult
	for _, s := range r.Conformance.Specs {
		switch {
		case s.Verdict == results.NotRun:
			// listed once per target by mdNotRun
		case s.Verdict.Fails(false):
			failing = append(failing, s)
		case s.Verdict == results.Warning:
			warnings = append(warnings, s)
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n#### Failures\n")
		for i, s := range failing {
			if i == mdMaxFailures {
				fmt.Fprintf(b, "\n… and %d more failures: see junit.xml or report.html.\n", len(failing)-i)
				break
			}
			fmt.Fprintf(b, "\n**%s** (%s) %s — %s\n", mdCode(s.ID), mdInline(s.Profile), mdInline(s.Title), s.Verdict)
			msg := s.Message
			if s.Verdict == results.UnexpectedPass {
				msg = "expected to fail but passed: remove it from the expected-failures file"
				if s.Reason != "" {
					msg += "\nlisted because: " + s.Reason
				}
			}
			if strings.TrimSpace(msg) != "" {
				b.WriteString("\n" + mdFence(mdTrim(msg)) + "\n")
			}
			for _, a := range s.Authority {
				fmt.Fprintf(b, "\n> authority: %s\n", mdInline(a))
			}
		}
	}
	mdWarnings(b, warnings)
	mdAssumptions(b, r)
}

// mdAssumptions lists, per target API, the pinned settings and the choices
// the target made where the vendor leaves the answer open.
func mdAssumptions(b *strings.Builder, r *results.Run) {
	var any bool
	for _, a := range r.Target.APIs {
		any = any || len(assumptionLines(a)) > 0
	}
	if !any {
		return
	}
	b.WriteString("\n#### Pinned and observed choices\n\nWhere the vendor leaves an answer open, the specs accept every legal form unless a setting pins one; this is what each target chose.\n")
	for _, a := range r.Target.APIs {
		lines := assumptionLines(a)
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n**%s** (%s)\n\n", mdInline(a.Name), mdInline(a.Profile))
		for _, l := range lines {
			fmt.Fprintf(b, "- %s\n", mdCode(l))
		}
	}
}

func mdLoad(b *strings.Builder, r *results.Run) {
	if len(r.Load) == 0 {
		return
	}
	b.WriteString("\n### Load\n\n")
	b.WriteString("| Scenario | Mode | Requests | Success | Requested | Achieved | Tokens/s | p50 | p95 | p99 | Max |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, l := range r.Load {
		name := mdCell(scenarioName(l))
		if l.Interrupted {
			name += " ⚠️ interrupted"
		}
		fmt.Fprintf(b, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			name, mdCell(l.Mode), l.Requests, percent(l.SuccessRatio), rate(l.RequestedRate),
			rate(l.AchievedRate), num(l.TokensPerSec, 1), ms(l.Latency.P50), ms(l.Latency.P95),
			ms(l.Latency.P99), ms(l.Latency.Max))
	}
	for _, l := range r.Load {
		if l.Model == results.ModelClosed {
			fmt.Fprintf(b, "\n%s: **%s**, %d workers; latency is service time.\n", mdInline(scenarioName(l)), l.ModelLabel(), l.Workers)
		}
	}
	for _, l := range r.Load {
		if l.MaxHeldRate > 0 {
			fmt.Fprintf(b, "\nMax held rate of %s: **%s**.\n", mdInline(scenarioName(l)), rate(l.MaxHeldRate))
		}
	}
	var any bool
	for _, l := range r.Load {
		any = any || len(l.Thresholds) > 0
	}
	if !any {
		return
	}
	b.WriteString("\n#### Thresholds\n\n| Scenario | Threshold | Measured | Result |\n|---|---|--:|---|\n")
	for _, l := range r.Load {
		for _, t := range l.Thresholds {
			res := "✅ held"
			switch {
			case t.Scope == results.ScopeMerge:
				res = "⏭ judged by merge (a total)"
			case t.Scope == results.ScopeShard:
				res = "this shard: " + heldOrOver(t)
			case !t.Passed:
				res = "❌ broken"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdCell(scenarioName(l)), mdCode(t.Expr), measured(t), res)
		}
	}
}

// mdTrim shortens a message to what a summary can hold.
func mdTrim(s string) string {
	s = strings.TrimSpace(s)
	lines := strings.Split(s, "\n")
	cut := false
	if len(lines) > mdMaxMessageLines {
		lines, cut = lines[:mdMaxMessageLines], true
	}
	s = strings.Join(lines, "\n")
	if len(s) > mdMaxMessageBytes {
		s = clip(s, mdMaxMessageBytes)
		return s
	}
	if cut {
		s += "\n… (more in report.html)"
	}
	return s
}

// mdFence wraps s in a code fence longer than any backtick run inside it.
func mdFence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "text\n" + s + "\n" + fence
}

// mdCode renders s as inline code.
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// mdInline makes s safe as one line of Markdown text: no line breaks, no
// HTML, no table-breaking pipes, no accidental emphasis or links.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(
		`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`,
		"[", `\[`, "]", `\]`, "`", "\\`", "#", `\#`,
	)
	return r.Replace(s)
}

// mdCell is mdInline for a table cell; an empty cell gets a dash.
func mdCell(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return mdInline(s)
}

// mdNotRun lists the targets that were not tested, each with its error
// (unreachable, or its preflight failed) and how many specs it left
// NOT-RUN.
func mdNotRun(b *strings.Builder, gs []apiGroup) {
	header := false
	for _, g := range gs {
		if g.Error == "" {
			continue
		}
		if !header {
			b.WriteString("\n#### Not run\n\nThese targets were not tested; every spec of them is NOT-RUN with this cause.\n")
			header = true
		}
		fmt.Fprintf(b, "\n**%s** (%s), %d specs not run\n\n%s\n", mdInline(g.Name), mdInline(g.Profile), g.Counts[results.NotRun], mdFence(mdTrim(g.Error)))
	}
}

// mdWarnings lists every WARNING with its statement and its whole message
// (masked like every text of the report, cut like a failure's).
func mdWarnings(b *strings.Builder, warnings []results.SpecResult) {
	if len(warnings) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### Warnings\n\n%d warning(s): they do not fail the run (unless strict).\n", len(warnings))
	for i, s := range warnings {
		if i == mdMaxFailures {
			fmt.Fprintf(b, "\n… and %d more warnings: see junit.xml or report.html.\n", len(warnings)-i)
			break
		}
		fmt.Fprintf(b, "\n- %s (%s) %s\n", mdCode(s.ID), mdInline(s.Profile), mdInline(s.Title))
		if msg := strings.TrimSpace(s.Message); msg != "" {
			b.WriteString("\n" + indentLines(mdFence(mdTrim(msg)), "  ") + "\n")
		}
	}
}

// indentLines prefixes every line of s (to keep a block inside a list item).
func indentLines(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
