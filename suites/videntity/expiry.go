package videntity

import (
	"context"
	"net/url"
	"strconv"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// Expiry and keep-alive: each timeline logs in at +0 and then acts at
// offsets derived from session_ttl (TTL) and expiry_margin (M): alive at
// TTL-M, dead at TTL+M. Whether a key is dead is asked with logout where a
// ping could itself change the answer (a ping that revives an expired key
// is VID-EXP-002/003's business).
var _ = framework.Describe(profile, "expiry and keep-alive", func() {
	framework.Timed("VID-EXP-001", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var ping *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl-margin, "ping just before expiry", func(ctx context.Context) (err error) { ping, err = c.Ping(ctx, key); return })
		tl.At(ttl-margin, "logout", logoutQuietly(c, &key))
		tl.Then(func() {
			expect(ping.OK(), "a session must live session_ttl (%s) from login, but a ping %s after login was refused: %s", ttl, ttl-margin, describe(ping))
		})
	})

	framework.Timed("VID-EXP-002", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var ping *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "ping after expiry", func(ctx context.Context) (err error) { ping, err = c.Ping(ctx, key); return })
		tl.At(ttl+margin, "logout", logoutQuietly(c, &key))
		tl.Then(func() {
			expect(!ping.OK(), "a key must expire session_ttl (%s) after login, but a ping %s after login answered SUCCESS", ttl, ttl+margin)
			expect(ping.ErrorNumber == client.ErrSessionExpired && ping.ErrorName == client.NameSessionExpired,
				"a ping with a key expired %s ago must answer error 3 SESSION_EXPIRED; got %s", margin, describe(ping))
		})
	})

	framework.Timed("VID-EXP-003", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var ping, logout *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "ping after expiry", func(ctx context.Context) (err error) { ping, err = c.Ping(ctx, key); return })
		tl.At(ttl+margin, "logout after that ping", func(ctx context.Context) (err error) { logout, err = c.Logout(ctx, key); return })
		tl.Then(func() {
			expect(!ping.OK(), "an expired key must never be accepted again, but a ping %s after login (session_ttl %s) answered SUCCESS", ttl+margin, ttl)
			expect(!logout.OK(), "an expired key must never be accepted again, but after a ping of the expired key a logout with it answered SUCCESS: the ping revived the session")
		})
	})

	framework.Timed("VID-EXP-004", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var logout, ping *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "logout after expiry", func(ctx context.Context) (err error) { logout, err = c.Logout(ctx, key); return })
		tl.At(ttl+margin, "ping after that logout", func(ctx context.Context) (err error) { ping, err = c.Ping(ctx, key); return })
		tl.Then(func() {
			expect(!logout.OK(), "a logout with a key expired %s ago must not succeed; got %s", margin, describe(logout))
			expect(logout.ErrorNumber == client.ErrSessionExpired && logout.ErrorName == client.NameSessionExpired,
				"a logout with a key expired %s ago must answer error 3 SESSION_EXPIRED; got %s", margin, describe(logout))
			expect(ping.ErrorNumber == client.ErrSessionDoesNotExist,
				"a logout of an expired key deletes it (good housekeeping), so a ping afterwards must answer error 2 SESSION_DOES_NOT_EXIST; got %s", describe(ping))
		})
	})

	framework.Timed("VID-EXP-005", func(t *framework.Target, tl *framework.Timeline) {
		if extend, _ := strconv.ParseBool(t.Setting(client.SettingOtherCallsExtend)); extend {
			tl.Skip("other_calls_extend is true: the target documents that every call extends a session")
			return
		}
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var other, logout *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		// A failed login, so that no session is (re)issued: a key equal to
		// the password would otherwise come back with a fresh timer.
		tl.At(ttl/2, "login attempt carrying the key", func(ctx context.Context) (err error) {
			other, err = c.PostForm(ctx, c.LoginPath, url.Values{
				client.FieldUsername: {a.Username}, client.FieldPassword: {wrongPassword(a)},
				client.FieldAccountNumber: {a.AccountNumber}, client.FieldSessionKey: {key},
			})
			return
		})
		tl.At(ttl+margin, "logout after expiry", func(ctx context.Context) (err error) { logout, err = c.Logout(ctx, key); return })
		tl.Then(func() {
			expect(!other.OK(), "a login with a wrong password must not succeed; got %s", describe(other))
			expect(!logout.OK(), "only ping extends a session (other_calls_extend: false), but after a login attempt carrying the key at +%s the key was still accepted %s after login (logout SUCCESS)", ttl/2, ttl+margin)
		})
	})

	framework.Timed("VID-PING-002", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var first, second *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl/2, "ping halfway", func(ctx context.Context) (err error) { first, err = c.Ping(ctx, key); return })
		tl.At(ttl/2+ttl-margin, "ping before the renewed expiry", func(ctx context.Context) (err error) { second, err = c.Ping(ctx, key); return })
		tl.At(ttl/2+ttl-margin, "logout", logoutQuietly(c, &key))
		tl.Then(func() {
			expect(first.OK(), "a ping %s after login must answer SUCCESS; got %s", ttl/2, describe(first))
			expect(second.OK(), "a ping must reset the timer to session_ttl (%s) from the ping, but %s after the ping (%s after login) the key was refused: %s",
				ttl, ttl-margin, ttl/2+ttl-margin, describe(second))
		})
	})

	framework.Timed("VID-PING-003", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key string
		var ping, logout *client.Response
		tl.At(0, "login", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl/2, "ping halfway", func(ctx context.Context) (err error) { ping, err = c.Ping(ctx, key); return })
		tl.At(ttl/2+ttl+margin, "logout after the renewed expiry", func(ctx context.Context) (err error) { logout, err = c.Logout(ctx, key); return })
		tl.Then(func() {
			expect(ping.OK(), "a ping %s after login must answer SUCCESS; got %s", ttl/2, describe(ping))
			expect(!logout.OK(), "a ping must reset the timer to session_ttl (%s) from the ping and no more, but %s after the ping the key was still accepted (logout SUCCESS)",
				ttl, ttl+margin)
		})
	})
})

// logoutQuietly is a closing step: it logs the timeline's session out,
// whatever the answer, so no live session is left behind.
func logoutQuietly(c *client.Client, key *string) func(context.Context) error {
	return func(ctx context.Context) error {
		if *key != "" {
			_, _ = c.Logout(ctx, *key)
		}
		return nil
	}
}
