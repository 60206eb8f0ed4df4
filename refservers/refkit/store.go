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

const (
	shardCount = 32
	// inlineToken is the longest token kept inside its slot (GUIDs have
	// 36 characters); longer ones are kept as strings on the side.
	inlineToken = 48
	// minRing is a shard's first ring size.
	minRing = 16
)

// slot is one position of a shard's ring. It holds no pointer, so the
// garbage collector never scans the ring: a full store of a load test
// costs it almost nothing.
type slot struct {
	hash             uint64 // maphash of the token
	created, expires int64  // Unix nanoseconds; expires 0: never
	used             bool   // false: free, or a session since removed
	long             bool   // the token is in shard.longs, not in tok
	inIdx            bool   // idx (not over) finds the token by its hash
	n                uint8  // the token's length when inline
	tok              [inlineToken]byte
}

// shard keeps its sessions in a ring in login order, oldest at head, so
// that evicting the oldest at the cap and sweeping expired sessions are
// O(1). Removed sessions leave free slots in the ring until the head passes
// them or the ring is compacted.
type shard[V any] struct {
	mu    sync.Mutex
	slots []slot   // the ring
	vals  []V      // each slot's value
	longs []string // each slot's token when long (nil until one is)
	head  int      // position of the oldest slot in use
	n     int      // ring positions from head in use, free ones included
	live  int      // sessions stored
	// idx finds a token's position by its hash (no pointers: never
	// scanned); over holds the long tokens and the rare short token whose
	// hash another token already has.
	idx  map[uint64]int32
	over map[string]int32
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
	hash   func(maphash.Seed, string) uint64 // maphash.String; tests force collisions
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
	s := &Store[V]{clock: c, grace: o.Grace, max: per, seed: maphash.MakeSeed(), hash: maphash.String}
	for i := range s.shards {
		s.shards[i].idx = make(map[uint64]int32)
	}
	return s
}

func (s *Store[V]) shard(token string) (*shard[V], uint64) {
	h := s.hash(s.seed, token)
	return &s.shards[h%shardCount], h
}

// nanos and timeOf convert the stored times; 0 is the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func timeOf(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// Put stores v under token for ttl (ttl <= 0: never expires). A token
// stored again replaces its session and counts as the newest login.
func (s *Store[V]) Put(token string, v V, ttl time.Duration) {
	now := s.clock.Now()
	sh, h := s.shard(token)
	sh.mu.Lock()
	p, ok, hashTaken := sh.find(token, h)
	if ok {
		if sh.slots[p].inIdx {
			hashTaken = false
		}
		sh.remove(p)
	}
	// hashTaken: whether idx may still hold h (since find looked, only
	// removals ran).
	for sh.live >= s.max && sh.evictOldest() {
	}
	sh.sweepHead(nanos(now.Add(-s.grace)), 2)
	if sh.n == len(sh.slots) {
		sh.makeRoom(2 * s.max)
	}
	p = (sh.head + sh.n) % len(sh.slots)
	sh.n++
	sh.live++
	sl := &sh.slots[p]
	*sl = slot{hash: h, created: nanos(now), used: true}
	if ttl > 0 {
		sl.expires = nanos(now.Add(ttl))
	}
	if len(token) <= inlineToken {
		sl.n = uint8(copy(sl.tok[:], token))
	} else {
		sl.long = true
		if sh.longs == nil {
			sh.longs = make([]string, len(sh.slots))
		}
		sh.longs[p] = token
	}
	sh.vals[p] = v
	if !sl.long && (!hashTaken || !sh.idxHas(h)) {
		sl.inIdx = true
		sh.idx[h] = int32(p)
	} else {
		if sh.over == nil {
			sh.over = make(map[string]int32)
		}
		sh.over[token] = int32(p)
	}
	sh.mu.Unlock()
}

// Get returns the session under token and its state. An Expired session's
// value is returned too.
func (s *Store[V]) Get(token string) (Session[V], State) {
	now := nanos(s.clock.Now())
	sh, h := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	p, ok, _ := sh.find(token, h)
	if !ok {
		return Session[V]{}, Missing
	}
	sl := &sh.slots[p]
	sess := Session[V]{Value: sh.vals[p], Created: timeOf(sl.created), Expires: timeOf(sl.expires)}
	switch {
	case sl.expires == 0 || now < sl.expires:
		return sess, Live
	case now < sl.expires+int64(s.grace):
		return sess, Expired
	}
	sh.remove(p)
	return Session[V]{}, Missing
}

// Extend sets a Live session's expiry to ttl from now and reports whether
// the session was Live.
func (s *Store[V]) Extend(token string, ttl time.Duration) bool {
	now := s.clock.Now()
	sh, h := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	p, ok, _ := sh.find(token, h)
	if !ok {
		return false
	}
	sl := &sh.slots[p]
	if sl.expires != 0 && nanos(now) >= sl.expires {
		return false
	}
	if ttl > 0 {
		sl.expires = nanos(now.Add(ttl))
	}
	return true
}

// Delete removes token and reports whether it was stored (Live or Expired).
func (s *Store[V]) Delete(token string) bool {
	sh, h := s.shard(token)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	p, ok, _ := sh.find(token, h)
	if ok {
		sh.remove(p)
	}
	return ok
}

// Len returns the number of stored sessions, expired ones included.
func (s *Store[V]) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += sh.live
		sh.mu.Unlock()
	}
	return n
}

