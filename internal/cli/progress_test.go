package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/suites/framework"
)

// syncBuffer is a bytes buffer the printer goroutine and the test share.
type syncBuffer struct{ lockedBuffer }

// Not a terminal: plain lines, one per interval, with done/total and the
// timelines still running (soonest first, with their end); on a terminal
// one line redrawn in place and wiped before the summary.
func TestConformProgressLines(t *testing.T) {
	now := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	for _, live := range []bool{false, true} {
		var out syncBuffer
		p := newConformProgress(&out, live, 20*time.Millisecond)
		p.mu.Lock()
		p.now = func() time.Time { return now }
		p.mu.Unlock()
		p.event(framework.Event{Kind: framework.EventStart, Total: 3})
		p.event(framework.Event{Kind: framework.EventWait, ID: "IRP-EXP-001", Until: now.Add(70 * time.Second)})
		p.event(framework.Event{Kind: framework.EventWait, ID: "VID-EXP-001", Until: now.Add(10 * time.Second)})
		p.event(framework.Event{Kind: framework.EventDone, ID: "IRP-AUTH-001"})
		p.event(framework.Event{Kind: framework.EventDone, ID: "IRP-AUTH-001"}) // told twice, counted once
		time.Sleep(100 * time.Millisecond)
		p.event(framework.Event{Kind: framework.EventDone, ID: "VID-EXP-001"})
		time.Sleep(100 * time.Millisecond)
		p.close()
		got := out.String()
		want := "conform: 1/3 specs done; waiting for 2 timeline(s): VID-EXP-001 until 12:00:10 (in 10s), IRP-EXP-001 until 12:01:10 (in 1m10s)"
		if !strings.Contains(got, want) {
			t.Errorf("live %v: no line %q in:\n%q", live, want, got)
		}
		if !strings.Contains(got, "conform: 2/3 specs done; waiting for 1 timeline(s): IRP-EXP-001") {
			t.Errorf("live %v: the finished timeline is still listed:\n%q", live, got)
		}
		if !strings.Contains(got, "conform: 2/3 specs done in ") || !strings.Contains(got, "the longest real-clock timeline: 1m10s") {
			t.Errorf("live %v: no closing line:\n%q", live, got)
		}
		redrawn := strings.Contains(got, "\r\033[K")
		if redrawn != live {
			t.Errorf("live %v: redrawn in place %v:\n%q", live, redrawn, got)
		}
		if !live && strings.Count(got, "\n") < 3 {
			t.Errorf("plain mode: want a line per interval:\n%q", got)
		}
	}
}

// A quick run that ends before the first interval prints only the closing
// line; before the start nothing is printed.
func TestConformProgressQuiet(t *testing.T) {
	var out syncBuffer
	p := newConformProgress(&out, false, time.Hour)
	p.close()
	if out.String() != "" {
		t.Errorf("printed before the start: %q", out.String())
	}
}
