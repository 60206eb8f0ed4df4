package ishare

import (
	"context"
	"time"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// Expiry: each timeline creates a key at +0 and uses it at offsets derived
// from session_ttl (TTL) and expiry_margin (M): alive at TTL-M, dead at
// TTL+M. The vendor documents no lifetime (profiles.md: a setting; unset,
// the timelines are SKIPPED). Whether use extends a key is not documented
// either: the timelines use a key only at the instants they judge, so they
// hold for a lifetime counted from creation and for an idle one alike.
// GetUserSchedule is the only call that uses a key, so it is what asks
// whether the key still lives.
const ttlHint = "the vendor documents no session lifetime; set the target's (the reference uses 20m) to check expiry"

var _ = framework.Describe(profile, "expiry", func() {
	api.Expiry("ISHARE-EXP-001", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var s session
		var use *framework.Answer
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { s, err = loginStep(ctx, c, a); return })
		tl.At(ttl-margin, "GetUserSchedule just before expiry", func(ctx context.Context) error {
			use, _ = schedule(ctx, c, s.clientID, s.key, "GetUserSchedule "+(ttl-margin).String()+" after CreateSessionKey (session_ttl "+ttl.String()+")")
			return nil
		})
		tl.Then(func() { Expect(use).To(framework.HaveSucceeded(), "a key lives session_ttl from CreateSessionKey") })
	})

	api.Expiry("ISHARE-EXP-002", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var s session
		var use *framework.Answer
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { s, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule after expiry", func(ctx context.Context) error {
			use, _ = schedule(ctx, c, s.clientID, s.key, "GetUserSchedule "+(ttl+margin).String()+" after CreateSessionKey (session_ttl "+ttl.String()+")")
			return nil
		})
		tl.Then(func() {
			Expect(use).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "an expired key is an invalid key")
		})
	})

	api.Expiry("ISHARE-EXP-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var old, fresh session
		var before, after, renewed *framework.Answer
		tl.At(0, "CreateSessionKey", func(ctx context.Context) (err error) { old, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule with the expired key", func(ctx context.Context) error {
			before, _ = schedule(ctx, c, old.clientID, old.key, "GetUserSchedule with a key expired "+margin.String()+" ago")
			return nil
		})
		tl.At(ttl+margin, "a new CreateSessionKey of the client", func(ctx context.Context) (err error) { fresh, err = loginStep(ctx, c, a); return })
		tl.At(ttl+margin, "GetUserSchedule with the expired key again", func(ctx context.Context) error {
			after, _ = schedule(ctx, c, old.clientID, old.key, "GetUserSchedule with the expired key after the client's next CreateSessionKey")
			return nil
		})
		tl.At(ttl+margin, "GetUserSchedule with the new key", func(ctx context.Context) error {
			renewed, _ = schedule(ctx, c, fresh.clientID, fresh.key, "GetUserSchedule with the client's new key")
			return nil
		})
		tl.Then(func() {
			Expect(before).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "an expired key is an invalid key")
			Expect(renewed).To(framework.HaveSucceeded(), "the client's new key works after its old one expired")
			// A new key equal to the old one is ISHARE-SEC-003's business.
			if fresh.key != old.key {
				Expect(after).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "an expired key is never accepted again, not even after the client's next CreateSessionKey")
			}
		})
	})
})
