package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadregistry "github.com/authprobe/authprobe/load/registry"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// loadFlags override the load: section of a target configuration.
type loadFlags struct {
	targetFlags
	profile         string
	mode            string
	rate            string
	from, to        string
	step            string
	stepDuration    time.Duration
	duration        time.Duration
	thresholds      []string
	expect          string
	cacheSalts      bool
	raw             string
	shard           string
	resultOut       string
	out             string
	allowProduction bool
	maxRate         float64
	maxDuration     time.Duration
	workers         uint64
	maxWorkers      uint64
	metrics         metricsFlags // --metrics-out, --push-gateway (metrics.go)
}

func (f *loadFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "the target (name or profile) to load (default: the load section's, else every target)")
	fl.StringVar(&f.mode, "mode", "", "constant, ramp or capacity (default constant)")
	fl.StringVar(&f.rate, "rate", "", "constant rate, e.g. 200/s, 12000/m")
	fl.StringVar(&f.from, "from", "", "ramp or capacity start rate")
	fl.StringVar(&f.to, "to", "", "ramp end rate, or capacity search ceiling")
	fl.StringVar(&f.step, "step", "", "capacity search rate increment")
	fl.DurationVar(&f.stepDuration, "step-duration", 0, "capacity search: how long each rate is held")
	fl.DurationVar(&f.duration, "duration", 0, "attack duration (constant and ramp)")
	fl.StringArrayVar(&f.thresholds, "threshold", nil, `SLO gate, repeatable: "p99<250ms", "success>=99.9%", "tokens_per_s>=500"`)
	fl.StringVar(&f.expect, "expect", "", `"token" (default) or a documented error code that counts as success, e.g. 2003`)
	fl.BoolVar(&f.cacheSalts, "cache-salts", false, "CeRTNA: fetch each user's salt once instead of per hit")
	fl.StringVar(&f.raw, "raw", "", "stream one line per hit to this file (.csv or JSON lines)")
	fl.StringVar(&f.shard, "shard", "", "run as shard i/N of a scaled-out run (1 <= i <= N): take 1/N of the rate")
	fl.StringVar(&f.resultOut, "result-out", "", "write the run as JSON to this file (for authprobe merge and diff)")
	fl.BoolVar(&f.allowProduction, "allow-production", false, "allow load against a target whose environment is production")
	fl.Float64Var(&f.maxRate, "max-rate", load.DefaultMaxRate, "safety cap on the total rate (hits/s)")
	fl.DurationVar(&f.maxDuration, "max-duration", load.DefaultMaxDuration, "safety cap on the planned duration")
	fl.Uint64Var(&f.workers, "workers", 0, "initial attacker workers (default 10)")
	fl.Uint64Var(&f.maxWorkers, "max-workers", 0, "most attacker workers (default 10000)")
}

