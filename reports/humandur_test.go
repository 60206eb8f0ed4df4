package reports

import (
	"math"
	"testing"
	"time"
)

func TestHumanDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{500 * time.Nanosecond, "500 ns"},
		{time.Microsecond, "1.0 µs"},
		{12500 * time.Nanosecond, "12.5 µs"},
		{850 * time.Microsecond, "850 µs"},
		{999960 * time.Nanosecond, "1.0 ms"}, // rounds up into the next unit
		{1196263 * time.Nanosecond, "1.2 ms"},
		{41200 * time.Microsecond, "41.2 ms"},
		{99960 * time.Microsecond, "100 ms"},
		{262900 * time.Microsecond, "263 ms"},
		{999600 * time.Microsecond, "1.0 s"},
		{3 * time.Second, "3.0 s"},
		{12340 * time.Millisecond, "12.3 s"},
		{59960 * time.Millisecond, "1 min"},
		{2*time.Minute + 15*time.Second, "2 min 15 s"},
		{2*time.Minute + 13*time.Second + 400*time.Millisecond, "2 min 13 s"},
		{time.Hour + 5*time.Minute + 20*time.Second, "1 h 5 min"},
		{26 * time.Hour, "26 h"},
		{-1500 * time.Microsecond, "-1.5 ms"},
		{math.MinInt64, "-2562047 h 47 min"},
	} {
		if got := humanDuration(c.d); got != c.want {
			t.Errorf("humanDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestHumanMs(t *testing.T) {
	for _, c := range []struct {
		ms   float64
		want string
	}{{1.196263, "1.2 ms"}, {0.05, "50.0 µs"}, {1500, "1.5 s"}, {262.9, "263 ms"}, {math.NaN(), "–"}, {math.Inf(1), "–"}, {1e300, "–"}} {
		if got := humanMs(c.ms); got != c.want {
			t.Errorf("humanMs(%v) = %q, want %q", c.ms, got, c.want)
		}
	}
}
