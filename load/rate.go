package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Rate is a request rate: Freq hits every Per, as vegeta's ConstantPacer
// counts them. The zero value is no rate.
type Rate struct {
	Freq int
	Per  time.Duration
}

// PerSecond returns the rate in hits per second.
func (r Rate) PerSecond() float64 {
	if r.Freq <= 0 || r.Per <= 0 {
		return 0
	}
	return float64(r.Freq) / r.Per.Seconds()
}

// IsZero reports whether no rate is set.
func (r Rate) IsZero() bool { return r.Freq == 0 || r.Per == 0 }

// String prints the rate as it is written in a configuration: "200/s",
// "12000/m", "5/10s".
func (r Rate) String() string {
	if r.IsZero() {
		return "0/s"
	}
	switch r.Per {
	case time.Second:
		return strconv.Itoa(r.Freq) + "/s"
	case time.Minute:
		return strconv.Itoa(r.Freq) + "/m"
	case time.Hour:
		return strconv.Itoa(r.Freq) + "/h"
	}
	return strconv.Itoa(r.Freq) + "/" + r.Per.String()
}

// perSecond builds the Rate closest to v hits per second, keeping three
// decimals of a fractional rate (2.5/s is 2500 hits per 1000s).
func perSecond(v float64) Rate {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return Rate{}
	}
	if v == math.Trunc(v) && v < math.MaxInt32 {
		return Rate{Freq: int(v), Per: time.Second}
	}
	return Rate{Freq: int(math.Round(v * 1000)), Per: 1000 * time.Second}
}

// ParseRate reads a rate: a count, a slash and a unit or a duration —
// "200/s", "12000/m", "90/h", "5/10s", "2.5/s". A bare number is per
// second.
func ParseRate(s string) (Rate, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return Rate{}, fmt.Errorf("empty rate (want e.g. 200/s or 12000/m)")
	}
	num, unit, hasUnit := strings.Cut(raw, "/")
	num, unit = strings.TrimSpace(num), strings.TrimSpace(unit)
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return Rate{}, fmt.Errorf("bad rate %q: %q is not a positive number (want e.g. 200/s or 12000/m)", s, num)
	}
	per := time.Second
	if hasUnit {
		switch unit {
		case "s", "sec", "second":
		case "m", "min", "minute":
			per = time.Minute
		case "h", "hour":
			per = time.Hour
		default:
			d, err := time.ParseDuration(unit)
			if err != nil || d <= 0 {
				return Rate{}, fmt.Errorf("bad rate %q: unknown unit %q (want s, m, h or a duration such as 10s)", s, unit)
			}
			per = d
		}
	}
	if v == math.Trunc(v) && v <= math.MaxInt32 {
		return Rate{Freq: int(v), Per: per}, nil
	}
	// Fractional: keep three decimals.
	r := perSecond(v / per.Seconds())
	if r.IsZero() {
		return Rate{}, fmt.Errorf("bad rate %q: too small", s)
	}
	return r, nil
}

// share returns this rate divided among n shards.
func (r Rate) share(n int) Rate {
	if n <= 1 {
		return r
	}
	return Rate{Freq: r.Freq, Per: r.Per * time.Duration(n)}
}

// interval is the time between two hits of r as vegeta's ConstantPacer
// counts it: Per/Freq in whole nanoseconds.
func (r Rate) interval() time.Duration {
	return time.Duration(r.Per.Nanoseconds() / int64(r.Freq))
}

// RateMax is the rate of max mode ("--rate max"): unpaced.
const RateMax = "max"

// pacing is a vegeta pacer together with the schedule it follows: when,
// counted from the attack's start, hit number seq is meant to be sent.
// Latencies are measured from that intended instant so that a stalled
// target cannot hide behind coordinated omission.
type pacing struct {
	pacer vegeta.Pacer
	// at returns the intended send offset of hit seq; nil for a closed
	// model, where a hit is intended when it is sent.
	at func(seq uint64) time.Duration
	// rate is the mean requested rate in hits per second.
	rate float64
}

// constantPacing paces r with vegeta's ConstantPacer, which sends hit n
// at (n+1) intervals, the interval being Per/Freq in whole nanoseconds.
func constantPacing(r Rate) pacing {
	p := vegeta.ConstantPacer{Freq: r.Freq, Per: r.Per}
	interval := r.interval()
	return pacing{
		pacer: p,
		at:    func(seq uint64) time.Duration { return time.Duration(seq+1) * interval },
		rate:  r.PerSecond(),
	}
}

