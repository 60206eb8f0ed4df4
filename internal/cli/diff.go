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
	cmd := &cobra.Command{
		Use:   "diff BASE.json NEW.json",
		Short: "Compare two runs: new failures, fixes, warnings, latency and throughput changes",
		Long: `Compare two JSON reports (report.json of authprobe run, --json of conform, --result-out of load).
Reports new failures, fixed specs, changed warnings, added or removed specs, and load
metrics that moved beyond the limits. Exit 1 on any regression.`,
		Example: `  authprobe diff main/report.json branch/report.json
  authprobe diff base.json new.json --max-p99-regression 5% --max-throughput-drop 20%`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
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
	fl.Var(&limits.P50Regression, "max-p50-regression", "largest allowed p50 latency increase (e.g. 10%, off)")
	fl.Var(&limits.P95Regression, "max-p95-regression", "largest allowed p95 latency increase")
	fl.Var(&limits.P99Regression, "max-p99-regression", "largest allowed p99 latency increase")
	fl.Var(&limits.ThroughputDrop, "max-throughput-drop", "largest allowed drop of tokens per second")
	fl.Var(&limits.SuccessRatioDrop, "max-success-drop", "largest allowed drop of the success ratio, in percentage points (e.g. 0.1pp)")
	fl.BoolVar(&markdown, "markdown", false, "print Markdown (for a PR comment) instead of text")
	return cmd
}
