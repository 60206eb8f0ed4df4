package load

import (
	"sync"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/authprobe/authprobe/results"
)

// stepTimer times each step of a multi-step hit (CeRTNA's salt fetch and
// login) on its own: the transport records every exchange whose URL path
// is a step's path. Step latencies are service times, from sending the
// step's request to the end of its answer.
type stepTimer struct {
	names []string
	paths []string
	mu    sync.Mutex
	hists []*hdr.Histogram
}

// newStepTimer returns nil unless there are several steps.
func newStepTimer(steps []Step) *stepTimer {
	if len(steps) < 2 {
		return nil
	}
	st := &stepTimer{}
	for _, s := range steps {
		st.names = append(st.names, s.Name)
		st.paths = append(st.paths, s.Path)
		st.hists = append(st.hists, newHist())
	}
	return st
}

// index returns the step whose path is path, or -1.
func (s *stepTimer) index(path string) int {
	for i, p := range s.paths {
		if p == path {
			return i
		}
	}
	return -1
}

func (s *stepTimer) record(i int, d time.Duration) {
	s.mu.Lock()
	record(s.hists[i], d)
	s.mu.Unlock()
}

// latencies returns each step's percentiles and encoded histogram.
func (s *stepTimer) latencies() (map[string]results.Latency, map[string]string, error) {
	if s == nil {
		return nil, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lat := map[string]results.Latency{}
	enc := map[string]string{}
	for i, name := range s.names {
		lat[name] = latencyOf(s.hists[i])
		e, err := encode(s.hists[i])
		if err != nil {
			return nil, nil, err
		}
		enc[name] = e
	}
	return lat, enc, nil
}
