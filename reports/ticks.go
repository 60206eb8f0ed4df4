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

// durationUnit is the unit a duration tick of ms milliseconds is read in:
// its name and its size in milliseconds.
func durationUnit(ms float64) (string, float64) {
	switch a := math.Abs(ms); {
	case a < 1:
		return "µs", 1e-3
	case a < 1000:
		return "ms", 1
	}
	return "s", 1000
}

// durationTickLabel labels a duration tick (ms) in the unit a person
// would say ("500 µs", "1.5 ms", "2 s"), with as many decimals as step (ms,
// the distance to the neighbouring ticks) needs in that unit: distinct
// ticks never share a label.
func durationTickLabel(ms, step float64) string {
	if ms == 0 {
		return "0"
	}
	unit, size := durationUnit(ms)
	d := 0
	if s := step / size; s > 0 && s < 1 {
		d = decimals(s)
	}
	return num(ms/size, d) + " " + unit
}

// logTicks returns round tick values (ms) inside [lo, hi] for a
// logarithmic axis, each with the step its label needs: 1, 2 and 5 times
// the powers of ten when the range spans a decade or more (only the powers
// of ten when those are too many), else the round linear ticks of the
// range.
func logTicks(lo, hi float64) (ticks, steps []float64) {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil, nil
	}
	if hi/lo >= 10 {
		for _, mult := range [][]float64{{1, 2, 5}, {1}} {
			ticks, steps = ticks[:0], steps[:0]
			for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
				p := math.Pow(10, e)
				for _, m := range mult {
					if v := roundTo(m*p, p); v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
						ticks, steps = append(ticks, v), append(steps, p)
					}
				}
			}
			if len(ticks) <= 10 {
				break
			}
		}
		return ticks, steps
	}
	for _, n := range []int{5, 8, 12} {
		all, _, _ := niceTicks(lo, hi, n)
		ticks, steps = ticks[:0], steps[:0]
		step := tickStep(all)
		for _, v := range all {
			if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
				ticks, steps = append(ticks, v), append(steps, step)
			}
		}
		if len(ticks) >= 3 {
			break
		}
	}
	return ticks, steps
}

// durationTicks returns round ticks (ms) from 0 covering hi ms for a
// linear duration axis, round in the unit the axis reads in (250 µs
// steps, not 0.25 ms ones), and the axis maximum.
func durationTicks(hi float64) (ticks []float64, max float64) {
	_, size := durationUnit(hi)
	t, _, mx := niceTicks(0, hi/size, 6)
	for _, v := range t {
		ticks = append(ticks, roundTo(v*size, tickStep(t)*size))
	}
	return ticks, mx * size
}
