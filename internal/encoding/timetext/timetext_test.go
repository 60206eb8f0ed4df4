package timetext

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAppendDateTimeMatchesFormat: every fraction width prints as
// time.Format prints the matching layout, for random instants, zones and
// years outside 0–9999.
func TestAppendDateTimeMatchesFormat(t *testing.T) {
	times := []time.Time{
		time.Date(2018, 10, 16, 14, 24, 46, 883878799, time.UTC),
		time.Date(2018, 10, 16, 14, 24, 46, 999999999, time.FixedZone("x", 3600)),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 5, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 5, time.UTC),
		time.Now(),
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 20000; i++ {
		times = append(times, time.Unix(rng.Int64N(1<<35), rng.Int64N(1e9)))
	}
	for _, tm := range times {
		for digits := 0; digits <= 9; digits++ {
			layout := "2006-01-02 15:04:05"
			if digits > 0 {
				layout += "." + "000000000"[:digits]
			}
			want := tm.UTC().Format(layout)
			if got := string(AppendDateTime(nil, tm, digits)); got != want {
				t.Fatalf("AppendDateTime(%v, %d) = %q, want %q", tm, digits, got, want)
			}
		}
	}
}

// TestAppendDateTimeWithinOneSecond prints many instants of a few seconds,
// in several zones, so that the text of the second last printed is reused
// (and replaced) many times; each must print as time.Format does.
func TestAppendDateTimeWithinOneSecond(t *testing.T) {
	base := time.Date(2026, 12, 31, 23, 59, 58, 0, time.UTC)
	zones := []*time.Location{time.UTC, time.FixedZone("east", 5*3600+1800), time.FixedZone("west", -8*3600)}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 20000; i++ {
		tm := base.Add(time.Duration(rng.Int64N(int64(3 * time.Second)))).In(zones[rng.IntN(len(zones))])
		digits := rng.IntN(10)
		layout := "2006-01-02 15:04:05"
		if digits > 0 {
			layout += "." + "000000000"[:digits]
		}
		if got, want := string(AppendDateTime(nil, tm, digits)), tm.UTC().Format(layout); got != want {
			t.Fatalf("AppendDateTime(%v, %d) = %q, want %q", tm, digits, got, want)
		}
	}
}
