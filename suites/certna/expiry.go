package certna

import (
	"context"
	"fmt"
	"time"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's matchers read best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// unsetTTL says what to set when session_ttl is unset.
const unsetTTL = "set the target's idle session lifetime (profiles.md decides 20m) to check expiry"

// Idle expiry and keep-alive by use: each timeline logs in at +0 and then
// acts at offsets derived from session_ttl (TTL) and expiry_margin (M):
// alive at TTL-M, dead at TTL+M, counted from the last use. A use is a
// storechecksum, the only documented authorized call.
var _ = framework.Describe(profile, "idle expiry and keep-alive", func() {
	api.Expiry("CERTNA-EXP-001", unsetTTL, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var token string
		var use *framework.Answer
		tl.At(0, "login", loginAt(c, a, &token))
		tl.At(ttl-margin, "storechecksum just before expiry", storeAt(c, &token, &use, fmt.Sprintf("a storechecksum %s after login (session_ttl %s)", ttl-margin, ttl)))
		tl.At(ttl-margin, "logout", closing(c, &token))
		tl.Then(func() {
			Expect(use).To(framework.HaveSucceeded(), "an idle session lives session_ttl (profiles.md: idle lifetime 20 minutes, a setting)")
		})
	})

	api.Expiry("CERTNA-EXP-002", unsetTTL, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var token string
		var use, out *framework.Answer
		tl.At(0, "login", loginAt(c, a, &token))
		tl.At(ttl+margin, "storechecksum after expiry", storeAt(c, &token, &use, fmt.Sprintf("a storechecksum with a token idle for %s (session_ttl %s)", ttl+margin, ttl)))
		tl.At(ttl+margin, "logout after expiry", func(ctx context.Context) error {
			if c.LogoutPath != "" {
				r, err := c.Logout(ctx, token)
				out = logoutAnswer(fmt.Sprintf("a logout with a token idle for %s (session_ttl %s)", ttl+margin, ttl), r, err)
			}
			return nil
		})
		tl.Then(func() {
			Expect(observe("expired token", use)).To(beTokenRefusal(), "a token dies at expiry and is never accepted again")
			if out != nil {
				Expect(observe("expired token", out)).To(beTokenRefusal(), "a token dies at expiry and is never accepted again")
			}
		})
	})

	api.Expiry("CERTNA-EXP-003", unsetTTL, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var token string
		var first, second *framework.Answer
		tl.At(0, "login", loginAt(c, a, &token))
		tl.At(ttl/2, "storechecksum halfway", storeAt(c, &token, &first, fmt.Sprintf("a storechecksum %s after login", ttl/2)))
		tl.At(ttl/2+ttl-margin, "storechecksum before the renewed expiry", storeAt(c, &token, &second,
			fmt.Sprintf("a storechecksum %s after the last use (%s after login, session_ttl %s)", ttl-margin, ttl/2+ttl-margin, ttl)))
		tl.At(ttl/2+ttl-margin, "logout", closing(c, &token))
		tl.Then(func() {
			Expect(first).To(framework.HaveSucceeded())
			Expect(second).To(framework.HaveSucceeded(), "use restarts an idle lifetime (profiles.md: session idle lifetime, a setting)")
		})
	})

	api.Expiry("CERTNA-EXP-004", unsetTTL, func(tl *framework.Timeline, c *client.Client, a framework.Account, ttl, margin time.Duration) {
		var token string
		var first, late *framework.Answer
		tl.At(0, "login", loginAt(c, a, &token))
		tl.At(ttl/2, "storechecksum halfway", storeAt(c, &token, &first, fmt.Sprintf("a storechecksum %s after login", ttl/2)))
		tl.At(ttl/2+ttl+margin, "storechecksum after the renewed expiry", storeAt(c, &token, &late,
			fmt.Sprintf("a storechecksum %s after the last use (%s after login, session_ttl %s)", ttl+margin, ttl/2+ttl+margin, ttl)))
		tl.At(ttl/2+ttl+margin, "logout", closing(c, &token))
		tl.Then(func() {
			Expect(first).To(framework.HaveSucceeded())
			Expect(observe("expired token", late)).To(beTokenRefusal(), "use restarts the idle lifetime from the call and no more")
		})
	})
})

// loginAt is a step that logs a in and keeps the token.
func loginAt(c *client.Client, a framework.Account, token *string) func(context.Context) error {
	return func(ctx context.Context) (err error) {
		*token, err = loginStep(ctx, c, a)
		return err
	}
}

// storeAt is a step that calls storechecksum with the timeline's token and
// keeps the answer in *out.
func storeAt(c *client.Client, token *string, out **framework.Answer, what string) func(context.Context) error {
	return func(ctx context.Context) error {
		r, err := c.StoreChecksum(ctx, *token, document)
		*out = storeAnswer(what, r, err)
		return nil
	}
}

// closing is a last step: it logs the timeline's session out, whatever the
// answer, so no live session is left behind.
func closing(c *client.Client, token *string) func(context.Context) error {
	return func(ctx context.Context) error {
		if *token != "" && c.LogoutPath != "" {
			_, _ = c.Logout(ctx, *token)
		}
		return nil
	}
}
