package ishare

import (
	"fmt"
	"testing"
)

// TestEvictorDropsOldestFirst checks the ring: nothing to drop until the
// limit, then the oldest key at each add, in issue order, round after
// round.
func TestEvictorDropsOldestFirst(t *testing.T) {
	e := newEvictor(3)
	for i := 0; i < 3; i++ {
		if old := e.add(fmt.Sprint(i)); old != "" {
			t.Fatalf("add %d under the limit dropped %q", i, old)
		}
	}
	for i := 3; i < 10; i++ {
		if old, want := e.add(fmt.Sprint(i)), fmt.Sprint(i-3); old != want {
			t.Fatalf("add %d dropped %q, want %q", i, old, want)
		}
	}
	if len(e.ring) != 3 {
		t.Fatalf("the ring grew to %d for a limit of 3", len(e.ring))
	}
	if e := newEvictor(0); e.add("a") != "" || e.add("b") != "a" {
		t.Fatal("a limit below 1 is not treated as 1")
	}
}
