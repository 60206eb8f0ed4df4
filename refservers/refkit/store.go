// Package refkit holds what every reference server shares: the concurrent
// session store with expiry and a size cap, token generators (the honest one
// and the faulty ones), the named-fault set, the clock control wiring and
// request limits.
package refkit

import (
	"hash/maphash"
	"sync"
	"time"

	"github.com/authprobe/authprobe/clock"
)

// State is what a session store knows about a token.
type State int

// The states of a token.
const (
	Missing State = iota // never issued, logged out, or purged
	Live                 // issued and not expired
	Expired              // expired, but not yet purged
)

func (s State) String() string {
	switch s {
	case Live:
		return "live"
	case Expired:
		return "expired"
	}
	return "missing"
}

// Session is one stored session.
type Session[V any] struct {
	Value   V
	Created time.Time
	Expires time.Time // zero: never expires
}

type entry[V any] struct {
	Session[V]
}

const shardCount = 32

type shard[V any] struct {
	mu sync.Mutex
	m  map[string]*entry[V]
	// order lists entries by insertion, oldest at head; items whose map
	// entry was deleted or replaced are skipped and compacted away.
	order []orderItem[V]
	head  int
}

type orderItem[V any] struct {
	key string
	e   *entry[V]
}

// Store is a concurrent map from token to session with expiry. Expired
// sessions stay visible as Expired for a grace period (so a server can tell
// "expired" from "never existed") and are then purged. The store never
// holds more than its cap: at the cap the oldest session (by login) is
// evicted, in O(1) amortised time, so a load test filling the store does
// not slow the server down. It reads time only from its clock.
type Store[V any] struct {
	clock  clock.Clock
	grace  time.Duration
	max    int // per shard
	seed   maphash.Seed
	shards [shardCount]shard[V]
}

// StoreOptions configures a Store.
type StoreOptions struct {
	// Grace is how long an expired session is still reported as Expired
	// before it is purged (default 1h).
	Grace time.Duration
	// MaxSessions caps the number of stored sessions (default 100,000).
	MaxSessions int
}

// NewStore returns an empty store reading time from c.
func NewStore[V any](c clock.Clock, o StoreOptions) *Store[V] {
	if o.Grace <= 0 {
		o.Grace = time.Hour
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 100_000
	}
	per := o.MaxSessions / shardCount
	if per < 1 {
		per = 1
	}
	s := &Store[V]{clock: c, grace: o.Grace, max: per, seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].m = make(map[string]*entry[V])
	}
	return s
}

func (s *Store[V]) shard(token string) *shard[V] {
	return &s.shards[maphash.String(s.seed, token)%shardCount]
}

// Put stores v under token for ttl (ttl <= 0: never expires).
func (s *Store[V]) Put(token string, v V, ttl time.Duration) {
	now := s.clock.Now()
	e := &entry[V]{Session[V]{Value: v, Created: now}}
	if ttl > 0 {
		e.Expires = now.Add(ttl)
	}
	sh := s.shard(token)
	sh.mu.Lock()
	if _, exists := sh.m[token]; !exists {
		for len(sh.m) >= s.max && sh.evictOldest() {
		}
	}
	sh.m[token] = e
	sh.order = append(sh.order, orderItem[V]{token, e})
	sh.sweepHead(now.Add(-s.grace), 2)
	sh.compact()
	sh.mu.Unlock()
}

// Get returns the session under token and its state. An Expired session's
// value is returned too.
func (s *Store[V]) Get(token string) (Session[V], State) {
	now := s.clock.Now()
	sh := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.m[token]
	if !ok {
		return Session[V]{}, Missing
	}
	switch {
	case e.Expires.IsZero() || now.Before(e.Expires):
		return e.Session, Live
	case now.Before(e.Expires.Add(s.grace)):
		return e.Session, Expired
	}
	delete(sh.m, token)
	return Session[V]{}, Missing
}

// Extend sets a Live session's expiry to ttl from now and reports whether
// the session was Live.
func (s *Store[V]) Extend(token string, ttl time.Duration) bool {
	now := s.clock.Now()
	sh := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.m[token]
	if !ok || (!e.Expires.IsZero() && !now.Before(e.Expires)) {
		return false
	}
	if ttl > 0 {
		e.Expires = now.Add(ttl)
	}
	return true
}

// Delete removes token and reports whether it was stored (Live or Expired).
func (s *Store[V]) Delete(token string) bool {
	sh := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	_, ok := sh.m[token]
	delete(sh.m, token)
	return ok
}

// Len returns the number of stored sessions, expired ones included.
func (s *Store[V]) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.m)
		sh.mu.Unlock()
	}
	return n
}

// Sweep purges every session past its grace period and returns how many
// were purged.
func (s *Store[V]) Sweep() int {
	now := s.clock.Now()
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += s.purge(sh, now)
		sh.mu.Unlock()
	}
	return n
}

func (s *Store[V]) purge(sh *shard[V], now time.Time) int {
	n := 0
	for k, e := range sh.m {
		if !e.Expires.IsZero() && !now.Before(e.Expires.Add(s.grace)) {
			delete(sh.m, k)
			n++
		}
	}
	return n
}

// evictOldest deletes the oldest live entry by insertion order and reports
// whether one was found. It runs with sh locked.
func (sh *shard[V]) evictOldest() bool {
	for sh.head < len(sh.order) {
		it := sh.order[sh.head]
		sh.order[sh.head] = orderItem[V]{}
		sh.head++
		if cur, ok := sh.m[it.key]; ok && cur == it.e {
			delete(sh.m, it.key)
			return true
		}
	}
	return false
}

// sweepHead purges up to n of the oldest sessions (by login) whose expiry
// is before cutoff: every Put sweeps a little, so expired sessions leave
// the store continuously, not only when it is full. It runs with sh locked.
func (sh *shard[V]) sweepHead(cutoff time.Time, n int) {
	for ; n > 0 && sh.head < len(sh.order); n-- {
		it := sh.order[sh.head]
		cur, ok := sh.m[it.key]
		live := ok && cur == it.e
		if live && (it.e.Expires.IsZero() || !it.e.Expires.Before(cutoff)) {
			return
		}
		if live {
			delete(sh.m, it.key)
		}
		sh.order[sh.head] = orderItem[V]{}
		sh.head++
	}
}

// compact drops consumed and stale order items once they outnumber the
// live entries, keeping the order list within a constant factor of the map.
func (sh *shard[V]) compact() {
	if len(sh.order)-sh.head <= 2*len(sh.m)+64 && sh.head <= len(sh.order)/2 {
		return
	}
	live := make([]orderItem[V], 0, len(sh.m)+len(sh.m)/2)
	for _, it := range sh.order[sh.head:] {
		if cur, ok := sh.m[it.key]; ok && cur == it.e {
			live = append(live, it)
		}
	}
	sh.order, sh.head = live, 0
}
