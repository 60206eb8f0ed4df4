package videntity

import (
	"context"
	"strconv"
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
// make sure it hasn't expired"). Steps only record answers; the judge
// blocks judge them, the login first.
var _ = framework.Describe(profile, "expiry and keep-alive", func() {
	api.Expiry("VID-EXP-001", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var alive *framework.Answer
		s := begin(tl, c, a)
		s.ping(ttl-margin, "ping just before expiry", "a ping "+(ttl-margin).String()+" after login (session_ttl "+ttl.String()+")", &alive)
		s.close(ttl - margin)
		s.judge(func() {
			Expect(alive).To(framework.HaveSucceeded(), "a session lives session_ttl from login")
		})
	})

	api.Expiry("VID-EXP-002", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var dead *framework.Answer
		s := begin(tl, c, a)
		s.ping(ttl+margin, "ping after expiry", "a ping "+(ttl+margin).String()+" after login (session_ttl "+ttl.String()+")", &dead)
		s.close(ttl + margin)
		s.judge(func() {
			t := api.Target()
			t.Observe("a ping with a key expired a moment ago", dead)
			codes := t.Pin(client.PinExpiredError)
			if len(codes) == 0 {
				codes = expiredOrPurged
			}
			Expect(dead).To(framework.BeRefusedWith(codes...), "after expiry ping → 3 (or 2 once purged)")
		})
	})

	api.Expiry("VID-EXP-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var first, second *framework.Answer
		s := begin(tl, c, a)
		s.ping(ttl+margin, "ping after expiry", "a ping with the key expired "+margin.String()+" ago", &first)
		s.ping(ttl+margin, "ping again", "a second ping with the expired key, right after the first", &second)
		s.close(ttl + margin)
		s.judge(func() {
			Expect(first).To(framework.BeRefused(), "an expired key is never accepted again")
			Expect(second).To(framework.BeRefused(), "an expired key is never accepted again: the ping of it must not have revived it")
		})
	})

	api.Expiry("VID-EXP-004", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var out, after *framework.Answer
		s := begin(tl, c, a)
		s.record(ttl+margin, "logout after expiry", &out, func(ctx context.Context, key string) *framework.Answer {
			return logout(ctx, c, key, "a logout with the key expired "+margin.String()+" ago")
		})
		s.ping(ttl+margin, "ping after that logout", "a ping with the expired key after its logout", &after)
		s.judge(func() {
			api.Target().Observe("a logout with an expired key", out)
			Expect(out).To(framework.HaveDocumentedShape(), "a logout of an expired session is good housekeeping: a documented answer, not a crash")
			Expect(after).To(framework.BeRefusedWith(expiredOrPurged...), "an expired key is never accepted again, whatever its logout answered")
		})
	})

	api.Expiry("VID-EXP-005", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		if api.Target().Bool(client.SettingOtherCallsExtend) {
			tl.Skip("other_calls_extend is true: the target documents that every call extends a session")
			return
		}
		var other, dead *framework.Answer
		s := begin(tl, c, a)
		// A failed login, so that no session is (re)issued.
		s.record(ttl/2, "login attempt carrying the key", &other, func(ctx context.Context, key string) *framework.Answer {
			form := loginForm(wrongPassword(a))
			form.Set(client.FieldSessionKey, key)
			return postForm(ctx, c, c.LoginPath, form, "a login with a wrong password carrying the live session_key")
		})
		s.ping(ttl+margin, "ping after expiry", "a ping "+(ttl+margin).String()+" after login, "+(ttl/2+margin).String()+" after another call carried the key", &dead)
		s.close(ttl + margin)
		s.judge(func() {
			Expect(other.OK).To(BeFalse(), "a login with a wrong password must not succeed")
			Expect(dead).To(framework.BeRefused(), "only ping extends a session (other_calls_extend: false)")
		})
	})

	// VID-PING-002 and VID-PING-003 ping halfway through the session, then
	// once more just before or just after session_ttl from that ping.
	api.Expiry("VID-PING-002", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var first, second *framework.Answer
		s := begin(tl, c, a)
		s.ping(ttl/2, "ping halfway", "a ping "+(ttl/2).String()+" after login", &first)
		s.ping(ttl/2+ttl-margin, "ping before the renewed expiry", "a ping "+(ttl-margin).String()+" after the first ping ("+(ttl/2+ttl-margin).String()+" after login)", &second)
		s.close(ttl/2 + ttl - margin)
		s.judge(func() {
			Expect(first).To(framework.HaveSucceeded())
			Expect(second).To(framework.HaveSucceeded(), "a ping resets the timer: another session_ttl from the ping")
		})
	})

	api.Expiry("VID-PING-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var first, dead *framework.Answer
		s := begin(tl, c, a)
		s.ping(ttl/2, "ping halfway", "a ping "+(ttl/2).String()+" after login", &first)
		s.ping(ttl/2+ttl+margin, "ping after the renewed expiry", "a ping "+(ttl+margin).String()+" after the first ping", &dead)
		s.close(ttl/2 + ttl + margin)
		s.judge(func() {
			Expect(first).To(framework.HaveSucceeded())
			Expect(dead).To(framework.BeRefused(), "a ping gives another session_ttl from the ping, and no more")
		})
	})
})

// expiredOrPurged are the errors of a key that expired: "After expiry ping
// → 3 (or 2 once purged)".
var expiredOrPurged = []string{strconv.Itoa(client.ErrSessionExpired), strconv.Itoa(client.ErrSessionDoesNotExist)}

// timed is one expiry timeline's session: a login at +0 and steps that use
// its key, each keeping its answer for the judge block.
type timed struct {
	tl *framework.Timeline
	c  *client.Client
	in *framework.Answer // the login
}

// begin adds the login of a at +0 to tl; a login that issues no key ends
// the timeline at once.
func begin(tl *framework.Timeline, c *client.Client, a framework.Account) *timed {
	s := &timed{tl: tl, c: c}
	tl.At(0, "login", func(ctx context.Context) error { s.in = login(ctx, c, a, "the login"); return s.in.TokenErr() })
	return s
}

// record adds a step at offset whose answer, made with the session's key,
// is kept in *out.
func (s *timed) record(offset time.Duration, name string, out **framework.Answer, do func(ctx context.Context, key string) *framework.Answer) {
	s.tl.At(offset, name, func(ctx context.Context) error { *out = do(ctx, s.in.Token); return nil })
}

// ping adds a step at offset that pings the session's key.
func (s *timed) ping(offset time.Duration, name, what string, out **framework.Answer) {
	s.record(offset, name, out, func(ctx context.Context, key string) *framework.Answer { return ping(ctx, s.c, key, what) })
}

// close adds the last step: it logs the session out, whatever the answer,
// so that no live session is left behind.
func (s *timed) close(offset time.Duration) {
	s.tl.At(offset, "logout", func(ctx context.Context) error {
		if s.in != nil && s.in.Token != "" {
			_, _ = s.c.Logout(ctx, s.in.Token)
		}
		return nil
	})
}

// judge adds the timeline's assertions, after the one every timeline
// makes: its login issued a key.
func (s *timed) judge(f func()) {
	s.tl.Then(func() {
		Expect(s.in).To(framework.HaveIssuedToken())
		f()
	})
}
