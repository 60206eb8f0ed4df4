package refkit

import (
	"net/http"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
)

// TestDateHeaderFollowsTheClock: the cached value is the clock's current
// second, also after a test clock jumps (forwards and back).
func TestDateHeaderFollowsTheClock(t *testing.T) {
	c := clock.NewManual()
	d := NewDateHeader(c)
	for _, step := range []time.Duration{0, 0, 31 * time.Minute, -2 * time.Hour, time.Second, 24 * time.Hour} {
		c.Advance(step)
		before := c.Now().UTC().Format(http.TimeFormat)
		got := d.Value()
		after := c.Now().UTC().Format(http.TimeFormat) // the second may tick meanwhile
		if len(got) != 1 || (got[0] != before && got[0] != after) {
			t.Fatalf("after %v: Date %q, want %q", step, got, before)
		}
	}
}
