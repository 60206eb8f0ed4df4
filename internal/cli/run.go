package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/reports"
)

func (a *app) runCmd() *cobra.Command {
	var f conformFlags
	var out string
	cmd := &cobra.Command{
		Use:   "run",
		Short: "The main job: conformance, a short load check, all reports",
		Long: `Run the conformance specs, then a short load check, then write every report into
--out. With no --target everything runs against the embedded reference servers.

Exit codes: 0 no failure, 1 failures or broken thresholds, 2 usage or configuration
error, 3 target unreachable, 130/143 interrupted (reports are still written, marked
incomplete).`,
		Example: `  authprobe run
  authprobe run --target staging.yaml --out ./authprobe-report`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			run, err := a.conform(f)
			if err != nil {
				return err
			}
			printConformance(a.stdout, run, f.verbose)
			b, err := reports.JSON(run)
			if err != nil {
				return err
			}
			path := filepath.Join(out, "report.json")
			if err := reports.WriteFileAtomic(path, b); err != nil {
				return withCode(ExitUsage, err)
			}
			fmt.Fprintf(a.stdout, "reports: %s\n", path)
			if run.Conformance.Failed(f.strict) {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "authprobe-report", "directory for the reports")
	return cmd
}
