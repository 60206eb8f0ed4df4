package load

import (
	"math"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
)

// GCPercent is the garbage collector's target of a load run (GOGC) when
// the environment sets neither GOGC nor GOMEMLIMIT. A load generator's
// live heap is small (histograms, connections) and its garbage is all
// per hit: at the runtime's default of 100 it collects every few thousand
// hits, and the CPU it spends there is taken from the target when both
// share the machine. 200 collects half as often for a heap half again as
// large: a 1,000,000-hit run at 512 workers stays around 60 MiB RSS (400
// took it past 80 MiB; the goal is under 100, see bench/load.sh).
const GCPercent = 200

// gcTuning counts the runs under way, so that overlapping runs restore
// the collector's setting once, when the last one ends.
var gcTuning struct {
	sync.Mutex
	runs int
	old  int
}

// tuneGC sets GCPercent while runs are under way unless the user tuned
// the collector through the environment, and returns the function that
// restores it.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gcTuning.Lock()
	defer gcTuning.Unlock()
	if gcTuning.runs == 0 {
		gcTuning.old = debug.SetGCPercent(GCPercent)
	}
	gcTuning.runs++
	return func() {
		gcTuning.Lock()
		defer gcTuning.Unlock()
		if gcTuning.runs--; gcTuning.runs == 0 {
			debug.SetGCPercent(gcTuning.old)
		}
	}
}

// tuneTransport fits the run's HTTP transport to a load generator: no
// compression (the answers are small, and asking for gzip adds a header
// the target must read on every hit), and enough idle connections kept for
// every worker, so that each keeps its connection (keep-alive) instead of
// closing and dialing again.
func tuneTransport(t *http.Transport, workers uint64) {
	t.DisableCompression = true
	n := int(min(workers, math.MaxInt32))
	if n > t.MaxIdleConnsPerHost {
		t.MaxIdleConnsPerHost = n
	}
	if n > t.MaxIdleConns {
		t.MaxIdleConns = n
	}
}
