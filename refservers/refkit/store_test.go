package refkit

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
)

func TestStoreLifecycle(t *testing.T) {
	c := clock.NewManual()
	s := NewStore[string](c, StoreOptions{Grace: time.Hour})
	s.Put("tok", "alice", 30*time.Minute)
	if v, st := s.Get("tok"); st != Live || v.Value != "alice" {
		t.Fatalf("fresh session: %v %v", v, st)
	}
	c.Advance(20 * time.Minute)
	if !s.Extend("tok", 30*time.Minute) {
		t.Fatal("extend of a live session failed")
	}
	c.Advance(29 * time.Minute)
	if _, st := s.Get("tok"); st != Live {
		t.Fatalf("extended session dead at +49m: %v", st)
	}
	c.Advance(2 * time.Minute)
	if _, st := s.Get("tok"); st != Expired {
		t.Fatalf("want Expired, got %v", st)
	}
	if s.Extend("tok", time.Hour) {
		t.Fatal("expired session was extended")
	}
	c.Advance(2 * time.Hour)
	if _, st := s.Get("tok"); st != Missing {
		t.Fatalf("want Missing after grace, got %v", st)
	}
	s.Put("tok2", "bob", 0)
	c.Advance(1000 * time.Hour)
	if _, st := s.Get("tok2"); st != Live {
		t.Fatalf("session without expiry: %v", st)
	}
	if !s.Delete("tok2") || s.Delete("tok2") {
		t.Fatal("delete semantics")
	}
}

func TestStoreStaysUnderCap(t *testing.T) {
	c := clock.NewManual()
	const max = 320
	s := NewStore[int](c, StoreOptions{MaxSessions: max})
	for i := 0; i < 10*max; i++ {
		s.Put(fmt.Sprintf("t%d", i), i, time.Duration(i+1)*time.Second)
		if n := s.Len(); n > max {
			t.Fatalf("store holds %d sessions, cap %d", n, max)
		}
	}
	// The newest sessions survive eviction; the oldest went first.
	if _, st := s.Get(fmt.Sprintf("t%d", 10*max-1)); st != Live {
		t.Fatal("newest session was evicted")
	}
	if _, st := s.Get("t0"); st != Missing {
		t.Fatal("oldest session survived a full store")
	}
}

func TestStoreSweep(t *testing.T) {
	c := clock.NewManual()
	s := NewStore[int](c, StoreOptions{Grace: time.Minute})
	for i := 0; i < 100; i++ {
		s.Put(fmt.Sprint(i), i, time.Minute)
	}
	c.Advance(3 * time.Minute)
	if n := s.Sweep(); n != 100 || s.Len() != 0 {
		t.Fatalf("sweep purged %d, %d left", n, s.Len())
	}
}

func TestStoreConcurrent(t *testing.T) {
	s := NewStore[int](clock.Real{}, StoreOptions{MaxSessions: 1000})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := fmt.Sprintf("%d-%d", g, i)
				s.Put(k, i, time.Minute)
				s.Get(k)
				s.Extend(k, time.Minute)
				if i%3 == 0 {
					s.Delete(k)
				}
			}
		}()
	}
	wg.Wait()
	if n := s.Len(); n > 1000 {
		t.Fatalf("store holds %d, cap 1000", n)
	}
}

func TestTokenSources(t *testing.T) {
	for _, enc := range []Encoding{Alnum, Hex, Base64, GUID} {
		src := RandomTokens(enc, 32)
		seen := map[string]bool{}
		for i := 0; i < 1000; i++ {
			tok := src.Token()
			if enc != GUID && len(tok) != 32 {
				t.Fatalf("encoding %d: token %q has length %d", enc, tok, len(tok))
			}
			if seen[tok] {
				t.Fatalf("encoding %d: duplicate token", enc)
			}
			seen[tok] = true
		}
	}
	seq := SequentialTokens(Alnum, 32)
	a, b := seq.Token(), seq.Token()
	if len(a) != 32 || a == b || a[:30] != b[:30] {
		t.Fatalf("sequential tokens %q %q should share a prefix", a, b)
	}
	low := LowEntropyTokens(GUID, 0)
	seen := map[string]bool{}
	dup := false
	for i := 0; i < 2000; i++ {
		tok := low.Token()
		dup = dup || seen[tok]
		seen[tok] = true
	}
	if !dup {
		t.Fatal("2000 tokens from a 16-bit space had no duplicate")
	}
}

func TestParseFaults(t *testing.T) {
	known := []Fault{{Name: "a"}, {Name: "b"}}
	set, err := ParseFaults("x", known, []string{"a", " ", "b"})
	if err != nil || !set.Has("a") || !set.Has("b") || len(set.Names()) != 2 {
		t.Fatalf("ParseFaults: %v %v", set, err)
	}
	if _, err := ParseFaults("x", known, []string{"c"}); err == nil {
		t.Fatal("unknown fault accepted")
	}
}

func TestStoreOrderListStaysBoundedUnderChurn(t *testing.T) {
	s := NewStore[int](clock.NewManual(), StoreOptions{MaxSessions: 1000})
	for i := 0; i < 200_000; i++ {
		k := fmt.Sprint(i)
		s.Put(k, i, time.Minute)
		s.Delete(k)
	}
	total, size := 0, 0
	for i := range s.shards {
		total += s.shards[i].n
		size += len(s.shards[i].slots)
	}
	if total != 0 || size > 2*1000+minRing*shardCount {
		t.Fatalf("rings hold %d positions of %d for an empty store", total, size)
	}
}

// Expired sessions leave the store as new ones arrive, before it is full.
func TestStoreSweepsExpiredOnPut(t *testing.T) {
	c := clock.NewManual()
	s := NewStore[int](c, StoreOptions{Grace: time.Minute, MaxSessions: 1_000_000})
	for i := 0; i < 1000; i++ {
		s.Put(fmt.Sprint("old", i), i, time.Minute)
	}
	c.Advance(5 * time.Minute)
	for i := 0; i < 1000; i++ {
		s.Put(fmt.Sprint("new", i), i, time.Minute)
	}
	if n := s.Len(); n > 1000+2*shardCount {
		t.Fatalf("%d sessions stored: expired ones were not swept", n)
	}
	if _, st := s.Get("new999"); st != Live {
		t.Fatal("a live session was swept")
	}
}
