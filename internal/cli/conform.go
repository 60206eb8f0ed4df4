package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	_ "github.com/authprobe/authprobe/suites/all" // registers every API's specs
	"github.com/authprobe/authprobe/suites/framework"
)

type conformFlags struct {
	targetFlags
	labelFilter string
	expected    string
	strict      bool
	jsonOut     string
	verbose     bool
	quiet       bool
	killMatrix  bool
	dialects    bool
	parallel    int
	rateCap     float64
	rateCapSet  bool // --rate-cap given: it applies to the embedded servers too
	progressInt time.Duration
	noPreflight bool
}

func (f *conformFlags) register(cmd *cobra.Command) {
	f.targetFlags.register(cmd)
	cmd.Flags().StringVar(&f.labelFilter, "label-filter", "", `run only specs matching a Ginkgo label filter, e.g. "irp && expiry" or "security && !slow"`)
	cmd.Flags().StringVar(&f.expected, "expected-failures", "", "file of known failures (id + reason) that do not fail the run")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "warnings fail the run too")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "list passed specs too")
	cmd.Flags().IntVar(&f.parallel, "parallel", defaultParallel, "worker processes sharing the specs of targets whose clock is real or skip (1: one after another; targets on a controlled clock always run one spec at a time)")
	cmd.Flags().Float64Var(&f.rateCap, "rate-cap", defaultRateCap, "most requests per second sent to each --target target, shared by the workers (0: no cap; the embedded servers get none unless given)")
	cmd.Flags().DurationVar(&f.progressInt, "progress-interval", plainProgressInterval, "how often a progress line is printed to stderr when it is not a terminal (on a terminal one live line is redrawn)")
	cmd.Flags().BoolVar(&f.noPreflight, "no-preflight", false, "skip the login preflight of each target (its specs then judge a login endpoint that answers in no documented shape, one FAILED spec each)")
}

// Defaults of a conformance run's concurrency against real targets.
const (
	defaultParallel = 8
	defaultRateCap  = 200
)

