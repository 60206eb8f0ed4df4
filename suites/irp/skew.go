package irp

import (
	"context"
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// windows returns the TimeStamp windows (past, future) and skew_margin of
// t, or why the skew specs cannot run.
func windows(t *framework.Target) (past, future, margin time.Duration, why string) {
	s, err := settingsOf(t)
	if err != nil {
		return 0, 0, 0, err.Error()
	}
	margin = s.SkewMargin
	if margin >= s.TimestampWindow/2 || margin >= s.FutureWindow/2 {
		return 0, 0, 0, fmt.Sprintf("skew_margin %s must be under half of timestamp_window %s and future_window %s", margin, s.TimestampWindow, s.FutureWindow)
	}
	return s.TimestampWindow, s.FutureWindow, margin, ""
}

// The TimeStamp window: "within two minutes of the server's current time",
// both ways (profiles.md decision). The specs never wait for a TimeStamp to
// age: they send TimeStamps shifted from the target's clock (measured
// first) to skew_margin inside or outside the window, which covers a window
// checked as an instant or on whole seconds, bounds included or not.
var _ = framework.Describe(profile, "timestamp window", func() {
	var (
		c                    *client.Client
		a                    framework.Account
		past, future, margin time.Duration
	)
	BeforeEach(func() {
		var why string
		past, future, margin, why = windows(target())
		if why != "" {
			Skip(why)
		}
		c = api.Client()
		a = api.Account(0)
	})
	framework.It("IRP-SKEW-001", func() {
		for _, e := range insideEdges(past, future, margin) {
			at := edgeStamp(key(a), e)
			r := authenticateAt(c, a, at,
				fmt.Sprintf("an Authenticate with a TimeStamp %s from the target's clock (skew_margin inside the window)", signed(e.skew)))
			Expect(r.Answer).To(framework.HaveIssuedToken(), "a TimeStamp \"within two minutes of the server's current time\" is accepted, past or future (seed; profiles.md: the window is symmetric)")
			if e.skew > 0 {
				outlive(at)
			}
		}
	})

	outside := func(e edge) {
		GinkgoHelper()
		r := authenticateAt(c, a, edgeStamp(key(a), e),
			fmt.Sprintf("an Authenticate with a TimeStamp %s from the target's clock (skew_margin outside the window)", signed(e.skew)))
		Expect(r.Answer).To(framework.BeRefusedWith(codes(client.CodeTimestampWindow)...),
			"a TimeStamp must be \"within two minutes of the server's current time or the request will be considered too old and will not be processed\" (seed)")
	}

	framework.It("IRP-SKEW-002", func() { outside(outsideEdges(past, future, margin)[0]) })

	framework.It("IRP-SKEW-003", func() { outside(outsideEdges(past, future, margin)[1]) })

	framework.It("IRP-SKEW-004", func() {
		r := login(c, a, "Authenticate")
		Expect(r.Answer).To(framework.HaveIssuedToken())
		for _, e := range outsideEdges(past, future, margin) {
			chk := checkAt(c, r.Token, secret(a), edgeStamp(r.Token, e),
				fmt.Sprintf("a CheckTokenTime with a TimeStamp %s from the target's clock", signed(e.skew)))
			Expect(chk.Answer).To(framework.BeRefusedWith(codes(client.CodeTimestampWindow)...),
				"CheckTokenTime takes \"the current UTC DateTime and the Signature constructed in the same way as before\" (seed): the same window")
		}
	})

	framework.It("IRP-REPLAY-002", func() {
		fields := authFields(a)
		first := send(c, mAuth, fields, "Authenticate")
		Expect(first.Answer).To(framework.HaveIssuedToken())
		again := send(c, mAuth, fields, "the same signed Authenticate sent again inside the window")
		target().Observe(again.What, again.Answer)
		Expect(again.Answer).To(framework.NotCrash())
		if again.OK && again.Token != "" {
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
		late := past + margin
		a, err := t.Account(0)
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
		var first, replay *reply
		var at time.Time
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) {
			at, err = freshStamp(ctx, t, key(a))
			if err != nil {
				return err
			}
			fields = client.SignedAuthenticateFields(key(a), secret(a), at)
			r, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, fields)
			first = answer("Authenticate", mAuth, r, err)
			return nil
		})
		tl.At(late, "the same request again", func(ctx context.Context) error {
			// The TimeStamp may be older than the timeline's start; the
			// replay comes once it is late (plus its second) old, whatever
			// the first step waited.
			if err := waitUntil(ctx, t, at.Add(late+time.Second)); err != nil {
				return err
			}
			r, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, fields)
			replay = answer(fmt.Sprintf("the same signed Authenticate replayed %s later", late), mAuth, r, err)
			return nil
		})
		tl.Then(func() {
			Expect(first.Answer).To(framework.HaveIssuedToken())
			t.Observe("a signed Authenticate replayed after the window", replay.Answer)
			Expect(replay.Answer).To(framework.BeRefusedWith(t.Pin(client.PinStaleReplayCode)...),
				"a captured Authenticate stops working once its TimeStamp is out of the window (seed: \"you would need to create a new Signature after two minutes had passed\")")
		})
	})
})

// edge is a TimeStamp skew from the target's clock near an edge of the
// window, and how edgeStamp may move it: by dir (1 later, -1 earlier), at
// most limit, so that it stays on its side of the edge.
type edge struct {
	skew  time.Duration
	dir   int
	limit time.Duration
}

// insideEdges are skew_margin inside the window, past then future: each may
// move toward the target's time, but stays at least half the window from
// it (a window half as wide is still told apart).
func insideEdges(past, future, margin time.Duration) []edge {
	limit := func(window time.Duration) time.Duration { return max(window/2-margin-time.Second, 0) }
	return []edge{{-(past - margin), 1, limit(past)}, {future - margin, -1, limit(future)}}
}

// outsideEdges are skew_margin outside the window, past then future: each
// may move up to half the window further out.
func outsideEdges(past, future, margin time.Duration) []edge {
	return []edge{{-(past + margin), -1, past / 2}, {future + margin, 1, future / 2}}
}

// signed prints a clock shift with its sign ("-2m15s", "+2m15s").
func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + d.String()
	}
	return d.String()
}
