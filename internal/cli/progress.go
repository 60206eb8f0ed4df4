package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/authprobe/authprobe/suites/framework"
)

// Intervals of the conformance progress: a live line on a terminal is
// redrawn often; plain lines for logs (CI) come seldom, so a quick run
// prints none and a long wait prints one line every so often.
const (
	liveProgressInterval  = 250 * time.Millisecond
	plainProgressInterval = 10 * time.Second
)

// conformProgress shows how far a conformance run is: specs done of the
// total, and the real-clock timelines still running with when they end.
type conformProgress struct {
	w        io.Writer
	live     bool // a terminal: one line redrawn in place
	interval time.Duration
	now      func() time.Time

	mu      sync.Mutex
	total   int
	doneIDs map[string]bool      // the specs done: their count is the progress
	waits   map[string]time.Time // timeline of spec ID -> its end
	drawn   bool                 // a live line is on screen
	started time.Time            // the start event came
	longest time.Duration        // the longest real-clock timeline
	stop    chan struct{}
	stopped chan struct{}
}

// writerIsTerminal says whether w is a terminal (the live line redraws in
// place there; logs get plain lines).
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newConformProgress starts printing progress to w every interval (0: the
// default of the mode); live says w is a terminal. Stop it with stop.
func newConformProgress(w io.Writer, live bool, interval time.Duration) *conformProgress {
	if interval <= 0 {
		interval = plainProgressInterval
		if live {
			interval = liveProgressInterval
		}
	}
	p := &conformProgress{w: w, live: live, interval: interval, now: time.Now,
		doneIDs: map[string]bool{}, waits: map[string]time.Time{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.loop()
	return p
}

// event takes one progress event of the run.
func (p *conformProgress) event(ev framework.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case framework.EventStart:
		p.total = ev.Total
		p.started = p.now()
	case framework.EventDone:
		p.doneIDs[ev.ID] = true
		delete(p.waits, ev.ID)
	case framework.EventWait:
		if !p.doneIDs[ev.ID] {
			p.waits[ev.ID] = ev.Until
		}
		if d := ev.Until.Sub(p.now()); d > p.longest {
			p.longest = d
		}
	}
}

func (p *conformProgress) loop() {
	defer close(p.stopped)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			p.mu.Lock()
			if p.drawn {
				fmt.Fprint(p.w, "\r\033[K") // leave the terminal clean for the summary
			}
			if p.total > 0 {
				fmt.Fprintf(p.w, "conform: %d/%d specs done in %s", len(p.doneIDs), p.total, p.now().Sub(p.started).Round(10*time.Millisecond))
				if p.longest > 0 {
					fmt.Fprintf(p.w, " (the longest real-clock timeline: %s)", p.longest.Round(10*time.Millisecond))
				}
				fmt.Fprintln(p.w)
			}
			p.mu.Unlock()
			return
		case <-t.C:
			p.print()
		}
	}
}

// print writes the current state: redrawn in place on a terminal, a new
// line otherwise.
func (p *conformProgress) print() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total == 0 {
		return // not started yet
	}
	line := p.line()
	if p.live {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// line is "conform: 37/160 specs done; waiting for 2 timelines: IRP-EXP-001
// until 12:01:05 (in 1m10s), …".
func (p *conformProgress) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "conform: %d/%d specs done", len(p.doneIDs), p.total)
	if len(p.waits) == 0 {
		return b.String()
	}
	ids := make([]string, 0, len(p.waits))
	for id := range p.waits {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if !p.waits[ids[i]].Equal(p.waits[ids[j]]) {
			return p.waits[ids[i]].Before(p.waits[ids[j]])
		}
		return ids[i] < ids[j]
	})
	now := p.now()
	fmt.Fprintf(&b, "; waiting for %d timeline(s):", len(ids))
	const shown = 3
	for i, id := range ids {
		if i == shown {
			last := p.waits[ids[len(ids)-1]]
			fmt.Fprintf(&b, " … the last until %s", until(last, now))
			break
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s until %s", id, until(p.waits[id], now))
	}
	return b.String()
}

// until is "12:01:05 (in 1m10s)" or "12:01:05 (due)".
func until(t, now time.Time) string {
	left := t.Sub(now).Round(time.Second)
	if left <= 0 {
		return t.Format("15:04:05") + " (due)"
	}
	return fmt.Sprintf("%s (in %s)", t.Format("15:04:05"), left)
}

// close stops the printing.
func (p *conformProgress) close() {
	close(p.stop)
	<-p.stopped
}
