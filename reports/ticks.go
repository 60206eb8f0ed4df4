package reports

import (
	"math"
	"strconv"
)

// niceTicks returns about n evenly spaced round tick values (steps of 1, 2
// or 5 times a power of ten) covering [lo, hi], and the extended bounds
// that start and end on a tick.
func niceTicks(lo, hi float64, n int) (ticks []float64, min, max float64) {
	if n < 2 {
		n = 2
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)/2, hi+math.Abs(hi)/2
		}
	}
	step := niceStep((hi - lo) / float64(n-1))
	min = math.Floor(lo/step) * step
	max = math.Ceil(hi/step) * step
	for v := min; v <= max+step/2; v += step {
		ticks = append(ticks, roundTo(v, step))
	}
	return ticks, min, max
}

// niceStep rounds a raw step to the nearest 1, 2 or 5 times a power of
// ten (Heckbert's "nice numbers").
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / exp
	switch {
	case f < 1.5:
		f = 1
	case f < 3:
		f = 2
	case f < 7:
		f = 5
	default:
		f = 10
	}
	return f * exp
}

// roundTo removes floating-point noise from a multiple of step.
func roundTo(v, step float64) float64 {
	d := decimals(step)
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// decimals is how many decimals a tick label needs for the step.
func decimals(step float64) int {
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

// tickLabel formats a tick value; large values get a k or M suffix.
func tickLabel(v, step float64) string {
	switch {
	case math.Abs(v) >= 1e6 && step >= 1e5:
		return strconv.FormatFloat(v/1e6, 'f', decimals(step/1e6), 64) + "M"
	case math.Abs(v) >= 1e4 && step >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', decimals(step/1e3), 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', decimals(step), 64)
}