// Sweep purges every session past its grace period and returns how many
// were purged.
func (s *Store[V]) Sweep() int {
	cutoff := nanos(s.clock.Now().Add(-s.grace))
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		for k := 0; k < sh.n; k++ {
			p := (sh.head + k) % len(sh.slots)
			if sl := &sh.slots[p]; sl.used && sl.expires != 0 && sl.expires <= cutoff {
				sh.free(p)
				n++
			}
		}
		sh.trimHead()
		sh.mu.Unlock()
	}
	return n
}

// The methods below run with sh locked.

// find returns the position of token (hash h), whether it is stored, and
// whether idx holds h (for token or another).
func (sh *shard[V]) find(token string, h uint64) (p int, ok, hashTaken bool) {
	if q, taken := sh.idx[h]; taken {
		hashTaken = true
		if sl := &sh.slots[q]; string(sl.tok[:sl.n]) == token {
			return int(q), true, true
		}
	}
	if sh.over != nil {
		if q, found := sh.over[token]; found {
			return int(q), true, hashTaken
		}
	}
	return 0, false, hashTaken
}

// idxHas reports whether idx holds h.
func (sh *shard[V]) idxHas(h uint64) bool {
	_, ok := sh.idx[h]
	return ok
}

// unindex forgets the token at p, or with to >= 0 records it at to.
func (sh *shard[V]) unindex(p int, to int32) {
	sl := &sh.slots[p]
	if sl.inIdx {
		if to >= 0 {
			sh.idx[sl.hash] = to
		} else {
			delete(sh.idx, sl.hash)
		}
		return
	}
	key := sh.key(p)
	if to >= 0 {
		sh.over[key] = to
	} else {
		delete(sh.over, key)
	}
}

// key returns the token at p.
func (sh *shard[V]) key(p int) string {
	if sl := &sh.slots[p]; !sl.long {
		return string(sl.tok[:sl.n])
	}
	return sh.longs[p]
}

// remove frees the slot at p (in use), then drops free slots at the head.
func (sh *shard[V]) remove(p int) {
	sh.free(p)
	sh.trimHead()
}

// free forgets the session at p and empties its slot.
func (sh *shard[V]) free(p int) {
	sh.unindex(p, -1)
	sh.clear(p)
	sh.live--
}

// trimHead drops the free slots at the head.
func (sh *shard[V]) trimHead() {
	for sh.n > 0 && !sh.slots[sh.head].used {
		sh.pop()
	}
}

// clear empties the slot at p.
func (sh *shard[V]) clear(p int) {
	if sh.slots[p].long {
		sh.longs[p] = ""
	}
	sh.slots[p] = slot{}
	var zero V
	sh.vals[p] = zero
}

// pop drops the head position (free).
func (sh *shard[V]) pop() {
	sh.head = (sh.head + 1) % len(sh.slots)
	sh.n--
	if sh.n == 0 {
		sh.head = 0
	}
}

// evictOldest removes the oldest session by login and reports whether
// there was one.
func (sh *shard[V]) evictOldest() bool {
	for sh.n > 0 {
		if sh.slots[sh.head].used {
			sh.remove(sh.head)
			return true
		}
		sh.pop()
	}
	return false
}

// sweepHead purges up to n of the oldest sessions (by login) whose expiry
// is at or before cutoff (Unix nanoseconds): every Put sweeps a little, so
// expired sessions leave the store continuously, not only when it is full.
func (sh *shard[V]) sweepHead(cutoff int64, n int) {
	for ; n > 0 && sh.n > 0; n-- {
		sl := &sh.slots[sh.head]
		if sl.used && (sl.expires == 0 || sl.expires > cutoff) {
			return
		}
		if sl.used {
			sh.remove(sh.head)
		} else {
			sh.pop()
		}
	}
}

// makeRoom frees ring positions when the ring is full: it compacts the
// ring when at most half of it is in use, else grows it (up to limit).
// Each session moves a constant number of times on average.
func (sh *shard[V]) makeRoom(limit int) {
	size := len(sh.slots)
	if size > 0 && (sh.live <= size/2 || size >= limit) {
		sh.compact()
		return
	}
	grown := max(minRing, min(2*size, max(limit, minRing)))
	slots := make([]slot, grown)
	vals := make([]V, grown)
	var longs []string
	if sh.longs != nil {
		longs = make([]string, grown)
	}
	w := 0
	for k := 0; k < sh.n; k++ {
		p := (sh.head + k) % size
		if !sh.slots[p].used {
			continue
		}
		sh.unindex(p, int32(w))
		slots[w], vals[w] = sh.slots[p], sh.vals[p]
		if longs != nil {
			longs[w] = sh.longs[p]
		}
		w++
	}
	sh.slots, sh.vals, sh.longs, sh.head, sh.n = slots, vals, longs, 0, w
}

// compact moves the sessions in use towards the head, in login order.
func (sh *shard[V]) compact() {
	size := len(sh.slots)
	w := 0
	for k := 0; k < sh.n; k++ {
		p := (sh.head + k) % size
		if !sh.slots[p].used {
			continue
		}
		q := (sh.head + w) % size
		if q != p {
			sh.unindex(p, int32(q))
			sh.slots[q], sh.vals[q] = sh.slots[p], sh.vals[p]
			if sh.longs != nil {
				sh.longs[q] = sh.longs[p]
			}
			sh.clear(p)
		}
		w++
	}
	sh.n = w
}