// scenarios builds one scenario per target to load.
func (f *loadFlags) scenarios(cfg *config.File, embeddedDefaults bool) ([]load.Scenario, error) {
	var names []string
	switch {
	case f.profile != "":
		names = []string{f.profile}
	case cfg.Load.Profile != "":
		names = []string{cfg.Load.Profile}
	default:
		for _, t := range cfg.Targets {
			names = append(names, t.Name)
		}
	}
	spec := cfg.Load
	spec.CacheSalts = spec.CacheSalts || f.cacheSalts
	var out []load.Scenario
	for _, n := range names {
		sc, err := load.FromConfig(cfg, n)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		if sc.API, err = loadregistry.Lookup(sc.Target.Profile, spec); err != nil {
			return nil, usageErr("%v", err)
		}
		if embeddedDefaults && sc.Rate.PerSecond() == 0 && sc.Mode == load.ModeConstant {
			sc.Rate, _ = load.ParseRate("200/s")
		}
		if sc.Duration == 0 {
			sc.Duration = 5 * time.Second
		}
		if err := f.apply(&sc); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

func (f *loadFlags) apply(sc *load.Scenario) error {
	rate := func(flag, v string, dst *load.Rate) error {
		if v == "" {
			return nil
		}
		r, err := load.ParseRate(v)
		if err != nil {
			return usageErr("--%s: %v", flag, err)
		}
		*dst = r
		return nil
	}
	if f.mode != "" {
		sc.Mode = load.Mode(f.mode)
	}
	if err := rate("rate", f.rate, &sc.Rate); err != nil {
		return err
	}
	if err := rate("from", f.from, &sc.From); err != nil {
		return err
	}
	if err := rate("to", f.to, &sc.To); err != nil {
		return err
	}
	if sc.Mode == load.ModeCapacity {
		if sc.Capacity.From.PerSecond() == 0 {
			sc.Capacity.From = sc.From
		}
		if err := rate("from", f.from, &sc.Capacity.From); err != nil {
			return err
		}
		if err := rate("to", f.to, &sc.Capacity.Max); err != nil {
			return err
		}
		if err := rate("step", f.step, &sc.Capacity.Step); err != nil {
			return err
		}
		if f.stepDuration > 0 {
			sc.Capacity.StepDuration = f.stepDuration
		}
	}
	if f.duration > 0 {
		sc.Duration = f.duration
	}
	sc.Thresholds = append(sc.Thresholds, f.thresholds...)
	if f.expect != "" {
		sc.Expect = f.expect
	}
	if f.raw != "" {
		sc.RawFile = f.raw
	}
	if f.workers > 0 {
		sc.Workers = f.workers
	}
	if f.maxWorkers > 0 {
		sc.MaxWorkers = f.maxWorkers
	}
	if f.shard != "" {
		s, err := load.ParseShard(f.shard)
		if err != nil {
			return usageErr("--shard: %v", err)
		}
		sc.Shard = s
	}
	return nil
}

func (f *loadFlags) options(progress io.Writer) []load.Option {
	opts := []load.Option{load.WithMaxRate(f.maxRate), load.WithMaxDuration(f.maxDuration)}
	if f.allowProduction {
		opts = append(opts, load.AllowProduction())
	}
	if f.shard != "" {
		opts = append(opts, load.WithSeriesHDR())
	}
	if progress != nil && isTerminal(progress) {
		opts = append(opts, load.WithProgress(func(p load.Progress) {
			fmt.Fprintf(progress, "\r%5.1fs/%-5.0fs  %8d hits  %8d tokens  %6d errors  %8.0f/s  p99 %7.2fms ",
				p.Elapsed.Seconds(), p.Planned.Seconds(), p.Requests, p.Successes, p.Errors, p.Achieved, p.P99)
			if p.Done {
				fmt.Fprintln(progress)
			}
		}, time.Second))
	}
	return opts
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (a *app) loadCmd() *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Measure token-acquisition latency and throughput",
		Long: `Attack a token endpoint at a constant rate, a linear ramp, or a capacity search that
steps the rate up until a threshold breaks. Every hit is a fresh valid request (a new
IRP signature, a CeRTNA salt fetch and salted login, …) and counts as a success only
when the answer proves a token was issued (or, with --expect, the documented error
came back). Latency percentiles are exact (HDR histogram) and measured from each hit's
intended send time. With no --target the embedded reference servers are loaded.

Exit codes: 0 all thresholds held, 1 a threshold broke, 2 usage or configuration
error (including production without --allow-production), 3 target unreachable,
130/143 interrupted (what was measured is still printed and saved).`,
		Example: `  authprobe load --profile irp --rate 500/s --duration 30s --threshold "p99<50ms"
  authprobe load --profile irp --mode capacity --from 1000/s --step 1000/s --step-duration 3s --to 20000/s
  authprobe load --target staging.yaml --profile certna --expect DatabaseError
  authprobe load --target staging.yaml --shard 1/4 --result-out shard-1.json
  authprobe load --target staging.yaml --push-gateway http://pushgateway:9091 --metrics-label team=auth
  authprobe load --profile irp --metrics-out load.om`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := a.resolve(&f.targetFlags, false)
			if err != nil {
				return err
			}
			defer t.close()
			if f.target == "" && f.profile == "" && len(f.sf.profiles) == 0 {
				f.profile = "irp"
			}
			run, err := a.loadRun(t.cfg, &f, f.target == "")
			if run != nil {
				if werr := a.saveRun(run, f.resultOut, f.out); werr != nil && err == nil {
					err = werr
				}
			}
			if err == nil && loadFailed(run) {
				err = silentExit(ExitFailed)
			}
			return a.exportMetrics(run, t.cfg, &f.metrics, err)
		},
	}
	f.targetFlags.register(cmd)
	f.register(cmd)
	f.metrics.register(cmd)
	cmd.Flags().StringVarP(&f.out, "out", "o", "", "also write all reports into this directory")
	return cmd
}

