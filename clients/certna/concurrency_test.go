package certna_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/authprobe/authprobe/clients/certna"
	refcertna "github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Many goroutines log in, use and log out at once; every token is unique,
// works until its own logout and dies after it.
func TestConcurrentSessions(t *testing.T) {
	c, _ := startServer(t, refkit.Options{})
	accounts := refcertna.DemoAccounts()
	const workers, rounds = 24, 15
	var (
		mu     sync.Mutex
		tokens = map[string]bool{}
		wg     sync.WaitGroup
		errs   = make(chan error, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			a := accounts[w%len(accounts)]
			for i := range rounds {
				if err := oneSession(ctx, c, a, &mu, tokens); err != nil {
					errs <- fmt.Errorf("worker %d round %d (%s): %w", w, i, a.UserName, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(tokens) != workers*rounds {
		t.Errorf("%d distinct tokens for %d logins", len(tokens), workers*rounds)
	}
}

func oneSession(ctx context.Context, c *certna.Client, a refcertna.Account, mu *sync.Mutex, tokens map[string]bool) error {
	r, err := c.Login(ctx, a.UserName, a.Password)
	if err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("login refused: %s", r.FailureCode())
	}
	mu.Lock()
	dup := tokens[r.AccessToken]
	tokens[r.AccessToken] = true
	mu.Unlock()
	if dup {
		return fmt.Errorf("token issued twice")
	}
	s, err := c.StoreChecksum(ctx, r.AccessToken, certna.Checksum([]byte(r.AccessToken)))
	if err != nil {
		return err
	}
	if !s.OK() {
		return fmt.Errorf("store checksum refused: %s", s.FailureCode())
	}
	l, err := c.Logout(ctx, r.AccessToken)
	if err != nil {
		return err
	}
	if !l.OK() {
		return fmt.Errorf("logout refused: %s", l.FailureCode())
	}
	s, err = c.StoreChecksum(ctx, r.AccessToken, certna.Checksum([]byte(r.AccessToken)))
	if err != nil {
		return err
	}
	if s.FailureCode() != certna.CodeInvalidToken {
		return fmt.Errorf("token still answered %q after logout", s.FailureCode())
	}
	return nil
}
