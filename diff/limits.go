package diff

import (
	"fmt"
	"strconv"
	"strings"
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

// Limits are how far a new run may fall behind its base before Compare
// calls it a regression.
type Limits struct {
	// P50Regression, P95Regression and P99Regression are the largest
	// allowed latency increases, in percent of the base.
	P50Regression Percent
	P95Regression Percent
	P99Regression Percent
	// ThroughputDrop is the largest allowed drop of tokens per second,
	// achieved rate and (capacity runs) max held rate, in percent.
	ThroughputDrop Percent
	// SuccessRatioDrop is the largest allowed drop of the success ratio, in
	// percentage points (99.9% → 99.7% is a 0.2-point drop).
	SuccessRatioDrop Percent
}

// DefaultLimits: 10% latency at p50, p95 and p99, 10% throughput, 0.1
// percentage points of success ratio.
func DefaultLimits() Limits {
	return Limits{P50Regression: 10, P95Regression: 10, P99Regression: 10, ThroughputDrop: 10, SuccessRatioDrop: 0.1}
}

// limitNames maps the names ParseLimits and Set accept to fields.
func (l *Limits) field(name string) (*Percent, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "p50":
		return &l.P50Regression, true
	case "p95":
		return &l.P95Regression, true
	case "p99":
		return &l.P99Regression, true
	case "throughput", "tokens", "rate":
		return &l.ThroughputDrop, true
	case "success", "success_ratio":
		return &l.SuccessRatioDrop, true
	}
	return nil, false
}

// Set changes one limit by name: p50, p95, p99, throughput or success.
func (l *Limits) Set(name, value string) error {
	f, ok := l.field(name)
	if !ok {
		return fmt.Errorf("unknown limit %q (known: p50, p95, p99, throughput, success)", name)
	}
	v, err := ParsePercent(value)
	if err != nil {
		return fmt.Errorf("limit %s: %w", name, err)
	}
	*f = v
	return nil
}

// ParseLimits reads "p99=15%,throughput=5%,success=0.5pp" on top of the
// defaults; "" gives the defaults.
func ParseLimits(s string) (Limits, error) {
	l := DefaultLimits()
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return l, fmt.Errorf("bad limit %q (want name=value, e.g. p99=15%%)", part)
		}
		if err := l.Set(name, value); err != nil {
			return l, err
		}
	}
	return l, nil
}

// String prints the limits in the form ParseLimits reads.
func (l Limits) String() string {
	return fmt.Sprintf("p50=%s,p95=%s,p99=%s,throughput=%s,success=%s",
		l.P50Regression, l.P95Regression, l.P99Regression, l.ThroughputDrop, points(l.SuccessRatioDrop))
}

func points(p Percent) string {
	if !p.Enabled() {
		return "off"
	}
	return strconv.FormatFloat(float64(p), 'f', -1, 64) + "pp"
}
