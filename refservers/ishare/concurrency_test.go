package ishare_test

import (
	"fmt"
	"sync"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// TestConcurrentClients runs many goroutines that log in, read schedules
// (their own, and with another client's id), fail logins and let keys
// expire, across every binding, under the race detector.
func TestConcurrentClients(t *testing.T) {
	e := start(t, refkit.Options{})
	accounts := ishare.DemoAccounts()[:3]
	const workers, rounds = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := accounts[w%len(accounts)]
			c := *e.c
			if w%2 == 1 {
				c.Version = client.SOAP12
			}
			for i := 0; i < rounds; i++ {
				if err := round(&c, a, w, i); err != nil {
					errs <- fmt.Errorf("worker %d round %d: %w", w, i, err)
					return
				}
				if w == 0 && i%5 == 0 {
					e.clock.Advance(minute) // keys age while others use them
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// round is one worker's login, use and failed login.
func round(c *client.Client, a ishare.Account, w, i int) error {
	var r *client.SessionKeyResult
	var err error
	if (w+i)%3 == 0 {
		r, err = c.CreateSessionKeyGET(ctx(), a.Username, a.Password, a.Key)
	} else {
		r, err = c.CreateSessionKey(ctx(), a.Username, a.Password, a.Key)
	}
	if err != nil || !r.Success {
		return fmt.Errorf("login: %v %+v", err, r)
	}
	s, err := c.GetUserSchedule(ctx(), r.ClientID, r.SessionKey)
	if err != nil || !s.Success || len(s.Schedules) != len(a.Schedules) {
		return fmt.Errorf("schedules: %v %+v", err, s)
	}
	s, err = c.GetUserScheduleGET(ctx(), r.ClientID+1, r.SessionKey)
	if err != nil || s.Code() != client.CodeInvalidSessionKey {
		return fmt.Errorf("schedules with another ClientId: %v %+v", err, s)
	}
	bad, err := c.CreateSessionKey(ctx(), a.Username, a.Password+"!", a.Key)
	if err != nil || bad.Code() != client.CodeClientAuthFailed {
		return fmt.Errorf("bad login: %v %+v", err, bad)
	}
	return nil
}

// TestStoreStaysBounded logs in 1000 times against a server capped at 100
// sessions: the store never holds more, the newest keys work and the
// oldest were evicted.
func TestStoreStaysBounded(t *testing.T) {
	const max = 100
	e := start(t, refkit.Options{MaxSessions: max})
	keys := make([]string, 0, 1000)
	for i := 0; i < 1000; i++ {
		keys = append(keys, e.login(e.acct).SessionKey)
		if n := e.srv.Sessions(); n > max {
			t.Fatalf("after %d logins the store holds %d sessions, cap %d", i+1, n, max)
		}
	}
	wantSchedules(t, "newest key", e.schedule(e.acct.ClientID, keys[len(keys)-1]), e.acct)
	evicted := 0
	for _, k := range keys[:500] {
		if r := e.schedule(e.acct.ClientID, k); r.Code() == client.CodeInvalidSessionKey {
			evicted++
		}
	}
	if evicted < 500-max {
		t.Errorf("only %d of the 500 oldest keys were evicted from a store of %d", evicted, max)
	}
}
