package irp

import (
	"context"
	"fmt"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// The TimeStamp window: "within two minutes of the server's current time",
// both ways (profiles.md decision). The specs never wait for a TimeStamp to
// age: they send TimeStamps shifted from the target's clock (measured
// first) to skew_margin inside or outside the window.
var _ = framework.Describe(profile, "timestamp window", func() {
	var (
		c                    *client.Client
		a                    account
		past, future, margin time.Duration
	)
	BeforeEach(func() {
		var why string
		past, future, margin, why = windows(target())
		if why != "" {
			Skip(why)
		}
		c = specClient()
		a = mustAccount(0)
	})
	now := func() time.Time {
		n, err := freshServerNow(framework.Ctx(), target())
		if err != nil {
			Fail(err.Error(), 1)
		}
		return n
	}

	framework.It("IRP-SKEW-001", func() {
		base := now()
		for _, skew := range []time.Duration{-(past - margin), future - margin} {
			r, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, base.Add(skew))
			noErr(err, fmt.Sprintf("Authenticate with a TimeStamp %s from the target's clock", signed(skew)))
			expect(r.Issued(), "a TimeStamp within the window must be accepted (timestamp_window %s, future_window %s), but one %s from the target's clock (skew_margin %s inside) was refused: %s",
				past, future, signed(skew), margin, describe(r))
		}
	})

	outside := func(skew time.Duration) {
		r, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, now().Add(skew))
		noErr(err, fmt.Sprintf("Authenticate with a TimeStamp %s from the target's clock", signed(skew)))
		expect(!r.Issued(), "a TimeStamp must be \"within two minutes of the server's current time or the request will be considered too old and will not be processed\" (seed), but one %s from the target's clock was issued a token",
			signed(skew))
		expect(slices.Equal(r.Codes(), []int{client.CodeTimestampWindow}), "a TimeStamp %s from the target's clock must be answered 2001 TimeStamp Is Not Within Permitted Timespan; got %s",
			signed(skew), describe(r))
	}

	framework.It("IRP-SKEW-002", func() { outside(-(past + margin)) })

	framework.It("IRP-SKEW-003", func() { outside(future + margin) })

	framework.It("IRP-SKEW-004", func() {
		r := login(c, a, "Authenticate")
		base := now()
		for _, skew := range []time.Duration{-(past + margin), future + margin} {
			chk, err := c.CheckTokenTime(framework.Ctx(), r.AuthenticationToken, a.Secret, base.Add(skew))
			noErr(err, fmt.Sprintf("CheckTokenTime with a TimeStamp %s from the target's clock", signed(skew)))
			expect(!chk.Success.OK(), "CheckTokenTime takes \"the current UTC DateTime and the Signature constructed in the same way as before\" (seed), so its TimeStamp must be within the window too, but one %s from the target's clock was accepted: %s",
				signed(skew), describe(chk))
			expect(slices.Equal(chk.Codes(), []int{client.CodeTimestampWindow}), "a CheckTokenTime whose TimeStamp is %s from the target's clock must be answered 2001; got %s",
				signed(skew), describe(chk))
		}
	})

	framework.It("IRP-REPLAY-002", func() {
		fields := client.SignedAuthenticateFields(a.Key, a.Secret, specNow())
		first, err := c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, fields)
		noErr(err, "Authenticate")
		expect(first.Issued(), "a correctly signed Authenticate must issue a token; got %s", describe(first))
		again, err := c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, fields)
		noErr(err, "the same Authenticate sent again")
		if again.Issued() {
			framework.Warn("a signed Authenticate replayed unchanged (same TimeStamp and Signature) inside the window was issued another token: anyone who captures a request can log in with it for up to %s; the vendor does not forbid it, but a server could refuse a Signature it has seen", past)
		}
	})
})

// A replay after the window has passed (needs the request to age: timed).
var _ = framework.Describe(profile, "replay", func() {
	framework.Timed("IRP-REPLAY-001", func(t *framework.Target, tl *framework.Timeline) {
		past, _, margin, why := windows(t)
		if why != "" {
			tl.Skip(why)
			return
		}
		a, err := accountOf(t, 0)
		if err != nil {
			tl.Skip(err.Error())
			return
		}
		c, err := newClient(t)
		if err != nil {
			tl.Then(func() { Fail(err.Error()) })
			return
		}
		var fields client.Fields
		var first, replay *client.Response
		tl.At(0, "Authenticate", func(ctx context.Context) error {
			now, err := serverNow(ctx, t)
			if err != nil {
				return err
			}
			fields = client.SignedAuthenticateFields(a.Key, a.Secret, now)
			first, err = c.SendFields(ctx, client.AuthenticatePath, c.Encoding, fields)
			return err
		})
		tl.At(past+margin, "the same request again", func(ctx context.Context) (err error) {
			replay, err = c.SendFields(ctx, client.AuthenticatePath, c.Encoding, fields)
			return
		})
		tl.Then(func() {
			expect(first.Issued(), "a correctly signed Authenticate must issue a token; got %s", describe(first))
			expect(!replay.Issued(), "a captured Authenticate must stop working once its TimeStamp is out of the window (seed: \"you would need to create a new Signature after two minutes had passed\"), but the same request replayed %s later was issued a token",
				past+margin)
			expect(slices.Equal(replay.Codes(), []int{client.CodeTimestampWindow}), "an Authenticate replayed %s after it was signed must be answered 2001 TimeStamp Is Not Within Permitted Timespan; got %s",
				past+margin, describe(replay))
		})
	})
})

// signed prints a clock shift with its sign ("-2m15s", "+2m15s").
func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + d.String()
	}
	return d.String()
}
