package refkit

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
)

// stillClock stands still between Advances, so the model and the store
// read the same instants.
type stillClock struct{ t time.Time }

func (c *stillClock) Now() time.Time          { return c.t }
func (c *stillClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// modelStore is the store's specification in the plainest terms: a map and
// the login order, the oldest evicted at the cap.
type modelStore struct {
	max   int
	grace time.Duration
	m     map[string]Session[int]
	order []string // login order; a token logs in again: moved to the end
}

func (m *modelStore) put(now time.Time, tok string, v, cap int, ttl time.Duration) {
	if _, ok := m.m[tok]; ok {
		m.drop(tok)
	}
	for len(m.m) >= cap {
		m.drop(m.order[0])
	}
	// Each login purges up to two of the oldest sessions past their grace.
	for n := 0; n < 2 && len(m.order) > 0; n++ {
		head := m.m[m.order[0]]
		if head.Expires.IsZero() || head.Expires.Add(m.grace).After(now) {
			break
		}
		m.drop(m.order[0])
	}
	s := Session[int]{Value: v, Created: now}
	if ttl > 0 {
		s.Expires = now.Add(ttl)
	}
	m.m[tok] = s
	m.order = append(m.order, tok)
}

func (m *modelStore) drop(tok string) {
	delete(m.m, tok)
	for i, o := range m.order {
		if o == tok {
			m.order = append(m.order[:i], m.order[i+1:]...)
			return
		}
	}
}

func (m *modelStore) get(now time.Time, tok string) (Session[int], State) {
	s, ok := m.m[tok]
	switch {
	case !ok:
		return Session[int]{}, Missing
	case s.Expires.IsZero() || now.Before(s.Expires):
		return s, Live
	case now.Before(s.Expires.Add(m.grace)):
		return s, Expired
	}
	m.drop(tok)
	return Session[int]{}, Missing
}

// TestStoreMatchesModel drives the store and the model with the same random
// operations on one shard's worth of tokens, with every hash colliding or
// none, short and long tokens: every answer must agree.
func TestStoreMatchesModel(t *testing.T) {
	for _, c := range []struct {
		name    string
		collide bool
	}{{"hashed", false}, {"all-hashes-collide", true}} {
		t.Run(c.name, func(t *testing.T) {
			clk := &stillClock{t: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
			const capPerShard = 8
			s := NewStore[int](clk, StoreOptions{MaxSessions: capPerShard * shardCount, Grace: time.Minute})
			// One shard: the model's cap is the shard's.
			s.hash = func(seed maphash.Seed, tok string) uint64 {
				if c.collide {
					return 7 * shardCount
				}
				return maphash.String(seed, tok) &^ (shardCount - 1)
			}
			m := &modelStore{max: capPerShard, grace: time.Minute, m: map[string]Session[int]{}}
			rng := rand.New(rand.NewPCG(1, 2))
			token := func() string {
				n := rng.IntN(24)
				if rng.IntN(4) == 0 { // long: kept beside the ring
					return strings.Repeat("L", inlineToken) + fmt.Sprint(n)
				}
				return fmt.Sprint("t", n)
			}
			for i := 0; i < 20000; i++ {
				tok := token()
				now := clk.Now()
				op := rng.IntN(10)
				switch {
				case op < 4:
					ttl := time.Duration(rng.IntN(3)) * 30 * time.Second // 0: never expires
					s.Put(tok, i, ttl)
					m.put(now, tok, i, capPerShard, ttl)
				case op < 7:
					got, st := s.Get(tok)
					want, wst := m.get(now, tok)
					if st != wst || got.Value != want.Value || !got.Created.Equal(want.Created) || !got.Expires.Equal(want.Expires) {
						t.Fatalf("op %d Get(%q) = %v %+v, want %v %+v", i, tok, st, got, wst, want)
					}
				case op < 8:
					_, had := m.m[tok]
					if got := s.Delete(tok); got != had {
						t.Fatalf("op %d Delete(%q) = %v, want %v", i, tok, got, had)
					}
					m.drop(tok)
				case op < 9:
					ok := s.Extend(tok, time.Minute)
					ms, had := m.m[tok] // Extend purges nothing
					live := had && (ms.Expires.IsZero() || now.Before(ms.Expires))
					if ok != live {
						t.Fatalf("op %d Extend(%q) = %v, model live %v", i, tok, ok, live)
					}
					if ok {
						ms.Expires = now.Add(time.Minute)
						m.m[tok] = ms
					}
				default:
					clk.Advance(time.Duration(rng.IntN(40)) * time.Second)
				}
				if n := s.Len(); n != len(m.m) {
					t.Fatalf("op %d: Len %d, model %d", i, n, len(m.m))
				}
			}
		})
	}
}

// TestStoreKeepsFewObjects keeps the GC-friendly layout: sessions live in
// a few big rings, tokens inline, and the index holds no pointer, so a
// full store gives the collector a few hundred objects to mark, not
// several per session.
func TestStoreKeepsFewObjects(t *testing.T) {
	const n = 1 << 16
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := NewStore[int](clock.NewManual(), StoreOptions{MaxSessions: n})
	for i := 0; i < n; i++ {
		s.Put(fmt.Sprintf("%032d", i), i, time.Minute)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if s.Len() < n*9/10 {
		t.Fatalf("the store kept %d of %d sessions", s.Len(), n)
	}
	if objs := int64(after.HeapObjects) - int64(before.HeapObjects); objs > n/16 {
		t.Fatalf("a store of %d sessions is %d heap objects", s.Len(), objs)
	}
	runtime.KeepAlive(s)
}
