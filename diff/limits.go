package diff

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Percent is a limit in percent, or in percentage points for the success
// ratio. A negative value disables the check ("off"). It implements
// flag.Value and pflag.Value, so a CLI can bind a flag to a Limits field:
//
//	fs.Var(&limits.P99Regression, "max-p99-regression", "…")
type Percent float64

// Off is the Percent that disables a check.
const Off Percent = -1

// Enabled reports whether the check is on.
func (p Percent) Enabled() bool { return p >= 0 }

// String prints "10%", or "off".
func (p Percent) String() string {
	if !p.Enabled() {
		return "off"
	}
	return strconv.FormatFloat(float64(p), 'f', -1, 64) + "%"
}

// Set parses "10%", "10", "0.1pp", "0.1%" or "off".
func (p *Percent) Set(s string) error {
	v, err := ParsePercent(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Type names the flag value type for pflag's help output.
func (p *Percent) Type() string { return "percent" }

// ParsePercent reads a limit: a number with an optional "%" or "pp"
// suffix ("10%", "10", "0.1pp"), or "off"/"none" to disable the check.
func ParsePercent(s string) (Percent, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "off", "none", "disabled":
		return Off, nil
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "%"), "pp"))
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v != v {
		return 0, fmt.Errorf("bad limit %q (want a non-negative percentage such as 10%%, 0.1pp, or off)", s)
	}
	return Percent(v), nil
}

// LatencyLimit is how much a latency percentile may rise: a latency
// regression needs the rise to exceed BOTH the relative limit and the
// absolute floor, so that a p99 moving 1.77 ms → 2.17 ms (+23%, but only
// +0.4 ms) is not called a regression. It implements pflag.Value; Set reads
// "10%" (the relative part only; the floor stays), "+5ms" (the floor only),
// "+20%,+5ms" (both) or "off".
type LatencyLimit struct {
	// Rise is the largest allowed increase in percent of the base; Off
	// disables the check.
	Rise Percent
	// Floor is the largest allowed increase in absolute time; 0 means the
	// relative limit alone decides.
	Floor time.Duration
}

// Enabled reports whether the check is on.
func (l LatencyLimit) Enabled() bool { return l.Rise.Enabled() }

// String prints "+10%,+5ms", "+10%" (no floor) or "off".
func (l LatencyLimit) String() string {
	if !l.Enabled() {
		return "off"
	}
	s := "+" + l.Rise.String()
	if l.Floor > 0 {
		s += ",+" + l.Floor.String()
	}
	return s
}

