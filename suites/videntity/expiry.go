package videntity

import (
	"context"
	"time"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// ttlHint says what to set when session_ttl is unset.
const ttlHint = "set the target's session lifetime (30m documented) to check expiry"

// Expiry and keep-alive: each timeline logs in at +0 and then acts at
// offsets derived from session_ttl (TTL) and expiry_margin (M): alive at
// TTL-M, dead at TTL+M. Whether a key is alive is asked with ping, the
// method the vendor documents for it ("check the current session_key and
// make sure it hasn't expired"). Steps only record answers; the Then
// blocks judge them, the login first.
var _ = framework.Describe(profile, "expiry and keep-alive", func() {
	api.Expiry("VID-EXP-001", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, alive *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl-margin, "ping just before expiry", func(ctx context.Context) error {
			alive = ping(ctx, c, in.Token, "a ping "+(ttl-margin).String()+" after login (session_ttl "+ttl.String()+")")
			return nil
		})
		tl.At(ttl-margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			Expect(alive).To(framework.HaveSucceeded(), "a session lives session_ttl from login")
		})
	})

	api.Expiry("VID-EXP-002", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, dead *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl+margin, "ping after expiry", func(ctx context.Context) error {
			dead = ping(ctx, c, in.Token, "a ping "+(ttl+margin).String()+" after login (session_ttl "+ttl.String()+")")
			return nil
		})
		tl.At(ttl+margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			t := api.Target()
			t.Observe("a ping with a key expired a moment ago", dead)
			codes := t.Pin(client.PinExpiredError)
			if len(codes) == 0 {
				codes = []string{"3", "2"} // "after expiry ping → 3 (or 2 once purged)"
			}
			Expect(dead).To(framework.BeRefusedWith(codes...), "after expiry ping → 3 (or 2 once purged)")
		})
	})

	api.Expiry("VID-EXP-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, first, second *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl+margin, "ping after expiry", func(ctx context.Context) error {
			first = ping(ctx, c, in.Token, "a ping with the key expired "+margin.String()+" ago")
			return nil
		})
		tl.At(ttl+margin, "ping again", func(ctx context.Context) error {
			second = ping(ctx, c, in.Token, "a second ping with the expired key, right after the first")
			return nil
		})
		tl.At(ttl+margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			Expect(first).To(framework.BeRefused(), "an expired key is never accepted again")
			Expect(second).To(framework.BeRefused(), "an expired key is never accepted again: the ping of it must not have revived it")
		})
	})

	api.Expiry("VID-EXP-004", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, out, after *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl+margin, "logout after expiry", func(ctx context.Context) error {
			out = logout(ctx, c, in.Token, "a logout with the key expired "+margin.String()+" ago")
			return nil
		})
		tl.At(ttl+margin, "ping after that logout", func(ctx context.Context) error {
			after = ping(ctx, c, in.Token, "a ping with the expired key after its logout")
			return nil
		})
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			api.Target().Observe("a logout with an expired key", out)
			Expect(out).To(framework.HaveDocumentedShape(), "a logout of an expired session is good housekeeping: a documented answer, not a crash")
			Expect(after).To(framework.BeRefusedWith("3", "2"), "an expired key is never accepted again, whatever its logout answered")
		})
	})

	api.Expiry("VID-EXP-005", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		if api.Target().Bool(client.SettingOtherCallsExtend) {
			tl.Skip("other_calls_extend is true: the target documents that every call extends a session")
			return
		}
		var in, other, dead *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		// A failed login, so that no session is (re)issued.
		tl.At(ttl/2, "login attempt carrying the key", func(ctx context.Context) error {
			form := loginForm(wrongPassword(a))
			form.Set(client.FieldSessionKey, in.Token)
			other = postForm(ctx, c, loginPath(c), form, "a login with a wrong password carrying the live session_key")
			return nil
		})
		tl.At(ttl+margin, "ping after expiry", func(ctx context.Context) error {
			dead = ping(ctx, c, in.Token, "a ping "+(ttl+margin).String()+" after login, "+(ttl/2+margin).String()+" after another call carried the key")
			return nil
		})
		tl.At(ttl+margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			Expect(other.OK).To(BeFalse(), "a login with a wrong password must not succeed")
			Expect(dead).To(framework.BeRefused(), "only ping extends a session (other_calls_extend: false)")
		})
	})

	api.Expiry("VID-PING-002", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, first, second *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl/2, "ping halfway", func(ctx context.Context) error {
			first = ping(ctx, c, in.Token, "a ping "+(ttl/2).String()+" after login")
			return nil
		})
		tl.At(ttl/2+ttl-margin, "ping before the renewed expiry", func(ctx context.Context) error {
			second = ping(ctx, c, in.Token, "a ping "+(ttl-margin).String()+" after the first ping ("+(ttl/2+ttl-margin).String()+" after login)")
			return nil
		})
		tl.At(ttl/2+ttl-margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			Expect(first).To(framework.HaveSucceeded())
			Expect(second).To(framework.HaveSucceeded(), "a ping resets the timer: another session_ttl from the ping")
		})
	})

	api.Expiry("VID-PING-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var in, first, dead *framework.Answer
		tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a, "the login"); return in.TokenErr() })
		tl.At(ttl/2, "ping halfway", func(ctx context.Context) error {
			first = ping(ctx, c, in.Token, "a ping "+(ttl/2).String()+" after login")
			return nil
		})
		tl.At(ttl/2+ttl+margin, "ping after the renewed expiry", func(ctx context.Context) error {
			dead = ping(ctx, c, in.Token, "a ping "+(ttl+margin).String()+" after the first ping")
			return nil
		})
		tl.At(ttl/2+ttl+margin, "logout", closing(c, &in))
		tl.Then(func() {
			Expect(in).To(framework.HaveIssuedToken())
			Expect(first).To(framework.HaveSucceeded())
			Expect(dead).To(framework.BeRefused(), "a ping gives another session_ttl from the ping, and no more")
		})
	})
})

// closing is a timeline's last step: it logs the session out, whatever
// the answer, so that no live session is left behind.
func closing(c *client.Client, in **framework.Answer) func(context.Context) error {
	return func(ctx context.Context) error {
		if *in != nil && (*in).Token != "" {
			_, _ = c.Logout(ctx, (*in).Token)
		}
		return nil
	}
}
