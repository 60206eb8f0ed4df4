package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

// printConformance prints the verdicts grouped by API, with the evidence of
// every failure, and a closing count line.
func printConformance(w io.Writer, run *results.Run, verbose bool) {
	c := run.Conformance
	if c == nil {
		return
	}
	for _, api := range run.Target.APIs {
		fmt.Fprintf(w, "\n%s  %s  (clock %s", api.Name, api.BaseURL, api.Clock)
		if api.ClockOffset != "" {
			fmt.Fprintf(w, ", measured clock offset %s", api.ClockOffset)
		}
		fmt.Fprintln(w, ")")
		if api.Error != "" {
			fmt.Fprintf(w, "  NOT RUN: %s\n", api.Error)
		}
		for _, s := range c.Specs {
			if s.Profile != api.Profile {
				continue
			}
			if (s.Verdict == results.Passed || s.Verdict == results.NotRun && api.Error != "") && !verbose {
				continue // a stopped target's specs all carry its error, printed once above
			}
			fmt.Fprintf(w, "  %-16s %-18s %s\n", s.Verdict, s.ID, s.Title)
			detail := s.Message
			if s.Verdict == results.Skipped || s.Verdict == results.ExpectedFailure || s.Verdict == results.UnexpectedPass || s.Verdict == results.NotRun {
				detail = s.Reason
			}
			if detail != "" {
				fmt.Fprintln(w, indent(detail, "      "))
			}
			if s.Verdict == results.Failed {
				for _, a := range s.Authority {
					fmt.Fprintf(w, "      authority: %s\n", a)
				}
				for i, e := range s.Evidence {
					if i == 3 {
						fmt.Fprintf(w, "      … %d more exchanges in the reports\n", len(s.Evidence)-3)
						break
					}
					fmt.Fprintf(w, "      > %s\n", indent(strings.TrimSpace(e.Request), "        "))
					fmt.Fprintf(w, "      < %s\n", indent(strings.TrimSpace(e.Response), "        "))
				}
			}
		}
		counts := map[results.Verdict]int{}
		for _, s := range c.Specs {
			if s.Profile == api.Profile {
				counts[s.Verdict]++
			}
		}
		fmt.Fprintf(w, "  %s\n", countLine(counts))
		printChoices(w, api)
	}
	fmt.Fprintf(w, "\nconformance: %s in %s\n", countLine(c.Counts()), time.Duration(c.Duration).Round(time.Millisecond))
}

func countLine(c map[results.Verdict]int) string {
	s := fmt.Sprintf("%d passed, %d failed", c[results.Passed], c[results.Failed]+c[results.UnexpectedPass])
	for _, v := range []results.Verdict{results.Warning, results.Skipped, results.ExpectedFailure, results.UnexpectedPass, results.NotRun} {
		if c[v] > 0 {
			s += fmt.Sprintf(", %d %s", c[v], strings.ReplaceAll(strings.ToLower(string(v)), "not-run", "not run"))
		}
	}
	return s
}

func indent(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// printChoices prints the settings that pinned a choice the vendor leaves
// open and what the target chose where every legal form was accepted, so a
// tester sees what was assumed.
func printChoices(w io.Writer, api results.TargetAPI) {
	if len(api.Pinned) == 0 && len(api.Observed) == 0 {
		return
	}
	fmt.Fprintln(w, "  open choices (the vendor leaves these answers open; unpinned ones accept every legal form):")
	names := make([]string, 0, len(api.Pinned))
	for n := range api.Pinned {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "    pinned   %s = %s\n", n, api.Pinned[n])
	}
	for _, o := range api.Observed {
		count := ""
		if o.Count > 1 {
			count = fmt.Sprintf(" (%d×)", o.Count)
		}
		fmt.Fprintf(w, "    observed %s → %s%s\n", o.Situation, o.Answer, count)
	}
}