func (a *app) conformCmd() *cobra.Command {
	var f conformFlags
	cmd := &cobra.Command{
		Use:   "conform",
		Short: "Run the conformance specs",
		Long: `Run every documented behaviour of the configured APIs as a conformance spec and print
the verdicts (PASSED, FAILED, WARNING, SKIPPED) grouped by API, with evidence for each
failure. With no --target the specs run against the embedded reference servers on a
controlled clock.

Before a target's specs its login endpoint must answer a login with a wrong secret in the
API's documented shape (a documented refusal or a token); a target that does not (wrong base
path, HTML error page, TLS failure, timeout) stops with one error, its specs are NOT-RUN and
the other targets go on. A label filter that selects no spec is a usage error.

Exit codes: 0 no failure (warnings fail only with --strict), 1 failures, 2 usage or
configuration error (a filter or expected failure matching no spec too), 3 a target
unreachable or failing its preflight, 130/143 interrupted.`,
		Example: `  authprobe conform
  authprobe conform --target staging.yaml --label-filter "irp && !slow"
  authprobe conform --target staging.yaml --parallel 4 --rate-cap 50
  authprobe conform --latency 40ms   # embedded servers answering like a remote staging server
  authprobe conform --target staging.yaml --no-preflight   # let the specs judge a login endpoint of no documented shape
  authprobe conform --fault irp:skew-window-10m
  authprobe conform --dialect irp:all
  authprobe conform --kill-matrix
  authprobe conform --dialect-matrix`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.rateCapSet = cmd.Flags().Changed("rate-cap")
			if f.killMatrix {
				return a.killMatrix(f)
			}
			if f.dialects {
				return a.dialectMatrix(f)
			}
			run, err := a.conform(f)
			if run != nil && run.Conformance != nil && !f.quiet {
				printConformance(a.stdout, run, f.verbose)
			}
			if run != nil && f.jsonOut != "" {
				b, jerr := reports.JSON(run)
				if jerr == nil {
					jerr = reports.WriteFileAtomic(f.jsonOut, b)
				}
				if jerr != nil && err == nil {
					err = withCode(ExitUsage, jerr)
				}
			}
			if err != nil {
				return err
			}
			if run.Conformance.Failed(f.strict) {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.jsonOut, "json", "", "also write the results as JSON to this file")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().BoolVar(&f.killMatrix, "kill-matrix", false, "run the specs against every named fault of the reference servers (on their default dialect and speaking all dialects) and check each fault fails exactly the specs it breaks")
	cmd.Flags().BoolVar(&f.dialects, "dialect-matrix", false, "run the specs against every named dialect of the reference servers, alone and all at once, and check none FAILS")
	return cmd
}

// conform runs the specs and returns the run (also when interrupted, and
// with the exit-3 error when a target was stopped before its specs).
func (a *app) conform(f conformFlags) (*results.Run, error) {
	run, t, err := a.conformance(f, nil)
	if run == nil {
		return nil, err
	}
	t.close()
	run.Finished = time.Now().UTC()
	if a.ctx.Err() != nil {
		run.Incomplete = true
		run.Notes = append(run.Notes, "interrupted: specs after the interruption did not run")
	}
	return run, err
}

// conformance is the path that conform and run share: check the flags,
// resolve the targets, take the label filter and the expected failures
// from the configuration's conform section when the flags give none,
// check that the filter selects at least one spec, check every target
// (reachable, and its login endpoint answering as its API: checkTargets;
// all after every configuration check: nothing is dialled for a run that
// cannot start), then run the specs of the targets that passed. When
// progress is not nil it is told when the specs start. It returns the run
// with its verdicts (also when interrupted; Finished is the caller's) and
// the resolved targets, which the caller closes. A target stopped before
// its specs gets NOT-RUN verdicts and its error in the run, and the error
// returned with the run then has exit code 3.
func (a *app) conformance(f conformFlags, progress io.Writer) (*results.Run, *targets, error) {
	if _, err := framework.ParseLabelFilter(f.labelFilter); err != nil {
		return nil, nil, usageErr("--label-filter: %v", err)
	}
	if f.parallel < 1 || f.rateCap < 0 || f.progressInt <= 0 {
		return nil, nil, usageErr("--parallel %d, --rate-cap %g, --progress-interval %s: want at least 1, at least 0 and a positive duration", f.parallel, f.rateCap, f.progressInt)
	}
	var expected map[string]string
	if f.expected != "" {
		var err error
		if expected, err = framework.LoadExpected(f.expected); err != nil {
			return nil, nil, withCode(ExitUsage, err)
		}
	}
	t, err := a.resolve(&f.targetFlags, true)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*results.Run, *targets, error) {
		t.close()
		return nil, nil, err
	}
	source := filterSource(f.labelFilter, t.cfg)
	if f.labelFilter == "" {
		f.labelFilter = t.cfg.Conform.LabelFilter
	}
	if expected == nil && t.cfg.Conform.ExpectedFailures != "" {
		if expected, err = framework.LoadExpected(t.cfg.Conform.ExpectedFailures); err != nil {
			return fail(withCode(ExitUsage, err))
		}
	}
	if err := framework.CheckSelection(source, profilesOf(t.cfg), f.labelFilter); err != nil {
		return fail(usageErr("%v", err))
	}
	healthy, stopped, err := checkTargets(a.ctx, t.cfg, !f.noPreflight)
	if err != nil {
		return fail(err)
	}
	run := newRun(t.cfg)
	run.Conformance = &results.Conformance{LabelFilter: f.labelFilter, Strict: f.strict}
	if len(healthy.Targets) > 0 {
		if progress != nil {
			fmt.Fprintf(progress, "authprobe: conformance of %d API(s) at %s\n", len(healthy.Targets), t.cfg.Path)
		}
		opts := framework.Options{
			Config: healthy, LabelFilter: f.labelFilter, Expected: expected, Strict: f.strict, Quiet: true, Context: a.ctx,
			Parallel: f.parallel, RateLimit: f.rateCap,
		}
		if t.set != nil && !f.rateCapSet {
			opts.RateLimit = 0 // the embedded servers run in this process: nothing to spare
		}
		if !f.quiet {
			live := writerIsTerminal(a.stderr)
			interval := f.progressInt
			if live {
				interval = 0
			}
			pr := newConformProgress(a.stderr, live, interval)
			defer pr.close()
			opts.Progress = pr.event
		}
		conf, apis, err := framework.Run(opts)
		if err != nil {
			return fail(usageErr("%v", err))
		}
		run.Conformance = conf
		for _, api := range apis {
			for i := range run.Target.APIs {
				if run.Target.APIs[i].Name == api.Name {
					run.Target.APIs[i] = api
				}
			}
		}
	}
	addNotRun(run, stopped, f.labelFilter)
	if len(run.Conformance.Specs) == 0 && a.ctx.Err() == nil {
		return fail(usageErr("%s %q selected no spec", source, f.labelFilter))
	}
	return run, t, stoppedError(stopped)
}

// profilesOf lists the profiles of cfg's targets.
func profilesOf(cfg *config.File) []string {
	var out []string
	for _, t := range cfg.Targets {
		out = append(out, t.Profile)
	}
	return out
}

func newRun(cfg *config.File) *results.Run {
	r := &results.Run{SchemaVersion: results.SchemaVersion, Tool: toolInfo(), Started: time.Now().UTC(),
		Target: results.Target{Config: cfg.Path, Environment: cfg.Environment}}
	for _, t := range cfg.Targets {
		r.Target.APIs = append(r.Target.APIs, results.TargetAPI{Name: t.Name, Profile: t.Profile, BaseURL: t.BaseURL, Clock: t.Clock})
	}
	return r
}
