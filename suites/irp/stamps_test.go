package irp

import (
	"testing"
	"time"
)

func TestStampBookTake(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.UTC)
	sec := at.Unix()
	for _, tc := range []struct {
		name  string
		used  []int64 // seconds from at's already signed
		dir   int
		limit time.Duration
		floor *int64 // from at's second; nil is no floor
		want  int64  // from at's second
		ok    bool
	}{
		{name: "at's own second first", dir: -1, limit: 3 * time.Second, want: 0, ok: true},
		{name: "earlier when used", used: []int64{0, -1}, dir: -1, limit: 3 * time.Second, want: -2, ok: true},
		{name: "later when used", used: []int64{0}, dir: 1, limit: 3 * time.Second, want: 1, ok: true},
		{name: "never past limit", used: []int64{0, -1}, dir: -1, limit: time.Second, want: 0, ok: false},
		{name: "never before the floor", used: []int64{0}, dir: -1, limit: 3 * time.Second, floor: offset(0), want: 0, ok: false},
		{name: "a floor below leaves room", used: []int64{0}, dir: -1, limit: 3 * time.Second, floor: offset(-1), want: -1, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &stampBook{used: map[string]map[int64]bool{}}
			for _, u := range tc.used {
				b.mark("k", time.Unix(sec+u, 0))
			}
			floor := int64(0)
			if tc.floor != nil {
				floor = sec + *tc.floor
			}
			got, ok := b.take("k", at, tc.dir, tc.limit, floor)
			if got.Unix() != sec+tc.want || ok != tc.ok {
				t.Fatalf("take = %+d s, %v; want %+d s, %v", got.Unix()-sec, ok, tc.want, tc.ok)
			}
			if ok {
				if _, again := b.take("k", got, 0, 0, 0); again {
					t.Fatalf("the second taken (%+d s) is not marked used", tc.want)
				}
			}
			if _, other := b.take("other", at, tc.dir, 0, 0); !other {
				t.Fatal("another key shares the seconds of k")
			}
		})
	}
}

func TestStampBookRunStart(t *testing.T) {
	b := &stampBook{used: map[string]map[int64]bool{}}
	first := time.Unix(1_000, 0)
	if got := b.runStart(first); got != 1_000 {
		t.Fatalf("runStart = %d, want the first call's second 1000", got)
	}
	if got := b.runStart(first.Add(time.Minute)); got != 1_000 {
		t.Fatalf("runStart moved to %d: it is the run's first second", got)
	}
}

func offset(s int64) *int64 { return &s }
