package framework

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// The shared token sample is fetched concurrently (one lane per identity,
// bounded), never with two logins of one identity in flight (a target may
// reuse a live session's token), keeps the tokens in login order, logs
// every session out, and stops at the first login that issues no token,
// naming it.
func TestFetchSampleConcurrent(t *testing.T) {
	var inFlight, peak atomic.Int64
	var mu sync.Mutex
	loggedOut := map[string]bool{}
	perUser := map[string]int{}
	login := func(fail int) func(a Account) *Answer {
		var n atomic.Int64
		return func(a Account) *Answer {
			i := n.Add(1)
			cur := inFlight.Add(1)
			defer inFlight.Add(-1)
			mu.Lock()
			perUser[a.Get("user")]++
			if perUser[a.Get("user")] > 1 {
				t.Errorf("two logins of %s in flight at once", a.Get("user"))
			}
			mu.Unlock()
			defer func() {
				mu.Lock()
				perUser[a.Get("user")]--
				mu.Unlock()
			}()
			for {
				p := peak.Load()
				if cur <= p || peak.CompareAndSwap(p, cur) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond) // a round trip
			ans := NewAnswer("a login", "test Login", &wire.Exchange{Status: 200}, nil)
			if int(i) == fail {
				ans.OK = false
				return ans
			}
			ans.OK, ans.Token = true, fmt.Sprintf("tok-%s-%03d", a.Get("user"), i)
			return ans
		}
	}
	pool := []Account{{"user": "a"}, {"user": "b"}, {"user": "c"}, {"user": "a"}}
	s := SessionSecurity{Profile: "test", Login: login(0), Logout: func(tok string) *Answer {
		mu.Lock()
		loggedOut[tok] = true
		mu.Unlock()
		return nil
	}}
	start := time.Now()
	tokens, why := s.fetchSample(pool, 40)
	took := time.Since(start)
	if why != "" || len(tokens) != 40 {
		t.Fatalf("sample: %d tokens, %q", len(tokens), why)
	}
	if p := peak.Load(); p < 2 || p > 3 {
		t.Errorf("peak logins in flight %d, want 2..3 (three identities)", p)
	}
	if took > 40*5*time.Millisecond {
		t.Logf("40 logins of 5ms took %s: not faster than one after another (busy machine?)", took)
	}
	for i, tok := range tokens {
		if tok == "" || !loggedOut[tok] {
			t.Errorf("token %d %q missing or not logged out", i, tok)
		}
	}
	s.Login = login(7)
	if tokens, why := s.fetchSample(pool, 40); tokens != nil || !strings.Contains(why, "must issue a token") {
		t.Errorf("a failed login: tokens %v, reason %q", tokens, why)
	}
}
