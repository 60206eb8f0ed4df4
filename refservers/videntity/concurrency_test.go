package videntity_test

import (
	"fmt"
	"sync"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

func TestConcurrentSessions(t *testing.T) {
	e := start(t, refkit.Options{})
	accounts := videntity.DemoAccounts()
	const workers, rounds = 16, 25
	var (
		mu   sync.Mutex
		keys = map[string]bool{}
		wg   sync.WaitGroup
		errs = make(chan error, workers)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a := accounts[w%len(accounts)]
			for i := 0; i < rounds; i++ {
				if err := session(e.c, a); err != nil {
					errs <- fmt.Errorf("worker %d round %d: %w", w, i, err)
					return
				}
			}
		}(w)
	}
	// Meanwhile other goroutines log in and keep their keys.
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				r, err := e.c.Login(ctx(), accounts[0].Username, accounts[0].Password, accounts[0].AccountNumber)
				if err != nil || !r.OK() {
					errs <- fmt.Errorf("login: %v %+v", err, r)
					return
				}
				mu.Lock()
				keys[r.SessionKey] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(keys) != 4*rounds {
		t.Errorf("%d distinct keys from %d logins", len(keys), 4*rounds)
	}
	if n := e.srv.Len(); n != 4*rounds {
		t.Errorf("store holds %d sessions, want the %d never logged out", n, 4*rounds)
	}
	for k := range keys {
		if r := e.mustPing(k); !r.OK() {
			t.Fatalf("a kept key no longer pings: %d", r.ErrorNumber)
		}
	}
}

// session is one login, two pings, logout and a ping that must fail.
func session(c *client.Client, a videntity.Account) error {
	r, err := c.Login(ctx(), a.Username, a.Password, a.AccountNumber)
	if err != nil || !r.OK() {
		return fmt.Errorf("login: %v %+v", err, r)
	}
	key := r.SessionKey
	for i := 0; i < 2; i++ {
		if p, err := c.Ping(ctx(), key); err != nil || !p.OK() {
			return fmt.Errorf("ping: %v %+v", err, p)
		}
	}
	if l, err := c.Logout(ctx(), key); err != nil || !l.OK() {
		return fmt.Errorf("logout: %v %+v", err, l)
	}
	if p, err := c.Ping(ctx(), key); err != nil || p.ErrorNumber != client.ErrSessionDoesNotExist {
		return fmt.Errorf("ping after logout: %v %+v", err, p)
	}
	return nil
}

func TestConcurrentLogoutOfOneKey(t *testing.T) {
	e := start(t, refkit.Options{})
	for round := 0; round < 10; round++ {
		key := e.login().SessionKey
		var wg sync.WaitGroup
		results := make(chan *client.Response, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.c.Logout(ctx(), key)
				if err != nil {
					t.Error(err)
					return
				}
				results <- r
			}()
		}
		wg.Wait()
		close(results)
		ok := 0
		for r := range results {
			switch {
			case r.OK():
				ok++
			case r.ErrorNumber != client.ErrSessionDoesNotExist:
				t.Errorf("concurrent logout answered error %d", r.ErrorNumber)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of 8 concurrent logouts of one key succeeded, want exactly 1", ok)
		}
	}
}

func TestStoreStaysBounded(t *testing.T) {
	const max = 100
	e := start(t, refkit.Options{MaxSessions: max})
	var first string
	for i := 0; i < 1000; i++ {
		key := e.login().SessionKey
		if i == 0 {
			first = key
		}
		if n := e.srv.Len(); n > max {
			t.Fatalf("after %d logins the store holds %d sessions, cap %d", i+1, n, max)
		}
	}
	if n := e.srv.Len(); n == 0 {
		t.Fatal("the store is empty")
	}
	// The oldest sessions made room: the first key is gone.
	wantError(t, "ping of the first of 1000 keys", e.mustPing(first), client.ErrSessionDoesNotExist)
}
