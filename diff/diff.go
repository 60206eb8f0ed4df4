// Package diff compares two authprobe runs: which specs newly fail, which
// were fixed, which warnings came and went, which specs were added or
// removed, and whether load latency, throughput or success ratio moved
// beyond Limits. `authprobe diff BASE.json NEW.json` prints a Report and
// exits 1 when Report.Regressed.
package diff

import (
	"time"

	"github.com/authprobe/authprobe/results"
)

// Report is what changed from a base run to a new run.
type Report struct {
	Base, New RunInfo
	Limits    Limits

	// NewFailures are specs that fail in the new run but did not in the
	// base (PASSED, WARNING, SKIPPED, EXPECTED-FAILURE → FAILED or
	// UNEXPECTED-PASS), including specs new in this run that fail.
	NewFailures []SpecChange
	// Fixed are specs that failed in the base and pass now.
	Fixed []SpecChange
	// NewWarnings and GoneWarnings are specs that became or stopped being
	// WARNING (without failing).
	NewWarnings  []SpecChange
	GoneWarnings []SpecChange
	// Added and Removed are specs present in only one of the runs.
	Added   []SpecChange
	Removed []SpecChange
	// Changed are the other verdict changes (e.g. PASSED → SKIPPED).
	Changed []SpecChange

	// Load has one entry per metric compared, per scenario present in both
	// runs; Regressed marks those beyond the limits.
	Load []MetricChange
	// LoadAdded and LoadRemoved name scenarios present in only one run.
	LoadAdded   []string
	LoadRemoved []string

	// Notes say why a comparison may mislead (incomplete runs, changed
	// request rates, different environments).
	Notes []string
}

// RunInfo identifies one side of the comparison.
type RunInfo struct {
	Started     time.Time
	Version     string
	Environment string
	Config      string
	Incomplete  bool
}

// SpecChange is one spec whose verdict differs between the runs. Base or
// New is "" when the spec is absent from that run.
type SpecChange struct {
	ID      string
	Profile string
	Title   string
	Base    results.Verdict
	New     results.Verdict
	// Message is the new run's message (the base's for gone specs and
	// gone warnings).
	Message string
}

// MetricChange compares one load metric of one scenario.
type MetricChange struct {
	Scenario string
	Profile  string
	// Metric is the JSON field name: p50_ms, p95_ms, p99_ms,
	// tokens_per_second, achieved_rate, max_held_rate or success_ratio.
	Metric string
	Base   float64
	New    float64
	// Change is the relative change in percent (+ is higher) for latency
	// and throughput, and the change in percentage points for the success
	// ratio.
	Change float64
	// Limit is the limit applied (Off when disabled).
	Limit Percent
	// Floor is, for latency, the absolute rise in milliseconds the change
	// must also exceed to regress (0: none).
	Floor float64
	// Samples is, for latency, the smaller of the two runs' request
	// counts, and MinSamples the count the percentile needs
	// (Limits.MinSamples); TooFewSamples is set when Samples < MinSamples:
	// the change is then "not enough samples", never a regression.
	Samples       uint64
	MinSamples    uint64
	TooFewSamples bool
	// Regressed is true when the change is worse than the limit allows.
	Regressed bool
}

// Points reports whether Change is in percentage points.
func (m MetricChange) Points() bool { return m.Metric == "success_ratio" }

// Regressed reports whether the new run is worse than its base: a new
// failure, or a load metric beyond its limit.
func (r *Report) Regressed() bool {
	return r.RegressionCount() > 0
}

// RegressionCount is the number of new failures plus regressed metrics.
func (r *Report) RegressionCount() int {
	n := len(r.NewFailures)
	for _, m := range r.Load {
		if m.Regressed {
			n++
		}
	}
	return n
}

// Compare compares new against base. Specs are matched by profile and ID,
// load scenarios by profile and name. Neither run is modified.
func Compare(base, new *results.Run, limits Limits) *Report {
	if base == nil {
		base = &results.Run{}
	}
	if new == nil {
		new = &results.Run{}
	}
	r := &Report{Base: info(base), New: info(new), Limits: limits}
	if base.Incomplete {
		r.Notes = append(r.Notes, "the base run is incomplete: what it lacks shows as added")
	}
	if new.Incomplete {
		r.Notes = append(r.Notes, "the new run is incomplete: what it lacks shows as removed")
	}
	if base.Target.Environment != new.Target.Environment {
		r.Notes = append(r.Notes, "the runs target different environments ("+orDash(base.Target.Environment)+" → "+orDash(new.Target.Environment)+")")
	}
	compareSpecs(r, base.Conformance, new.Conformance)
	compareLoad(r, base.Load, new.Load)
	return r
}

func info(run *results.Run) RunInfo {
	return RunInfo{
		Started:     run.Started,
		Version:     run.Tool.Version,
		Environment: run.Target.Environment,
		Config:      run.Target.Config,
		Incomplete:  run.Incomplete,
	}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
