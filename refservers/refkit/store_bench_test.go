package refkit

import (
	"fmt"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
)

// BenchmarkStorePutFull measures a login into a store at its cap (an
// eviction each time), the state a load test keeps a reference server in.
func BenchmarkStorePutFull(b *testing.B) {
	const max = 100_000
	s := NewStore[*int](clock.Real{}, StoreOptions{MaxSessions: max})
	toks := make([]string, 2*max)
	for i := range toks {
		toks[i] = fmt.Sprintf("%032d", i)
	}
	v := new(int)
	for _, t := range toks[:max] {
		s.Put(t, v, time.Minute)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Put(toks[i], v, time.Minute)
		if i++; i == len(toks) {
			i = 0
		}
	}
}