// scheduled returns how many hits constantPacing(r) schedules within du:
// hit n at (n+1) intervals.
func scheduled(r Rate, du time.Duration) uint64 {
	interval := r.interval()
	if interval <= 0 || du <= 0 {
		return 0
	}
	return uint64(du / interval)
}

// maxPacing sends unpaced: vegeta's zero ConstantPacer is an infinite
// rate, so each worker sends its next hit as soon as its last is answered.
func maxPacing() pacing {
	return pacing{pacer: vegeta.ConstantPacer{}}
}

// upTo ends p's attack after n hits (n = 0: no bound); the schedule is
// p's own.
func upTo(p pacing, n uint64) pacing {
	if n > 0 {
		p.pacer = hitsBound{Pacer: p.pacer, n: n}
	}
	return p
}

// hitsBound stops a pacer after n hits.
type hitsBound struct {
	vegeta.Pacer
	n uint64
}

// Pace implements vegeta.Pacer.
func (b hitsBound) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits >= b.n {
		return 0, true
	}
	return b.Pacer.Pace(elapsed, hits)
}

// linearPacing ramps from one rate to another over du with vegeta's
// LinearPacer. Its hit count after t seconds is H(t) = slope·t²/2 +
// from·t; it sends hit 0 at once and then steps by the instantaneous rate,
// so its schedule is that stepping replayed (see replay), which is close
// to H⁻¹(n+1) but not equal to it where the rate changes fast.
func linearPacing(from, to Rate, du time.Duration) pacing {
	b := from.PerSecond()
	slope := (to.PerSecond() - b) / du.Seconds()
	p := vegeta.LinearPacer{StartAt: vegeta.Rate{Freq: from.Freq, Per: from.Per}, Slope: slope}
	r := newReplay(p, func(seq uint64) time.Duration {
		if seq == 0 {
			return 0
		}
		return secondsToDuration(inverseRamp(float64(seq+1), b, slope))
	})
	return pacing{pacer: p, at: r.at, rate: (b + to.PerSecond()) / 2}
}

// replayWindow is how many past hits a replayed schedule remembers: more
// than the default bound on in-flight hits (DefaultMaxWorkers), since
// answers arrive out of order by at most that many.
const replayWindow = 1 << 14

// replay computes a pacer's schedule by running it as an ideal attacker
// would, never late: hit n is sent at t(n-1) plus what Pace says at
// t(n-1). It advances lazily as answers ask for later hits and remembers a
// window of recent hits; an answer older than the window (impossible
// while in-flight hits stay under the window) gets the closed form.
// It is used by one goroutine.
type replay struct {
	pacer    vegeta.Pacer
	fallback func(uint64) time.Duration
	cur      uint64
	t        time.Duration
	ring     []time.Duration
}

func newReplay(p vegeta.Pacer, fallback func(uint64) time.Duration) *replay {
	r := &replay{pacer: p, fallback: fallback, ring: make([]time.Duration, replayWindow)}
	if w, _ := p.Pace(0, 0); w > 0 {
		r.t = w
	}
	r.ring[0] = r.t
	return r
}

func (r *replay) at(seq uint64) time.Duration {
	for r.cur < seq {
		r.cur++
		if w, _ := r.pacer.Pace(r.t, r.cur); w > 0 {
			r.t += w
		}
		r.ring[r.cur%replayWindow] = r.t
	}
	if r.cur-seq < replayWindow {
		return r.ring[seq%replayWindow]
	}
	return r.fallback(seq)
}

// inverseRamp solves slope·t²/2 + b·t = h for t ≥ 0, in the form that stays
// exact when slope is 0 or tiny.
func inverseRamp(h, b, slope float64) float64 {
	disc := b*b + 2*slope*h
	if disc < 0 {
		// A falling ramp that never reaches h hits: past the end.
		return math.Inf(1)
	}
	return 2 * h / (b + math.Sqrt(disc))
}

func secondsToDuration(s float64) time.Duration {
	if math.IsInf(s, 1) || s > float64(math.MaxInt64)/1e9 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s * 1e9)
}
