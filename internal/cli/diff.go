package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/diff"
	"github.com/authprobe/authprobe/reports"
)

func (a *app) diffCmd() *cobra.Command {
	limits := diff.DefaultLimits()
	var markdown bool
	var limitSpecs []string
	cmd := &cobra.Command{
		Use:   "diff BASE.json NEW.json",
		Short: "Compare two runs: new failures, fixes, warnings, latency and throughput changes",
		Long: `Compare two JSON reports (report.json of authprobe run, --json of conform, --result-out of load).
Reports new failures, fixed specs, changed warnings, added or removed specs, and load
metrics that moved beyond the limits. Exit 1 on any regression, 2 on a bad file or limit.

A latency percentile regresses only when it rises by more than its relative limit AND
by more than its absolute floor, and only when both runs hold enough samples beyond
it: pq needs min-tail / (1 - q) requests (p99: 1,000 with the default 10); below that
the change is shown as "not enough samples", never as a regression.

Defaults (for a nightly gate): p50:+10%,+1ms  p95:+10%,+3ms  p99:+10%,+5ms
throughput:-10%  success:-0.1pp  min_tail:10.`,
		Example: `  authprobe diff main/report.json branch/report.json
  authprobe diff base.json new.json --limit p99:+20%,+5ms --limit p95:+15%,+3ms
  authprobe diff base.json new.json --max-p99-regression 5% --max-throughput-drop 20%
  authprobe diff base.json new.json --max-p99-regression 20%,+2ms --min-tail-samples 20
  authprobe diff base.json new.json --limit p50:off --limit p99:+10%,+0ms   # +0ms: relative only`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limits.MinTailSamples < 0 {
				return usageErr("--min-tail-samples: %d is negative (0 turns the check off)", limits.MinTailSamples)
			}
			for _, spec := range limitSpecs {
				if err := limits.SetSpec(spec); err != nil {
					return usageErr("--limit: %v", err)
				}
			}
			base, err := reports.ReadJSON(args[0])
			if err != nil {
				return withCode(ExitUsage, err)
			}
			cur, err := reports.ReadJSON(args[1])
			if err != nil {
				return withCode(ExitUsage, err)
			}
			rep := diff.Compare(base, cur, limits)
			if markdown {
				fmt.Fprint(a.stdout, rep.Markdown())
			} else {
				fmt.Fprint(a.stdout, rep.Text())
			}
			if rep.Regressed() {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.Var(&limits.P50Regression, "max-p50-regression", "largest allowed p50 latency increase: relative, absolute floor or both (e.g. 10%, +20%,+1ms, off); both must be exceeded")
	fl.Var(&limits.P95Regression, "max-p95-regression", "largest allowed p95 latency increase (e.g. +10%,+3ms)")
	fl.Var(&limits.P99Regression, "max-p99-regression", "largest allowed p99 latency increase (e.g. +10%,+5ms)")
	fl.StringArrayVar(&limitSpecs, "limit", nil, "a limit as metric:value, repeatable: p99:+20%,+5ms  p50:off  throughput:-5%  success:-0.5pp  min_tail:20")
	fl.IntVar(&limits.MinTailSamples, "min-tail-samples", limits.MinTailSamples, "samples that must lie beyond a percentile in both runs before its change is judged (0: off)")
	fl.Var(&limits.ThroughputDrop, "max-throughput-drop", "largest allowed drop of tokens per second")
	fl.Var(&limits.SuccessRatioDrop, "max-success-drop", "largest allowed drop of the success ratio, in percentage points (e.g. 0.1pp)")
	fl.BoolVar(&markdown, "markdown", false, "print Markdown (for a PR comment) instead of text")
	return cmd
}
