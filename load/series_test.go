package load

import (
	"testing"
	"time"
)

func TestSecondOf(t *testing.T) {
	cases := map[time.Duration]int{
		0:                               0,
		time.Millisecond:                0,
		time.Second:                     0,
		time.Second + time.Nanosecond:   1,
		2 * time.Second:                 1,
		2*time.Second + time.Nanosecond: 2,
	}
	for off, want := range cases {
		if got := secondOf(off); got != want {
			t.Errorf("secondOf(%v) = %d, want %d", off, got, want)
		}
	}
}

func TestSeriesPerSecond(t *testing.T) {
	s := newSeries(3, time.Second, true)
	for sec := 0; sec < 3; sec++ {
		for i := 1; i <= 100; i++ {
			s.add(sec, time.Duration((sec+1)*i)*time.Millisecond, i%10 != 0)
		}
	}
	s.add(7, time.Second, true) // past the end: clamped into the last second
	pts := s.finish(false)
	if len(pts) != 3 {
		t.Fatalf("%d points, want 3", len(pts))
	}
	for sec, p := range pts {
		wantReq := uint64(100)
		if sec == 2 {
			wantReq = 101
		}
		if p.Second != sec || p.Requests != wantReq || p.HDR == "" {
			t.Errorf("second %d: %+v", sec, p)
		}
		k := float64(sec + 1)
		if p.P50 < 50*k*0.98 || p.P50 > 51*k*1.02 || p.P99 < 99*k*0.98 || p.P99 > 101*k*1.02 {
			t.Errorf("second %d: p50 %v p99 %v, want about %v and %v", sec, p.P50, p.P99, 50*k, 99*k)
		}
	}
	if pts[0].Successes != 90 || pts[0].Max != 100 || pts[2].Max != 1000 {
		t.Errorf("second 0 successes %d max %v, second 2 max %v", pts[0].Successes, pts[0].Max, pts[2].Max)
	}
}

// A hit arriving after its second left the window still counts, but not
// in that second's percentiles; memory stays the window's.
func TestSeriesLateArrival(t *testing.T) {
	s := newSeries(0, time.Second, false) // window: 5 seconds
	s.add(0, 10*time.Millisecond, true)
	for sec := 1; sec < 20; sec++ {
		s.add(sec, 10*time.Millisecond, true)
	}
	s.add(0, 5*time.Second, true) // very late
	pts := s.finish(false)
	if len(pts) != 20 || len(s.slots) != 5 {
		t.Fatalf("%d points, %d slots", len(pts), len(s.slots))
	}
	if pts[0].Requests != 2 || pts[0].Max != 5000 || pts[0].P99 > 11 {
		t.Errorf("second 0: %+v: the late hit counts and sets max, but p99 was folded before it came", pts[0])
	}
}

func TestSeriesInterruptedIsCut(t *testing.T) {
	s := newSeries(10, time.Second, false)
	s.add(0, time.Millisecond, true)
	s.add(2, time.Millisecond, true)
	if pts := s.finish(true); len(pts) != 3 {
		t.Errorf("interrupted series has %d points, want 3 (up to the last second with hits)", len(pts))
	}
}
