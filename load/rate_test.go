package load

import (
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	good := []struct {
		in   string
		want Rate
		per  float64
	}{
		{"200/s", Rate{200, time.Second}, 200},
		{"12000/m", Rate{12000, time.Minute}, 200},
		{"90/h", Rate{90, time.Hour}, 0.025},
		{"5/10s", Rate{5, 10 * time.Second}, 0.5},
		{" 300 ", Rate{300, time.Second}, 300},
		{"2.5/s", Rate{2500, 1000 * time.Second}, 2.5},
		{"1/500ms", Rate{1, 500 * time.Millisecond}, 2},
	}
	for _, c := range good {
		r, err := ParseRate(c.in)
		if err != nil {
			t.Errorf("ParseRate(%q): %v", c.in, err)
			continue
		}
		if r != c.want || r.PerSecond() != c.per {
			t.Errorf("ParseRate(%q) = %+v (%v/s), want %+v (%v/s)", c.in, r, r.PerSecond(), c.want, c.per)
		}
	}
	bad := map[string]string{
		"":             "empty rate",
		"abc/s":        "not a positive number",
		"-5/s":         "not a positive number",
		"0/s":          "not a positive number",
		"10/fortnight": "unknown unit",
		"10/-1s":       "unknown unit",
	}
	for in, want := range bad {
		if _, err := ParseRate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRate(%q) error = %v, want one containing %q", in, err, want)
		}
	}
	if s := (Rate{12000, time.Minute}).String(); s != "12000/m" {
		t.Errorf("String = %q", s)
	}
	if got := (Rate{200, time.Second}).share(4).PerSecond(); got != 50 {
		t.Errorf("share(4) of 200/s = %v/s, want 50", got)
	}
}

// simulate runs an ideal attacker loop over a vegeta pacer: it waits what
// the pacer says and records when each hit goes out.
func simulate(p pacing, n int) []time.Duration {
	var elapsed time.Duration
	out := make([]time.Duration, n)
	for i := range out {
		wait, stop := p.pacer.Pace(elapsed, uint64(i))
		if stop {
			return out[:i]
		}
		if wait > 0 {
			elapsed += wait
		}
		out[i] = elapsed
	}
	return out
}

// The schedule used to correct for coordinated omission must be the one
// vegeta's pacers actually follow.
func TestScheduleMatchesVegetaPacers(t *testing.T) {
	cases := []struct {
		name string
		p    pacing
		tol  time.Duration
	}{
		{"constant 200/s", constantPacing(Rate{200, time.Second}), 0},
		{"constant 12000/m", constantPacing(Rate{12000, time.Minute}), 0},
		{"constant 7/s", constantPacing(Rate{7, time.Second}), 0},
		{"constant 2.5/s", constantPacing(perSecond(2.5)), 0},
		{"ramp 10->1000/s over 10s", linearPacing(Rate{10, time.Second}, Rate{1000, time.Second}, 10*time.Second), 0},
		{"ramp 500->50/s over 5s", linearPacing(Rate{500, time.Second}, Rate{50, time.Second}, 5*time.Second), 0},
		{"flat ramp 100/s", linearPacing(Rate{100, time.Second}, Rate{100, time.Second}, 5*time.Second), 0},
	}
	for _, c := range cases {
		sent := simulate(c.p, 2000)
		for i, s := range sent {
			want := c.p.at(uint64(i))
			if d := (s - want).Abs(); d > c.tol {
				t.Errorf("%s: hit %d sent at %v, schedule says %v (off by %v)", c.name, i, s, want, d)
				break
			}
		}
	}
}

// A ramp's mean rate is the midpoint of its ends, and its schedule covers
// the planned number of hits within the duration.
func TestRampPlannedHits(t *testing.T) {
	p := linearPacing(Rate{100, time.Second}, Rate{300, time.Second}, 10*time.Second)
	if p.rate != 200 {
		t.Errorf("mean rate = %v, want 200", p.rate)
	}
	// 2000 hits over 10s: hit 1999 is meant to go out at about 10s.
	if at := p.at(1999); (at - 10*time.Second).Abs() > time.Millisecond {
		t.Errorf("hit 1999 scheduled at %v, want about 10s", at)
	}
	// Answers come back out of order: an earlier hit's time is remembered.
	if a, b := p.at(10), p.at(1999); a >= b || a <= 0 {
		t.Errorf("at(10) = %v after at(1999) = %v", a, b)
	}
}
