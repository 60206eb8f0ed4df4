package certna

import (
	"context"
	"fmt"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// Idle expiry and keep-alive by use: each timeline logs in at +0 and then
// acts at offsets derived from session_ttl (TTL) and expiry_margin (M):
// alive at TTL-M, dead at TTL+M, counted from the last use. A use is a
// storechecksum, the documented authorized call.
var _ = framework.Describe(profile, "idle expiry and keep-alive", func() {
	framework.Timed("CERTNA-EXP-001", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var token string
		var use *client.StoreChecksumResult
		tl.At(0, "login", func(ctx context.Context) (err error) { token, err = loginStep(ctx, c, a); return })
		tl.At(ttl-margin, "storechecksum just before expiry", store(c, &token, &use))
		tl.At(ttl-margin, "logout", closing(c, &token))
		tl.Then(func() {
			expect(use.OK(), "an idle session must live session_ttl (%s), but a storechecksum %s after login was refused: %s", ttl, ttl-margin, storeAnswer(use))
		})
	})

	framework.Timed("CERTNA-EXP-002", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var token string
		var use *client.StoreChecksumResult
		var logout *client.LogoutResult
		tl.At(0, "login", func(ctx context.Context) (err error) { token, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "storechecksum after expiry", store(c, &token, &use))
		tl.At(ttl+margin, "logout after expiry", func(ctx context.Context) (err error) {
			if c.LogoutPath != "" {
				logout, err = c.Logout(ctx, token)
			}
			return
		})
		tl.Then(func() {
			ans := storeAnswer(use)
			expect(!use.OK(), "a token must expire after session_ttl (%s) idle, but a storechecksum %s after login was accepted (%s)", ttl, ttl+margin, ans)
			expect(ans.code == client.CodeInvalidToken, "a storechecksum with a token idle for %s (session_ttl %s) must be refused with {\"code\":%q}; got %s", ttl+margin, ttl, client.CodeInvalidToken, ans)
			if logout != nil {
				la := logoutAnswer(logout)
				expect(!logout.OK() && la.code == client.CodeInvalidToken, "an expired token must never be accepted again, but a logout with a token idle for %s was answered %s; want {\"code\":%q}", ttl+margin, la, client.CodeInvalidToken)
			}
		})
	})

	framework.Timed("CERTNA-EXP-003", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var token string
		var first, second *client.StoreChecksumResult
		tl.At(0, "login", func(ctx context.Context) (err error) { token, err = loginStep(ctx, c, a); return })
		tl.At(ttl/2, "storechecksum halfway", store(c, &token, &first))
		tl.At(ttl/2+ttl-margin, "storechecksum before the renewed expiry", store(c, &token, &second))
		tl.At(ttl/2+ttl-margin, "logout", closing(c, &token))
		tl.Then(func() {
			expect(first.OK(), "a storechecksum %s after login must succeed; got %s", ttl/2, storeAnswer(first))
			expect(second.OK(), "use must restart the idle lifetime (%s), but %s after a storechecksum (%s after login) the token was refused: %s",
				ttl, ttl-margin, ttl/2+ttl-margin, storeAnswer(second))
		})
	})

	framework.Timed("CERTNA-EXP-004", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var token string
		var first, late *client.StoreChecksumResult
		tl.At(0, "login", func(ctx context.Context) (err error) { token, err = loginStep(ctx, c, a); return })
		tl.At(ttl/2, "storechecksum halfway", store(c, &token, &first))
		tl.At(ttl/2+ttl+margin, "storechecksum after the renewed expiry", store(c, &token, &late))
		tl.At(ttl/2+ttl+margin, "logout", closing(c, &token))
		tl.Then(func() {
			expect(first.OK(), "a storechecksum %s after login must succeed; got %s", ttl/2, storeAnswer(first))
			ans := storeAnswer(late)
			expect(!late.OK(), "use must restart the idle lifetime (%s) from the call and no more, but %s after the last use (%s after login) the token was still accepted (%s)",
				ttl, ttl+margin, ttl/2+ttl+margin, ans)
			expect(ans.code == client.CodeInvalidToken, "a token idle for %s since its last use must be refused with {\"code\":%q}; got %s", ttl+margin, client.CodeInvalidToken, ans)
		})
	})
})

// store is a step that calls storechecksum with the timeline's token and
// keeps the answer in *out.
func store(c *client.Client, token *string, out **client.StoreChecksumResult) func(context.Context) error {
	return func(ctx context.Context) (err error) {
		*out, err = c.StoreChecksum(ctx, *token, document)
		if err != nil {
			return fmt.Errorf("storechecksum, the call that proves whether the session lives, got no documented answer: %w", err)
		}
		return nil
	}
}

// closing is a last step: it logs the timeline's session out, whatever the
// answer, so no live session is left behind.
func closing(c *client.Client, token *string) func(context.Context) error {
	return func(ctx context.Context) error {
		logoutQuietly(ctx, c, *token)
		return nil
	}
}