// loadRun runs every scenario and prints each result.
func (a *app) loadRun(cfg *config.File, f *loadFlags, embedded bool) (*results.Run, error) {
	scs, err := f.scenarios(cfg, embedded)
	if err != nil {
		return nil, err
	}
	opts := f.options(a.stderr)
	for _, sc := range scs {
		if err := load.Check(sc, opts...); err != nil {
			return nil, usageErr("load %s: %v", sc.Target.Name, err)
		}
	}
	if err := preflight(a.ctx, cfg); err != nil {
		return nil, err
	}
	run := newRun(cfg)
	for _, sc := range scs {
		if a.ctx.Err() != nil {
			break
		}
		res, err := load.Run(a.ctx, sc, opts...)
		if res != nil {
			run.Load = append(run.Load, *res)
			printLoad(a.stdout, res)
		}
		if err != nil {
			return run, withCode(ExitUsage, fmt.Errorf("load %s: %w", sc.Target.Name, err))
		}
	}
	run.Finished = time.Now().UTC()
	if a.ctx.Err() != nil {
		run.Incomplete = true
		run.Notes = append(run.Notes, "interrupted: the load run was stopped before its planned end")
	}
	return run, nil
}

// saveRun writes the run as JSON and/or as every report.
func (a *app) saveRun(run *results.Run, jsonPath, dir string) error {
	var errs []error
	if jsonPath != "" {
		b, err := reports.JSON(run)
		if err == nil {
			err = reports.WriteFileAtomic(jsonPath, b)
		}
		errs = append(errs, err)
	}
	if dir != "" {
		paths, err := reports.WriteAll(dir, run)
		errs = append(errs, err)
		if err == nil {
			fmt.Fprintf(a.stdout, "reports: %s\n", strings.Join(relPaths(paths), " "))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return withCode(ExitUsage, err)
	}
	return nil
}

func relPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Clean(p)
	}
	return out
}

func loadFailed(run *results.Run) bool {
	for _, l := range run.Load {
		for _, t := range l.Thresholds {
			if t.Broken() {
				return true
			}
		}
	}
	return false
}

// printLoad prints one scenario's metrics and thresholds.
func printLoad(w io.Writer, r *results.LoadResult) {
	fmt.Fprintf(w, "\nload %s (%s, %s", r.Name, r.Profile, r.Mode)
	if r.Interrupted {
		fmt.Fprint(w, ", INTERRUPTED")
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "  requests %d in %s: requested %.1f/s, achieved %.1f/s, tokens %.1f/s, success %.3f%% (expect %s)\n",
		r.Requests, time.Duration(r.Duration).Round(time.Millisecond), r.RequestedRate, r.AchievedRate, r.TokensPerSec, 100*r.SuccessRatio, r.Expect)
	l := r.Latency
	fmt.Fprintf(w, "  latency ms: p50 %.2f  p90 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f\n",
		l.P50, l.P90, l.P95, l.P99, l.P999, l.Max, l.Mean)
	for step, sl := range r.StepLatency {
		fmt.Fprintf(w, "  step %s ms: p50 %.2f  p99 %.2f  max %.2f\n", step, sl.P50, sl.P99, sl.Max)
	}
	if len(r.StatusCodes) > 0 {
		fmt.Fprintf(w, "  status codes: %s\n", kv(r.StatusCodes))
	}
	if len(r.Codes) > 0 {
		fmt.Fprintf(w, "  documented codes: %s\n", kv(r.Codes))
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(w, "  errors: %s\n", kv(r.Errors))
	}
	if len(r.Steps) > 0 {
		fmt.Fprintln(w, "  capacity steps:")
		for _, s := range r.Steps {
			held := "held"
			if !s.Held {
				held = "BROKE: " + s.Broken
			}
			fmt.Fprintf(w, "    %8.0f/s  achieved %8.1f/s  success %7.3f%%  p99 %7.2fms  %s\n", s.Rate, s.AchievedRate, 100*s.SuccessRatio, s.P99, held)
		}
		fmt.Fprintf(w, "  highest rate that held: %.0f/s\n", r.MaxHeldRate)
	}
	printThresholds(w, r)
}

func kv(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
