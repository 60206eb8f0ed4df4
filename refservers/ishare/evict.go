package ishare

import "sync"

// evictor keeps the sessions the server issued under a limit by dropping
// the oldest issued key first.
//
// It works around refkit.Store's own eviction, which sorts a whole shard
// each time one fills and then costs more than the rest of a login under
// sustained load. Every session here lives the same time from its creation
// (use does not extend it), so the oldest issued key is also the one
// closest to expiry: the order the store itself evicts in. Keys must be
// unique, so the server turns the evictor off for the faults that repeat
// keys. Remove it once the store evicts in constant time.
type evictor struct {
	mu    sync.Mutex
	limit int
	ring  []string // issued keys, grows to limit, then a ring
	next  int      // when full: the slot of the oldest key
}

// newEvictor returns an evictor for limit keys (at least 1).
func newEvictor(limit int) *evictor {
	if limit < 1 {
		limit = 1
	}
	return &evictor{limit: limit}
}

// add records a new key and returns the oldest key to drop when the limit
// was reached, "" otherwise.
func (e *evictor) add(key string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.ring) < e.limit {
		e.ring = append(e.ring, key)
		return ""
	}
	old := e.ring[e.next]
	e.ring[e.next] = key
	if e.next++; e.next == e.limit {
		e.next = 0
	}
	return old
}
