package irp

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestParseTimestampMatchesTimeParse: the hot-path reader accepts and
// refuses exactly what time.Parse does, on edges (leap days, 24:00:00,
// second 60, month 13, day 0) and on random digit strings.
func TestParseTimestampMatchesTimeParse(t *testing.T) {
	inputs := []string{
		"2018-10-01 15:10:54", "2024-02-29 00:00:00", "2023-02-29 00:00:00", "1900-02-29 12:00:00",
		"2000-02-29 12:00:00", "2018-04-31 10:00:00", "2018-12-31 23:59:59", "2018-12-31 24:00:00",
		"2018-12-31 23:60:00", "2018-12-31 23:59:60", "2018-13-01 00:00:00", "2018-00-01 00:00:00",
		"2018-01-00 00:00:00", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d",
			rng.IntN(10000), rng.IntN(14), rng.IntN(33), rng.IntN(26), rng.IntN(62), rng.IntN(62)))
	}
	for _, in := range inputs {
		want, err := time.Parse(timestampLayout, in)
		got, ok := parseTimestamp(in)
		if ok != (err == nil) || (ok && !got.Equal(want)) {
			t.Fatalf("parseTimestamp(%q) = %v, %v; time.Parse: %v, %v", in, got, ok, want, err)
		}
	}
}

// TestAppendTimeMatchesFormat: the answer's time prints as time.Format
// prints it, in both layouts, fractions truncated.
func TestAppendTimeMatchesFormat(t *testing.T) {
	times := []time.Time{
		time.Date(2018, 10, 16, 14, 24, 46, 883878799, time.UTC),
		time.Date(2018, 10, 16, 14, 24, 46, 999999999, time.FixedZone("x", 3600)),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 5, time.UTC),
		time.Now(),
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 20000; i++ {
		times = append(times, time.Unix(rng.Int64N(1<<35), rng.Int64N(1e9)))
	}
	for _, tm := range times {
		for _, layout := range []string{serverTimeLayout, dialectTimeLayout} {
			want := tm.UTC().Format(layout)
			if got := string(appendTime(nil, tm, layout)); got != want {
				t.Fatalf("appendTime(%v, %q) = %q, want %q", tm, layout, got, want)
			}
		}
	}
}
