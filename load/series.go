package load

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/authprobe/authprobe/results"
)

// series builds the per-second time series of a run. A hit belongs to the
// second of its intended send time, counting seconds as (k, k+1]. Counts
// and the maximum are exact for every second; p50 and p99 come from a
// per-second histogram kept open for a window of recent seconds (the
// timeout plus a margin, since no answer comes later than that after its
// hit was sent) and then folded into its point, so memory stays constant
// however long the run. A hit arriving after its second was folded (only
// possible when the attacker lagged its schedule by more than the window)
// still counts in Requests, Successes and Max.
type series struct {
	points  []results.SeriesPoint
	fixed   bool // the length is known: clamp late seconds into the last point
	slots   []slot
	keepHDR bool
	err     error // first encoding error, reported by the run
}

type slot struct {
	sec  int // -1 when free
	hist *hdr.Histogram
}

// newSeries returns a series of n seconds (0: growing as hits come) whose
// open window covers timeout.
func newSeries(n int, timeout time.Duration, keepHDR bool) *series {
	w := int(timeout/time.Second) + 4
	if w > 64 {
		w = 64
	}
	s := &series{fixed: n > 0, keepHDR: keepHDR, slots: make([]slot, w)}
	if n > 0 {
		s.points = make([]results.SeriesPoint, n)
		for i := range s.points {
			s.points[i].Second = i
		}
	}
	for i := range s.slots {
		s.slots[i].sec = -1
	}
	return s
}

// secondOf returns the series second of an intended offset: (k, k+1] is
// second k, and offset 0 is second 0.
func secondOf(offset time.Duration) int {
	if offset <= 0 {
		return 0
	}
	return int((offset - 1) / time.Second)
}

// add records one hit in second sec.
func (s *series) add(sec int, latency time.Duration, success bool) {
	if sec < 0 {
		sec = 0
	}
	if s.fixed && sec >= len(s.points) {
		sec = len(s.points) - 1
	}
	for len(s.points) <= sec {
		s.points = append(s.points, results.SeriesPoint{Second: len(s.points)})
	}
	p := &s.points[sec]
	p.Requests++
	if success {
		p.Successes++
	}
	if v := ms(micros(latency)); v > p.Max {
		p.Max = v
	}
	sl := &s.slots[sec%len(s.slots)]
	switch {
	case sl.sec == sec:
	case sl.sec > sec:
		return // folded already: counted above, not in the percentiles
	default:
		s.fold(sl)
		sl.sec = sec
	}
	if sl.hist == nil {
		sl.hist = newSeriesHist()
	}
	record(sl.hist, latency)
}

// fold writes an open second's percentiles into its point and frees the
// slot.
func (s *series) fold(sl *slot) {
	if sl.sec < 0 || sl.hist == nil {
		sl.sec = -1
		return
	}
	p := &s.points[sl.sec]
	if sl.hist.TotalCount() > 0 {
		q := sl.hist.ValueAtPercentilesSlice([]float64{50, 99})
		// a bucket's highest equivalent value may pass the exact maximum
		p.P50, p.P99 = min(ms(q[0]), p.Max), min(ms(q[1]), p.Max)
		if s.keepHDR {
			enc, err := encode(sl.hist)
			if err != nil && s.err == nil {
				s.err = err
			}
			p.HDR = enc
		}
	}
	sl.hist.Reset()
	sl.sec = -1
}

// finish folds every open second and returns the points, cut after the
// last second that saw a hit when the run was interrupted.
func (s *series) finish(interrupted bool) []results.SeriesPoint {
	for i := range s.slots {
		s.fold(&s.slots[i])
	}
	if interrupted {
		last := -1
		for i, p := range s.points {
			if p.Requests > 0 {
				last = i
			}
		}
		s.points = s.points[:last+1]
	}
	return s.points
}
