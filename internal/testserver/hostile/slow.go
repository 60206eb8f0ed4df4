package hostile

import (
	"net/http"
	"time"
)

// Slow behaviours: an answer that takes longer than any timeout.
const (
	// SlowHeaders accepts the request and never sends the status line.
	SlowHeaders Case = "slow-headers"
	// SlowDrip sends the headers at once, then a valid body one byte every
	// DripInterval, so the whole answer takes far longer than any timeout.
	SlowDrip Case = "slow-drip"
)

// DripInterval is the pause between two bytes of SlowDrip.
const DripInterval = 100 * time.Millisecond

// drip sends the headers, then p's body one byte every DripInterval.
func (s *Server) drip(w http.ResponseWriter, r *http.Request, p payload) {
	w.Header().Set("Content-Type", p.contentType)
	w.WriteHeader(http.StatusOK)
	flush(w)
	for _, c := range p.body {
		if !s.wait(r, DripInterval) {
			return
		}
		if _, err := w.Write([]byte{c}); err != nil {
			return
		}
		flush(w)
	}
}

// wait blocks for d (0: until the client or the server goes away) and
// reports whether the answer should go on.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return true
	case <-r.Context().Done():
	case <-s.quit:
	}
	return false
}
