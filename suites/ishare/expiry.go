package ishare

import (
	"context"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// Expiry: each timeline creates a key at +0 and uses it at offsets derived
// from session_ttl (TTL) and expiry_margin (M): alive at TTL-M, dead at
// TTL+M. The vendor documents no lifetime, so without session_ttl the
// timelines are SKIPPED. GetUserSchedule is the only call that uses a key,
// so it is what asks whether the key still lives.
var _ = framework.Describe(profile, "expiry", func() {
	framework.Timed("ISHARE-EXP-001", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key *client.SessionKeyResult
		var use *client.ScheduleResult
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl-margin, "GetUserSchedule just before expiry", func(ctx context.Context) (err error) {
			use, err = getUserSchedule(ctx, c, key.ClientID, key.SessionKey)
			return
		})
		tl.Then(func() {
			expect(use.Success, "a session must live session_ttl (%s) from CreateSessionKey, but GetUserSchedule %s after it refused the key: %s",
				ttl, ttl-margin, describeSchedule(use))
		})
	})

	framework.Timed("ISHARE-EXP-002", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var key *client.SessionKeyResult
		var use *client.ScheduleResult
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { key, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule after expiry", func(ctx context.Context) (err error) {
			use, err = getUserSchedule(ctx, c, key.ClientID, key.SessionKey)
			return
		})
		tl.Then(func() {
			expect(!use.Success, "a key must expire session_ttl (%s) after CreateSessionKey, but GetUserSchedule %s after it still answered %s",
				ttl, ttl+margin, describeSchedule(use))
			wantScheduleError(use, client.CodeInvalidSessionKey, "GetUserSchedule with a key expired "+margin.String()+" ago")
		})
	})

	framework.Timed("ISHARE-EXP-003", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var old, fresh *client.SessionKeyResult
		var before, after, renewed *client.ScheduleResult
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { old, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule with the expired key", func(ctx context.Context) (err error) {
			before, err = getUserSchedule(ctx, c, old.ClientID, old.SessionKey)
			return
		})
		tl.At(ttl+margin, "a new CreateSessionKey of the client", func(ctx context.Context) (err error) { fresh, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule with the expired key again", func(ctx context.Context) (err error) {
			after, err = getUserSchedule(ctx, c, old.ClientID, old.SessionKey)
			return
		})
		tl.At(ttl+margin, "GetUserSchedule with the new key", func(ctx context.Context) (err error) {
			renewed, err = getUserSchedule(ctx, c, fresh.ClientID, fresh.SessionKey)
			return
		})
		tl.Then(func() {
			expect(!before.Success, "an expired key must never be accepted again, but GetUserSchedule %s after CreateSessionKey (session_ttl %s) answered %s",
				ttl+margin, ttl, describeSchedule(before))
			wantScheduleError(before, client.CodeInvalidSessionKey, "GetUserSchedule with an expired key")
			expect(renewed.Success, "the client's new key must work after its old one expired; got %s", describeSchedule(renewed))
			// A new key equal to the old one is ISHARE-SEC-003's business.
			if fresh.SessionKey != old.SessionKey {
				expect(!after.Success, "an expired key must never be accepted again, but after the client's next CreateSessionKey the expired key answered %s: creating a key revived the old one",
					describeSchedule(after))
				wantScheduleError(after, client.CodeInvalidSessionKey, "GetUserSchedule with an expired key after the client's next CreateSessionKey")
			}
		})
	})
})
