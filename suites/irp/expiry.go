package irp

import (
	"context"
	"fmt"
	"slices"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// Token lifetime: each timeline authenticates at +0 and then checks the
// token at offsets derived from session_ttl (TTL) and expiry_margin (M):
// alive at TTL-M, dead at TTL+M. IRP has no logout: expiry is the only end
// of a token.
var _ = framework.Describe(profile, "token expiry", func() {
	framework.Timed("IRP-EXP-001", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var login, chk *client.Response
		var reused bool
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, reused, err = freshLoginStep(ctx, t, c, a); return })
		tl.At(ttl-margin, "CheckTokenTime just before expiry", func(ctx context.Context) (err error) {
			chk, err = check(ctx, t, c, login.AuthenticationToken, a.Secret)
			return
		})
		tl.Then(func() {
			if reused {
				Skip(reusedReason)
			}
			expect(chk.Success.OK(), "a token must live session_ttl (%s) from its creation (seed: \"The AuthenticationToken will expire five minutes after it was created\"), but CheckTokenTime %s after Authenticate refused it: %s",
				ttl, ttl-margin, describe(chk))
			left, err := lifetimeLeft(ttl, login, chk)
			noErr(err, "reading the answers' TimeStamps")
			what := "a token checked " + (ttl - margin).String() + " after it was issued"
			if s, err := settingsOf(t); err == nil && s.UseExtendsToken {
				left, what = ttl, what+" (use_extends_token: the check restarts its lifetime)"
			} else if got, err := chk.Remaining(); err == nil && (ttl-got).Abs() <= remainingTolerance {
				Fail(fmt.Sprintf("%s: MinutesRemaining must be about %s, the lifetime left; got %q, the whole session_ttl: the check restarted the token's lifetime, but use does not extend a token (use_extends_token false)",
					what, mmss(left), chk.MinutesRemaining))
			}
			checkRemaining(chk, left, what)
		})
	})

	framework.Timed("IRP-EXP-002", func(t *framework.Target, tl *framework.Timeline) {
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var login, chk *client.Response
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, err = loginStep(ctx, t, c, a); return })
		tl.At(ttl+margin, "CheckTokenTime after expiry", func(ctx context.Context) (err error) {
			chk, err = check(ctx, t, c, login.AuthenticationToken, a.Secret)
			return
		})
		tl.Then(func() {
			expect(!chk.Success.OK(), "a token must expire session_ttl (%s) after its creation (seed: \"you will need to authenticate again and receive a fresh AuthenticationToken\"), but CheckTokenTime %s after Authenticate still accepted it: %s",
				ttl, ttl+margin, describe(chk))
			expect(slices.Equal(chk.Codes(), []int{client.CodeTokenExpired}), "CheckTokenTime with a token expired %s ago must answer 1000 Authentication Token Has Just Expired; got %s",
				margin, describe(chk))
		})
	})

	framework.Timed("IRP-EXP-003", func(t *framework.Target, tl *framework.Timeline) {
		if s, err := settingsOf(t); err == nil && s.UseExtendsToken {
			tl.Skip("use_extends_token is true: the target documents that using a token restarts its lifetime")
			return
		}
		c, a, ttl, margin, ok := timedSetup(t, tl)
		if !ok {
			return
		}
		var login, used, late *client.Response
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, err = loginStep(ctx, t, c, a); return })
		tl.At(ttl/2, "CheckTokenTime halfway", func(ctx context.Context) (err error) {
			used, err = check(ctx, t, c, login.AuthenticationToken, a.Secret)
			return
		})
		tl.At(ttl+margin, "CheckTokenTime after expiry", func(ctx context.Context) (err error) {
			late, err = check(ctx, t, c, login.AuthenticationToken, a.Secret)
			return
		})
		tl.Then(func() {
			expect(used.Success.OK(), "CheckTokenTime %s after Authenticate (half of session_ttl %s) must accept the token; got %s", ttl/2, ttl, describe(used))
			expect(!late.Success.OK(), "using a token must not extend it (\"you can use an AuthenticationToken for up to five minutes\"; use_extends_token false), but after a CheckTokenTime at +%s the token was still accepted %s after Authenticate: %s",
				ttl/2, ttl+margin, describe(late))
		})
	})
})
