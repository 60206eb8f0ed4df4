package irp_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
)

// TestConcurrentUse: many goroutines log in, check their tokens and send
// bad requests at once; every answer is right and every token unique.
func TestConcurrentUse(t *testing.T) {
	e := start(t)
	const workers, rounds = 16, 40
	var (
		mu     sync.Mutex
		tokens = map[string]bool{}
		wg     sync.WaitGroup
		errs   = make(chan error, workers)
	)
	stop := make(chan struct{})
	go func() { // the clock moves (a little) while requests run
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				e.clk.Advance(time.Millisecond)
			}
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := demo(w % 3)
			c := *e.c
			if w%2 == 1 {
				c.Encoding = irpc.JSON
			}
			for i := range rounds {
				r, err := c.Authenticate(e.ctx, a.APIKey, a.SharedSecret, e.clk.Now())
				if err != nil || !r.Issued() {
					errs <- fmt.Errorf("worker %d login %d: %v %v", w, i, r, err)
					return
				}
				tok := r.AuthenticationToken
				mu.Lock()
				dup := tokens[tok]
				tokens[tok] = true
				mu.Unlock()
				if dup {
					errs <- fmt.Errorf("token issued twice")
					return
				}
				ck, err := c.CheckTokenTime(e.ctx, tok, a.SharedSecret, e.clk.Now())
				if err != nil || !ck.Issued() {
					errs <- fmt.Errorf("worker %d check %d: %v %v", w, i, ck, err)
					return
				}
				bad, err := c.CheckTokenTime(e.ctx, tok, "wrong secret", e.clk.Now())
				if err != nil || bad.FirstCode() != irpc.CodeBadSignature {
					errs <- fmt.Errorf("worker %d bad check %d: %v %v", w, i, bad, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(tokens) != workers*rounds {
		t.Fatalf("%d tokens for %d logins", len(tokens), workers*rounds)
	}
}
