package reports

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// humanDuration is how every duration reads in the HTML report: the unit
// a person would say and few digits ("850 µs", "1.2 ms", "41.2 ms",
// "263 ms", "3.0 s", "2 min 15 s", "1 h 5 min"), never Go's "1.196263ms".
// Below 100 of a unit one decimal is kept, from 100 none; seconds always
// keep one decimal below a minute; minutes and hours are whole.
func humanDuration(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++
		}
		return "-" + humanDuration(-d)
	}
	switch {
	case d == 0:
		return "0 s"
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + " ns"
	}
	ns := float64(d)
	for _, u := range []struct {
		scale float64
		name  string
	}{{1e3, "µs"}, {1e6, "ms"}} {
		if s, r := fewDigits(ns / u.scale); r < 1000 {
			return s + " " + u.name
		}
	}
	if s := math.Round(ns/1e8) / 10; s < 60 {
		return strconv.FormatFloat(s, 'f', 1, 64) + " s"
	}
	if secs := int64(math.Round(ns / 1e9)); secs < 3600 {
		return pair(secs/60, "min", secs%60, "s")
	}
	mins := int64(math.Round(ns / 6e10))
	return pair(mins/60, "h", mins%60, "min")
}

// humanMs is humanDuration of a number of milliseconds (as the results
// model holds latencies); "–" when the number is not finite.
func humanMs(ms float64) string {
	if math.IsNaN(ms) || math.IsInf(ms, 0) || math.Abs(ms) > float64(math.MaxInt64)/1e6 {
		return "–"
	}
	return humanDuration(time.Duration(math.Round(ms * 1e6)))
}

// fewDigits formats v with one decimal below 100 and none from 100, and
// returns the rounded value it shows.
func fewDigits(v float64) (string, float64) {
	if r := math.Round(v*10) / 10; r < 100 {
		return strconv.FormatFloat(r, 'f', 1, 64), r
	}
	r := math.Round(v)
	return strconv.FormatFloat(r, 'f', 0, 64), r
}

// pair formats "2 min 15 s", leaving out a zero second part ("2 min").
func pair(a int64, ua string, b int64, ub string) string {
	if b == 0 {
		return fmt.Sprintf("%d %s", a, ua)
	}
	return fmt.Sprintf("%d %s %d %s", a, ua, b, ub)
}
