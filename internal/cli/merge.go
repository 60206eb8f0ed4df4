package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

func (a *app) mergeCmd() *cobra.Command {
	var out, resultOut string
	var mf metricsFlags
	cmd := &cobra.Command{
		Use:   "merge FILE|DIR...",
		Short: "Merge the shard results of a scaled-out load run into one report",
		Long: `Read the JSON results of load shards (authprobe load --shard i/N --result-out FILE;
directories are searched for *.json) and merge them exactly: HDR histograms added,
counters summed, percentiles and thresholds recomputed. Exit 1 when a threshold of the
merged run breaks.`,
		Example: `  authprobe merge /results/shard-*.json --out /results/merged
  authprobe merge /results --result-out merged.json
  authprobe merge /results --out /results/merged --push-gateway http://pushgateway:9091`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := expandJSON(args)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			var runs []*results.Run
			for _, f := range files {
				r, err := reports.ReadJSON(f)
				if err != nil {
					return withCode(ExitUsage, err)
				}
				runs = append(runs, r)
			}
			merged, err := mergeRuns(runs)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			for i := range merged.Load {
				printLoad(a.stdout, &merged.Load[i])
			}
			if out == "" && resultOut == "" {
				out = "authprobe-report"
			}
			if err := a.saveRun(merged, resultOut, out); err != nil {
				return err
			}
			var verdict error
			if loadFailed(merged) {
				verdict = silentExit(ExitFailed)
			}
			return a.exportMetrics(merged, nil, &mf, verdict)
		},
	}
	mf.register(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "", "directory for the merged reports (default ./authprobe-report)")
	cmd.Flags().StringVar(&resultOut, "result-out", "", "write the merged run as JSON to this file")
	return cmd
}

func expandJSON(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		m, _ := filepath.Glob(filepath.Join(a, "*.json"))
		sort.Strings(m)
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("merge: no JSON results in %v", args)
	}
	return files, nil
}

// mergeRuns merges the load results of shard runs scenario by scenario
// (by name). Conformance results are not merged.
func mergeRuns(runs []*results.Run) (*results.Run, error) {
	byName := map[string][]*results.LoadResult{}
	var order []string
	for _, r := range runs {
		for i := range r.Load {
			l := &r.Load[i]
			if _, ok := byName[l.Name]; !ok {
				order = append(order, l.Name)
			}
			byName[l.Name] = append(byName[l.Name], l)
		}
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("merge: the files hold no load results")
	}
	merged := &results.Run{SchemaVersion: results.SchemaVersion, Tool: toolInfo(), Target: runs[0].Target,
		Started: runs[0].Started, Finished: time.Now().UTC()}
	for _, r := range runs {
		if r.Started.Before(merged.Started) {
			merged.Started = r.Started
		}
		merged.Incomplete = merged.Incomplete || r.Incomplete
	}
	for _, name := range order {
		m, err := load.Merge(byName[name]...)
		if err != nil {
			return nil, fmt.Errorf("merge %s: %w", name, err)
		}
		merged.Load = append(merged.Load, *m)
	}
	merged.Notes = append(merged.Notes, fmt.Sprintf("merged from %d shard results", len(runs)))
	return merged, nil
}
