package load_test

import (
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Each worker keeps its connection (keep-alive): 4 workers, 4
// connections, however many hits; and hits carry no header the target has
// no use for (vegeta's X-Vegeta-Seq, Accept-Encoding).
func TestHitsKeepTheirConnections(t *testing.T) {
	var mu sync.Mutex
	extra := map[string]bool{}
	conns := map[string]bool{} // the client ends of the connections
	sc := maxScenario(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			conns[r.RemoteAddr] = true
			for _, k := range []string{"X-Vegeta-Seq", "Accept-Encoding"} {
				if r.Header.Get(k) != "" {
					extra[k] = true
				}
			}
			mu.Unlock()
			h.ServeHTTP(w, r)
		})
	}, 4)
	sc.Hits = 400
	res := run(t, sc)
	if res.Successes != 400 {
		t.Fatalf("successes %d of %d: codes %v errors %v", res.Successes, res.Requests, res.Codes, res.Errors)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := len(conns); n < 1 || n > 4 {
		t.Errorf("%d connections for 4 workers", n)
	}
	if len(extra) > 0 {
		t.Errorf("hits sent %v", extra)
	}
}

// A target that closes every connection after its answer without saying
// so: the next hit on that connection finds it closed and is sent again
// on a new one, so every hit still gets its answer.
func TestStaleConnectionsAreRetried(t *testing.T) {
	const answer = `{"AuthenticationToken":"abcdefabcdefabcdefabcdefabcdef12","Messages":null,"Success":true,"Signature":null,"TimeStamp":"2018-10-16 14:24:46.8838787Z"}`
	sc := maxScenario(t, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
			_, _ = w.Write([]byte(answer))
			w.(http.Flusher).Flush()
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				time.Sleep(5 * time.Millisecond) // the answer is read first
				c.Close()
			}
		})
	}, 2)
	sc.Hits = 100
	res := run(t, sc)
	if res.Successes != 100 {
		t.Errorf("successes %d of %d: codes %v errors %v", res.Successes, res.Requests, res.Codes, res.Errors)
	}
}

// The target's timeout bounds every exchange, body included: a target
// that sends its headers and then stalls fails each hit as a timeout.
func TestStalledBodyTimesOut(t *testing.T) {
	sc := maxScenario(t, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"AuthenticationToken":`))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
	}, 2)
	sc.Target.Timeout = config.Dur(300 * time.Millisecond)
	sc.Hits = 4
	start := time.Now()
	res := run(t, sc)
	if res.Errors[string(wire.KindTimeout)] != 4 || res.Successes != 0 {
		t.Errorf("errors %v successes %d, want 4 timeouts", res.Errors, res.Successes)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("4 stalled hits of 2 workers with a 300ms timeout took %s", el)
	}
}

// A run sets the collector's target to load.GCPercent and restores it.
func TestRunTunesGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	var during atomic.Int64
	sc := maxScenario(t, nil, 2)
	sc.Hits = 50
	run(t, sc, load.WithProgress(func(load.Progress) {
		p := debug.SetGCPercent(load.GCPercent)
		during.Store(int64(p))
	}, time.Millisecond))
	if got := during.Load(); got != load.GCPercent {
		t.Errorf("GC percent %d during the run, want %d", got, load.GCPercent)
	}
	if after := debug.SetGCPercent(before); after != 100 {
		t.Errorf("GC percent %d after the run, want 100 restored", after)
	}
}
