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

// loginStep authenticates a in a timeline step and returns the answer, or
// an error saying why no token was issued (steps must not call Gomega).
func loginStep(ctx context.Context, t *framework.Target, c *client.Client, a framework.Account) (*reply, error) {
	r := loginCtx(ctx, t, c, a, "Authenticate with the configured credentials")
	if r.Err != nil && r.Exchange == nil {
		return nil, fmt.Errorf("Authenticate with API key %s: %w", mask(key(a)), r.Err)
	}
	if !r.OK || r.Token == "" || r.R == nil {
		return r, fmt.Errorf("Authenticate with the configured API key %s and its shared secret, signed at the target's time, must issue a token; got %s", mask(key(a)), r.Outcome())
	}
	return r, nil
}

// freshLoginStep authenticates a twice and returns the second answer;
// reused reports that both returned the same token, which is then of
// unknown age (a target that hands out a key's live token again), so a
// lifetime cannot be measured from it.
func freshLoginStep(ctx context.Context, t *framework.Target, c *client.Client, a framework.Account) (r *reply, reused bool, err error) {
	first, err := loginStep(ctx, t, c, a)
	if err != nil {
		return nil, false, err
	}
	r, err = loginStep(ctx, t, c, a)
	if err != nil {
		return nil, false, err
	}
	return r, r.Token == first.Token, nil
}

// checkStep runs CheckTokenTime in a timeline step.
func checkStep(ctx context.Context, t *framework.Target, c *client.Client, token string, a framework.Account, what string) *reply {
	return checkCtx(ctx, t, c, token, secret(a), what)
}

// checkAfter runs CheckTokenTime in a timeline step once at least d has
// passed on the target's clock since the login answer's TimeStamp: the
// step's own offset counts from the timeline's start, and the login may
// have waited for a fresh TimeStamp.
func checkAfter(ctx context.Context, t *framework.Target, c *client.Client, login *reply, d time.Duration, a framework.Account, what string) (*reply, error) {
	if issued, err := login.R.ServerTime(); err == nil {
		if err := waitUntil(ctx, t, issued.Add(d)); err != nil {
			return nil, err
		}
	}
	return checkStep(ctx, t, c, login.Token, a, what), nil
}

// expired registers a timeline that checks a token session_ttl plus
// expiry_margin after it was issued and hands the answer to then.
func expired(id string, then func(t *framework.Target, chk *reply, ttl, margin time.Duration)) bool {
	return api.Expiry(id, ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		t := framework.T(profile)
		var login, chk *reply
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, err = loginStep(ctx, t, c, a); return })
		tl.At(ttl+margin, "CheckTokenTime after expiry", func(ctx context.Context) (err error) {
			chk, err = checkAfter(ctx, t, c, login, ttl+margin, a, fmt.Sprintf("a CheckTokenTime %s after the token was issued (session_ttl %s)", ttl+margin, ttl))
			return err
		})
		tl.Then(func() { then(t, chk, ttl, margin) })
	})
}

// Token lifetime: each timeline authenticates at +0 and then checks the
// token at offsets derived from session_ttl (TTL) and expiry_margin (M):
// alive at TTL-M, dead at TTL+M. IRP has no logout: expiry is the only end
// of a token.
var _ = framework.Describe(profile, "token expiry", func() {
	api.Expiry("IRP-EXP-001", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		t := framework.T(profile)
		var login, chk *reply
		var reused bool
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, reused, err = freshLoginStep(ctx, t, c, a); return })
		tl.At(ttl-margin, "CheckTokenTime just before expiry", func(ctx context.Context) error {
			chk = checkStep(ctx, t, c, login.Token, a, fmt.Sprintf("a CheckTokenTime %s after the token was issued (session_ttl %s)", ttl-margin, ttl))
			return nil
		})
		tl.Then(func() {
			if reused {
				Skip(reusedReason)
			}
			Expect(chk.Answer).To(framework.HaveSucceeded(), "a token lives session_ttl from its creation (seed: \"The AuthenticationToken will expire five minutes after it was created\")")
			left, err := lifetimeLeft(ttl, login.R, chk.R)
			Expect(err).NotTo(HaveOccurred(), "reading the answers' TimeStamps")
			what := "a token checked " + (ttl - margin).String() + " after it was issued"
			s, err := settingsOf(t)
			Expect(err).NotTo(HaveOccurred())
			if s.UseExtendsToken {
				left, what = ttl, what+" (use_extends_token: the check restarts its lifetime)"
			} else if got, err := chk.R.Remaining(); err == nil && (ttl-got).Abs() <= s.RemainingTolerance && (ttl-left) > 2*s.RemainingTolerance {
				Fail(fmt.Sprintf("%s: MinutesRemaining must be about %s, the lifetime left; got %q, the whole session_ttl: the check restarted the token's lifetime, but use does not extend a token (profiles.md decision; use_extends_token false)",
					what, mmss(left), chk.R.MinutesRemaining))
			}
			checkRemaining(chk, left, what)
		})
	})

	expired("IRP-EXP-002", func(t *framework.Target, chk *reply, ttl, margin time.Duration) {
		t.Observe("a token checked just after its expiry", chk.Answer)
		Expect(chk.Answer).To(framework.BeRefusedWith(pinOrOf(t, client.PinExpiredTokenCode, client.CodeTokenExpired, client.CodeNoKeyForToken)...),
			"\"The AuthenticationToken will expire five minutes after it was created, therefore you will need to authenticate again\" (seed)")
	})

	expired("IRP-EXP-004", func(t *framework.Target, chk *reply, ttl, margin time.Duration) {
		if !chk.Refused {
			Skip("the expired token was not refused in a documented shape (IRP-EXP-002 reports it)")
		}
		if !chk.HasCode(codes(client.CodeTokenExpired)...) {
			framework.Warn("a token checked %s after it expired should be answered 1000 Authentication Token has just expired (profiles.md), but it got %s: a client cannot tell an expired token (authenticate again) from one that never existed", margin, chk.Outcome())
		}
	})

	api.Expiry("IRP-EXP-003", ttlHint, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		t := framework.T(profile)
		if s, err := settingsOf(t); err == nil && s.UseExtendsToken {
			tl.Skip("use_extends_token is true: the target documents that using a token restarts its lifetime")
			return
		}
		var login, used, late *reply
		tl.At(0, "Authenticate", func(ctx context.Context) (err error) { login, err = loginStep(ctx, t, c, a); return })
		tl.At(ttl/2, "CheckTokenTime halfway", func(ctx context.Context) (err error) {
			used, err = checkAfter(ctx, t, c, login, ttl/2, a, fmt.Sprintf("a CheckTokenTime %s after Authenticate (half of session_ttl %s)", ttl/2, ttl))
			return err
		})
		tl.At(ttl+margin, "CheckTokenTime after expiry", func(ctx context.Context) (err error) {
			late, err = checkAfter(ctx, t, c, login, ttl+margin, a, fmt.Sprintf("a CheckTokenTime %s after Authenticate, after one at +%s", ttl+margin, ttl/2))
			return err
		})
		tl.Then(func() {
			Expect(used.Answer).To(framework.HaveSucceeded())
			Expect(late.Answer).NotTo(framework.HaveSucceeded(), "using a token does not extend it (profiles.md decision: \"Use does not extend a token\")")
			Expect(late.Token).To(BeEmpty())
		})
	})
})
