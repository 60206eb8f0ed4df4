// Command loadbench runs one load scenario with package load and prints
// its result: the stand-in for `authprobe load` that bench/load.sh uses
// until the CLI verb exists.
//
//	loadbench --target irp.yaml --mode capacity --from 2000/s --step 2000/s --step-duration 2s --max 40000/s
//	loadbench --target irp.yaml --rate 10000/s --duration 100s --max-workers 64
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/load/registry"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		target     = flag.String("target", "", "target configuration file (required)")
		profile    = flag.String("profile", "", "target to load (default: the load section's, else the first)")
		mode       = flag.String("mode", "", "constant, ramp or capacity (default: the file's, else constant)")
		rate       = flag.String("rate", "", "constant rate, e.g. 10000/s")
		from       = flag.String("from", "", "ramp or capacity start rate")
		to         = flag.String("to", "", "ramp end rate")
		step       = flag.String("step", "", "capacity step")
		max        = flag.String("max", "", "capacity maximum rate")
		stepDur    = flag.Duration("step-duration", 0, "capacity step duration")
		duration   = flag.Duration("duration", 0, "attack duration")
		workers    = flag.Uint64("workers", 0, "initial workers")
		maxWorkers = flag.Uint64("max-workers", 0, "maximum workers")
		out        = flag.String("o", "", "write the JSON result here")
	)
	flag.Parse()
	if *target == "" {
		return fmt.Errorf("--target is required")
	}
	cfg, err := config.Load(*target, config.Options{Profiles: registry.Names()})
	if err != nil {
		return err
	}
	sc, err := load.FromConfig(cfg, *profile)
	if err != nil {
		return err
	}
	if sc.Targeter, err = registry.Lookup(sc.Target.Profile); err != nil {
		return err
	}
	if *mode != "" {
		sc.Mode = load.Mode(*mode)
	}
	set := func(dst *load.Rate, v string) {
		if v != "" && err == nil {
			*dst, err = load.ParseRate(v)
		}
	}
	set(&sc.Rate, *rate)
	set(&sc.From, *from)
	set(&sc.To, *to)
	set(&sc.Capacity.From, *from)
	set(&sc.Capacity.Step, *step)
	set(&sc.Capacity.Max, *max)
	if err != nil {
		return err
	}
	if *stepDur > 0 {
		sc.Capacity.StepDuration = *stepDur
	}
	if *duration > 0 {
		sc.Duration = *duration
	}
	if *workers > 0 {
		sc.Workers = *workers
	}
	if *maxWorkers > 0 {
		sc.MaxWorkers = *maxWorkers
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := load.Run(ctx, sc, load.WithProgress(func(p load.Progress) {
		if !p.Done {
			fmt.Fprintf(os.Stderr, "\r%6.1fs  step %d  %8.0f/s requested  %8.0f/s answered  %9d hits  %9d ok  p99 %8.2fms ",
				p.Elapsed.Seconds(), p.Step, p.Rate, p.Achieved, p.Requests, p.Successes, p.P99)
		}
	}, time.Second))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	best := res.TokensPerSec
	for _, s := range res.Steps {
		best = maxf(best, s.AchievedRate*s.SuccessRatio)
		fmt.Fprintf(os.Stderr, "step %8.0f/s  achieved %9.1f/s  success %7.3f%%  p99 %8.2fms  held %-5v %s\n",
			s.Rate, s.AchievedRate, s.SuccessRatio*100, s.P99, s.Held, s.Broken)
	}
	fmt.Printf("requests=%d successes=%d tokens_per_s=%.1f best_tokens_per_s=%.1f max_held_rate=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f codes=%v errors=%v\n",
		res.Requests, res.Successes, res.TokensPerSec, best, res.MaxHeldRate, res.Latency.P50, res.Latency.P99, res.Latency.Max, res.Codes, res.Errors)
	if *out != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
