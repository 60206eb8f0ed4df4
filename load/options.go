package load

import (
	"io"
	"time"
)

// Safety caps, raised only by explicit options.
const (
	// DefaultMaxRate caps a scenario's total rate.
	DefaultMaxRate = 50_000.0
	// DefaultMaxDuration caps a scenario's planned duration.
	DefaultMaxDuration = time.Hour
)

// Option tunes Run.
type Option func(*options)

type options struct {
	progress         func(Progress)
	progressInterval time.Duration
	allowProduction  bool
	maxRate          float64
	maxDuration      time.Duration
	seriesHDR        bool
	raw              io.Writer
	rawFormat        RawFormat
	inspect          func(*metrics) // tests: the run-wide metrics at the end
}

func defaultOptions() *options {
	return &options{maxRate: DefaultMaxRate, maxDuration: DefaultMaxDuration, progressInterval: time.Second}
}

// WithProgress calls fn about once per interval (default 1s when interval
// is 0) while the attack runs, and once more at the end with Done set. fn
// runs on the collector goroutine: it must return quickly.
func WithProgress(fn func(Progress), interval time.Duration) Option {
	return func(o *options) {
		o.progress = fn
		if interval > 0 {
			o.progressInterval = interval
		}
	}
}

// AllowProduction lets a scenario run against a target whose environment
// is production.
func AllowProduction() Option { return func(o *options) { o.allowProduction = true } }

// WithMaxRate raises (or lowers) the safety cap on the total rate, in hits
// per second.
func WithMaxRate(perSecond float64) Option { return func(o *options) { o.maxRate = perSecond } }

// WithMaxDuration raises (or lowers) the safety cap on the planned
// duration.
func WithMaxDuration(d time.Duration) Option { return func(o *options) { o.maxDuration = d } }

// WithSeriesHDR keeps each second's encoded histogram in the series, so
// that per-second percentiles merge exactly. It is on for shards.
func WithSeriesHDR() Option { return func(o *options) { o.seriesHDR = true } }

// WithRawWriter streams the raw results to w in format f instead of (or
// besides not having) a RawFile; w is not closed.
func WithRawWriter(w io.Writer, f RawFormat) Option {
	return func(o *options) { o.raw, o.rawFormat = w, f }
}

// Progress is a live view of a running scenario.
type Progress struct {
	// Elapsed is the time since the run started; Planned its planned
	// length.
	Elapsed, Planned time.Duration
	// Requests, Successes and Errors so far.
	Requests, Successes, Errors uint64
	// Rate is the requested rate now (hits per second); 0 in max mode.
	Rate float64
	// Achieved is the rate of hits answered over the last interval.
	Achieved float64
	// P99 is the p99 latency so far of the current attack (in capacity
	// mode, of the current step), in milliseconds.
	P99 float64
	// Step is the capacity step (1-based; 0 outside capacity mode).
	Step int
	// Done is set on the last call.
	Done bool
}
