package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

// Threshold is one parsed SLO gate, e.g. "p99<250ms" or "success>=99.9%".
type Threshold struct {
	// Expr is the expression as written.
	Expr string
	// Metric is p50, p90, p95, p99, p999, max, mean, success,
	// tokens_per_s, rate or errors.
	Metric string
	// Op is <, <=, > or >=.
	Op string
	// Value is the bound in the metric's unit (ms, %, /s, a count; for
	// rate written as a percentage, a fraction of the requested rate).
	Value float64
	// Unit is the unit of Value and of the measured value: "ms", "%",
	// "/s", or "" for a count.
	Unit string
	// relative is set for "rate>=95%": Value is a percentage of the
	// requested rate.
	relative bool
}

// Threshold metrics.
var latencyMetrics = map[string]func(results.Latency) float64{
	"p50":  func(l results.Latency) float64 { return l.P50 },
	"p90":  func(l results.Latency) float64 { return l.P90 },
	"p95":  func(l results.Latency) float64 { return l.P95 },
	"p99":  func(l results.Latency) float64 { return l.P99 },
	"p999": func(l results.Latency) float64 { return l.P999 },
	"max":  func(l results.Latency) float64 { return l.Max },
	"mean": func(l results.Latency) float64 { return l.Mean },
}

const knownMetrics = "p50, p90, p95, p99, p999, max, mean (durations), success (%), tokens_per_s, rate (/s) or errors (a count)"

// ParseThreshold reads one gate: a metric, a comparison (<, <=, >, >=) and
// a bound. Durations take a unit ("250ms", "1s"); success takes a
// percentage ("99.9%"); tokens_per_s and rate take a rate ("500", "500/s",
// "30000/m"), and rate also a percentage of the requested rate ("95%");
// errors takes a count. Errors name the expression and what is wrong.
func ParseThreshold(expr string) (Threshold, error) {
	s := strings.TrimSpace(expr)
	bad := func(format string, args ...any) (Threshold, error) {
		return Threshold{}, fmt.Errorf("threshold %q: %s", expr, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return bad("empty expression (want e.g. p99<250ms or success>=99.9%%)")
	}
	i := strings.IndexAny(s, "<>=!")
	if i < 0 {
		return bad("no comparison: want <, <=, > or >= between a metric and a bound, e.g. p99<250ms")
	}
	metric := strings.ToLower(strings.TrimSpace(s[:i]))
	rest := s[i:]
	var op string
	switch {
	case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, ">="):
		op = rest[:2]
	case strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, ">"):
		op = rest[:1]
	default:
		return bad("unsupported comparison %q: want <, <=, > or >=", strings.TrimRight(rest[:min(2, len(rest))], " "))
	}
	value := strings.TrimSpace(rest[len(op):])
	if metric == "" {
		return bad("no metric before %q (known: %s)", op, knownMetrics)
	}
	if value == "" {
		return bad("no bound after %q", op)
	}
	if metric == "p99.9" {
		metric = "p999"
	}
	t := Threshold{Expr: expr, Metric: metric, Op: op}
	switch {
	case latencyMetrics[metric] != nil:
		d, err := time.ParseDuration(value)
		if err != nil {
			return bad("bad duration %q for %s: want a number with a unit, e.g. 250ms or 1s", value, metric)
		}
		if d < 0 {
			return bad("negative duration %q", value)
		}
		t.Value, t.Unit = float64(d)/float64(time.Millisecond), "ms"
	case metric == "success":
		v, ok := percent(value)
		if !ok {
			return bad("success takes a percentage between 0%% and 100%%, e.g. 99.9%%; got %q", value)
		}
		t.Value, t.Unit = v, "%"
	case metric == "tokens_per_s" || metric == "rate":
		t.Unit = "/s"
		if metric == "rate" && strings.HasSuffix(value, "%") {
			v, ok := percent(value)
			if !ok {
				return bad("rate as a percentage of the requested rate must be between 0%% and 100%%, e.g. 95%%; got %q", value)
			}
			t.Value, t.Unit, t.relative = v, "%", true
			break
		}
		r, err := ParseRate(value)
		if err != nil {
			return bad("%s takes a rate such as 500/s: %v", metric, err)
		}
		t.Value = r.PerSecond()
	case metric == "errors":
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return bad("errors takes a whole count, e.g. errors<=10; got %q", value)
		}
		t.Value, t.Unit = float64(n), ""
	default:
		return bad("unknown metric %q (known: %s)", metric, knownMetrics)
	}
	return t, nil
}

// percent reads "99.9%" as 99.9.
func percent(s string) (float64, bool) {
	if !strings.HasSuffix(s, "%") {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || v < 0 || v > 100 || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// ParseThresholds parses every expression; the error lists every bad one.
func ParseThresholds(exprs []string) ([]Threshold, error) {
	out := make([]Threshold, 0, len(exprs))
	var errs []string
	for _, e := range exprs {
		t, err := ParseThreshold(e)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return out, nil
}

// measure returns the measured value of t's metric in t's unit.
func (t Threshold) measure(s summary) float64 {
	if f := latencyMetrics[t.Metric]; f != nil {
		return f(s.Latency)
	}
	switch t.Metric {
	case "success":
		return s.SuccessRatio * 100
	case "tokens_per_s":
		return s.TokensPerSec
	case "rate":
		if t.relative {
			if s.RequestedRate <= 0 {
				return 0
			}
			return s.AchievedRate / s.RequestedRate * 100
		}
		return s.AchievedRate
	case "errors":
		return float64(s.Errors)
	}
	return math.NaN()
}

// evaluate judges t against s.
func (t Threshold) evaluate(s summary) results.ThresholdResult {
	v := round3(t.measure(s)) // judge what is shown
	var ok bool
	switch t.Op {
	case "<":
		ok = v < t.Value
	case "<=":
		ok = v <= t.Value
	case ">":
		ok = v > t.Value
	case ">=":
		ok = v >= t.Value
	}
	return results.ThresholdResult{Expr: t.Expr, Measured: v, Unit: t.Unit, Passed: ok}
}

// evaluateAll judges every threshold; passed is false when one fails.
func evaluateAll(ts []Threshold, s summary) (out []results.ThresholdResult, passed bool, broken string) {
	passed = true
	for _, t := range ts {
		r := t.evaluate(s)
		out = append(out, r)
		if !r.Passed && passed {
			passed = false
			broken = fmt.Sprintf("%s (measured %g%s)", t.Expr, r.Measured, r.Unit)
		}
	}
	return out, passed, broken
}

// round3 keeps three decimals, enough for milliseconds and percentages.
func round3(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	return math.Round(v*1000) / 1000
}
