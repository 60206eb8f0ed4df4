package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadregistry "github.com/authprobe/authprobe/load/registry"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
)

// Defaults of the short load check of `authprobe run`, when the target
// configuration has no load section.
const (
	checkRateEmbedded = "100/s"
	checkRateRemote   = "5/s"
	checkDuration     = 3 * time.Second
	checkThreshold    = "success>=99%"
)

func (a *app) runCmd() *cobra.Command {
	var f conformFlags
	lf := loadFlags{maxRate: load.DefaultMaxRate, maxDuration: load.DefaultMaxDuration}
	var out string
	var noLoad bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "The main job: conformance, a short load check, all reports",
		Long: `Run the conformance specs, then a short load check of every target, then write every
report (report.json, junit.xml, report.html, summary.md) into --out. With no --target
everything runs against the embedded reference servers.

The load check uses the target configuration's load section; without one it runs ` + checkDuration.String() + `
per target at ` + checkRateEmbedded + ` (embedded) or ` + checkRateRemote + ` (real targets) with "` + checkThreshold + `". A target whose
environment is production gets no load check unless --allow-production.

Exit codes: 0 no failure, 1 failures or broken thresholds, 2 usage or configuration
error, 3 target unreachable, 130/143 interrupted (reports are still written, marked
incomplete).`,
		Example: `  authprobe run
  authprobe run --target staging.yaml --out ./authprobe-report --expected-failures known.yaml
  authprobe run --target staging.yaml --push-gateway http://pushgateway:9091 --metrics-out authprobe-report/metrics.om`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lf.targetFlags = f.targetFlags
			return a.mainJob(f, lf, out, noLoad)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "authprobe-report", "directory for the reports")
	cmd.Flags().BoolVar(&noLoad, "no-load", false, "skip the load check")
	cmd.Flags().BoolVar(&lf.allowProduction, "allow-production", false, "run the load check against a production target too")
	lf.metrics.register(cmd)
	return cmd
}

func (a *app) mainJob(f conformFlags, lf loadFlags, out string, noLoad bool) error {
	run, t, err := a.conformance(f, a.stderr)
	if err != nil {
		return err
	}
	defer t.close()
	printConformance(a.stdout, run, f.verbose)

	if !noLoad && a.ctx.Err() == nil {
		if t.set != nil {
			t.set.ResetClocks() // the expiry specs moved them; load signs with the real clock
		}
		a.loadCheck(run, t.cfg, lf, t.set != nil)
	}
	run.Finished = time.Now().UTC()
	if a.ctx.Err() != nil {
		run.Incomplete = true
		run.Notes = append(run.Notes, "interrupted: the run stopped early; what was measured is reported")
	}
	paths, werr := reports.WriteAll(out, run, reports.WithRedactor(framework.Redactor()))
	for _, p := range paths {
		fmt.Fprintf(a.stdout, "report: %s\n", p)
	}
	if werr != nil {
		return withCode(ExitUsage, werr)
	}
	failed := run.Conformance.Failed(f.strict) || loadFailed(run)
	fmt.Fprintf(a.stdout, "\nauthprobe run: %s", verdictWord(failed, run.Incomplete))
	fmt.Fprintf(a.stdout, " — conformance %s; %d load check(s)\n", countLine(run.Conformance.Counts()), len(run.Load))
	var verdict error
	if failed {
		verdict = silentExit(ExitFailed)
	}
	return a.exportMetrics(run, t.cfg, &lf.metrics, verdict)
}

func verdictWord(failed, incomplete bool) string {
	switch {
	case incomplete:
		return "INCOMPLETE"
	case failed:
		return "FAILED"
	}
	return "PASSED"
}

// loadCheck runs the short load check of every target and adds the results
// (or a note saying why a target got none) to run.
func (a *app) loadCheck(run *results.Run, cfg *config.File, lf loadFlags, embedded bool) {
	hasSection := cfg.Load.Rate != "" || cfg.Load.Mode != "" || len(cfg.Load.Thresholds) > 0
	if cfg.Environment == config.EnvProduction && !lf.allowProduction {
		run.Notes = append(run.Notes, "load check skipped: the target environment is production (use --allow-production)")
		return
	}
	for _, t := range cfg.Targets {
		if hasSection && cfg.Load.Profile != "" && cfg.Load.Profile != t.Name && cfg.Load.Profile != t.Profile {
			continue
		}
		sc, err := load.FromConfig(cfg, t.Name)
		if err == nil {
			sc.API, err = loadregistry.Lookup(t.Profile, cfg.Load)
		}
		if err != nil {
			run.Notes = append(run.Notes, fmt.Sprintf("load check of %s not run: %v", t.Name, err))
			continue
		}
		sc.Name = t.Name + " load check"
		if !hasSection {
			rate := checkRateRemote
			if embedded {
				rate = checkRateEmbedded
			}
			sc.Mode = load.ModeConstant
			sc.Rate, _ = load.ParseRate(rate)
			sc.Duration = checkDuration
			sc.Thresholds = []string{checkThreshold}
		}
		if sc.Duration == 0 {
			sc.Duration = checkDuration
		}
		opts := lf.options(a.stderr)
		if err := load.Check(sc, opts...); err != nil {
			run.Notes = append(run.Notes, fmt.Sprintf("load check of %s not run: %v", t.Name, err))
			continue
		}
		res, err := load.Run(a.ctx, sc, opts...)
		if res != nil {
			run.Load = append(run.Load, *res)
			printLoad(a.stdout, res)
		}
		if err != nil {
			run.Notes = append(run.Notes, fmt.Sprintf("load check of %s: %v", t.Name, err))
		}
		if a.ctx.Err() != nil {
			return
		}
	}
}