// Set changes the parts given: a percentage sets Rise, a duration sets
// Floor, "off" disables the check.
func (l *LatencyLimit) Set(s string) error {
	v, err := l.parse(s)
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Type names the flag value type for pflag's help output.
func (l *LatencyLimit) Type() string { return "limit" }

func (l LatencyLimit) parse(s string) (LatencyLimit, error) {
	parts := strings.Split(s, ",")
	for _, part := range parts {
		t := strings.TrimSpace(part)
		if t == "" {
			return l, fmt.Errorf("bad latency limit %q: empty part (want e.g. +20%%,+5ms)", s)
		}
		if strings.HasPrefix(t, "-") {
			return l, fmt.Errorf("bad latency limit %q: %q is negative (a limit is the largest allowed rise, e.g. +20%%,+5ms)", s, t)
		}
		t = strings.TrimPrefix(t, "+")
		if p, err := ParsePercent(t); err == nil {
			if p == Off && len(parts) > 1 {
				return l, fmt.Errorf("bad latency limit %q: off stands alone", s)
			}
			l.Rise = p
			continue
		}
		d, err := time.ParseDuration(t)
		if err != nil {
			return l, fmt.Errorf("bad latency limit %q: %q is neither a percentage (20%%) nor a duration (5ms)", s, part)
		}
		l.Floor = d
	}
	return l, nil
}

// Limits are how far a new run may fall behind its base before Compare
// calls it a regression.
type Limits struct {
	// P50Regression, P95Regression and P99Regression are the largest
	// allowed latency increases: in percent of the base and, as a floor,
	// in absolute time; a regression exceeds both.
	P50Regression LatencyLimit
	P95Regression LatencyLimit
	P99Regression LatencyLimit
	// ThroughputDrop is the largest allowed drop of tokens per second,
	// achieved rate and (capacity runs) max held rate, in percent.
	ThroughputDrop Percent
	// SuccessRatioDrop is the largest allowed drop of the success ratio, in
	// percentage points (99.9% → 99.7% is a 0.2-point drop).
	SuccessRatioDrop Percent
	// MinTailSamples is how many samples must lie beyond a percentile, in
	// each run, before a change of it may be called a regression: pq needs
	// at least MinTailSamples / (1 - q) requests (with 10: p50 20, p95 200,
	// p99 1,000). Below that the change is reported as "not enough
	// samples". 0 disables the check.
	MinTailSamples int
}

// Default limits. A latency percentile regresses when it rises by more
// than 10% AND by more than its floor (p50 1 ms, p95 3 ms, p99 5 ms: the
// tail is noisier than the median, and a few milliseconds are the jitter
// of a shared CI runner and of a network path); throughput may drop 10%,
// the success ratio 0.1 percentage points. A percentile is judged only
// when at least 10 samples lie beyond it in both runs.
const (
	DefaultLatencyRise    Percent       = 10
	DefaultP50Floor       time.Duration = 1 * time.Millisecond
	DefaultP95Floor       time.Duration = 3 * time.Millisecond
	DefaultP99Floor       time.Duration = 5 * time.Millisecond
	DefaultMinTailSamples               = 10
)

// DefaultLimits returns the default limits (see DefaultLatencyRise).
func DefaultLimits() Limits {
	return Limits{
		P50Regression:    LatencyLimit{Rise: DefaultLatencyRise, Floor: DefaultP50Floor},
		P95Regression:    LatencyLimit{Rise: DefaultLatencyRise, Floor: DefaultP95Floor},
		P99Regression:    LatencyLimit{Rise: DefaultLatencyRise, Floor: DefaultP99Floor},
		ThroughputDrop:   10,
		SuccessRatioDrop: 0.1,
		MinTailSamples:   DefaultMinTailSamples,
	}
}

// MinSamples is how many requests each run needs before a change of the
// percentile q (0.99 for p99) is judged: MinTailSamples / (1 - q), rounded
// up. With fewer, the measured pq rests on fewer than MinTailSamples
// samples beyond it — p99 over 300 requests rests on 3 — and moves by
// chance alone.
func (l Limits) MinSamples(q float64) uint64 {
	if l.MinTailSamples <= 0 || q <= 0 || q >= 1 {
		return 0
	}
	return uint64(math.Ceil(float64(l.MinTailSamples)/(1-q) - 1e-6))
}

// Set changes one limit by name: p50, p95, p99 (e.g. "+20%,+5ms"),
// throughput, success or min_tail (a count).
func (l *Limits) Set(name, value string) error {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "p50", "p95", "p99":
		f := map[string]*LatencyLimit{"p50": &l.P50Regression, "p95": &l.P95Regression, "p99": &l.P99Regression}[n]
		if err := f.Set(value); err != nil {
			return fmt.Errorf("limit %s: %w", n, err)
		}
		return nil
	case "throughput", "tokens", "rate", "success", "success_ratio":
		f := &l.ThroughputDrop
		if strings.HasPrefix(n, "success") {
			f = &l.SuccessRatioDrop
		}
		// a drop may be written with its sign: throughput:-10%
		v, err := ParsePercent(strings.TrimPrefix(strings.TrimSpace(value), "-"))
		if err != nil {
			return fmt.Errorf("limit %s: %w", n, err)
		}
		*f = v
		return nil
	case "min_tail", "min-tail", "min_tail_samples", "min-tail-samples":
		v, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || v < 0 {
			return fmt.Errorf("limit %s: bad count %q (want a whole number >= 0, 0 turns the check off)", n, value)
		}
		l.MinTailSamples = v
		return nil
	}
	return fmt.Errorf("unknown limit %q (known: p50, p95, p99, throughput, success, min_tail)", name)
}

// SetSpec reads one "metric:value" (or "metric=value") limit, e.g.
// "p99:+20%,+5ms", "throughput:-5%", "success:0.5pp", "p50:off" or
// "min_tail:20".
func (l *Limits) SetSpec(spec string) error {
	i := strings.IndexAny(spec, ":=")
	if i < 0 {
		return fmt.Errorf("bad limit %q (want metric:value, e.g. p99:+20%%,+5ms)", spec)
	}
	return l.Set(spec[:i], spec[i+1:])
}

// ParseLimits reads a comma-separated list on top of the defaults:
// "p99=15%,throughput=5%,success=0.5pp" or "p99:+20%,+5ms,p50:off" (a part
// without a name continues the previous limit); "" gives the defaults.
func ParseLimits(s string) (Limits, error) {
	l := DefaultLimits()
	var specs []string
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if !strings.ContainsAny(part, ":=") {
			if len(specs) == 0 {
				return l, fmt.Errorf("bad limit %q (want name=value, e.g. p99=15%% or p99:+20%%,+5ms)", part)
			}
			specs[len(specs)-1] += "," + part
			continue
		}
		specs = append(specs, part)
	}
	for _, spec := range specs {
		if err := l.SetSpec(spec); err != nil {
			return l, err
		}
	}
	return l, nil
}

// String prints the limits in the form ParseLimits reads.
func (l Limits) String() string {
	return fmt.Sprintf("p50:%s,p95:%s,p99:%s,throughput:%s,success:%s,min_tail:%d",
		l.P50Regression, l.P95Regression, l.P99Regression, drop(l.ThroughputDrop.String()), drop(points(l.SuccessRatioDrop)), l.MinTailSamples)
}

func drop(s string) string {
	if s == "off" {
		return s
	}
	return "-" + s
}

func points(p Percent) string {
	if !p.Enabled() {
		return "off"
	}
	return strconv.FormatFloat(float64(p), 'f', -1, 64) + "pp"
}
