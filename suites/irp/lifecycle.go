package irp

import (
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// clockSlack is how far an answer's TimeStamp may be from the target's
// time as the specs estimate it.
const clockSlack = time.Minute

var _ = framework.Describe(profile, "Authenticate and CheckTokenTime", func() {
	// One token walks through Authenticate → CheckTokenTime → its lifetime;
	// every spec runs even when an earlier one failed, so each verdict is
	// its own.
	Describe("Authenticate → CheckTokenTime", Ordered, ContinueOnFailure, func() {
		var (
			c      *client.Client
			a      account
			issued *client.Response
		)
		BeforeAll(func() {
			c = specClient()
			a = mustAccount(0)
		})
		token := func() string {
			if issued == nil || !issued.Issued() {
				Skip("IRP-AUTH-001 got no token to check")
			}
			return issued.AuthenticationToken
		}

		framework.It("IRP-AUTH-001", func() {
			now := specNow()
			r, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, now)
			noErr(err, "Authenticate")
			sig := client.Sign(a.Key, client.FormatTimestamp(now), a.Secret)
			expect(r.Issued(), "Authenticate with the configured API key %s, signed with its shared secret at the target's time (%s), must answer Success true with an AuthenticationToken; got %s",
				mask(a.Key), client.FormatTimestamp(now), describe(r))
			issued = r
			expect(r.Success != client.SuccessTrue || len(r.Messages) == 0, "a successful Authenticate must answer an empty Messages array (seed: \"Otherwise this will be an empty array\"); got %s", describe(r))
			expect(r.Signature != nil && *r.Signature == sig, "a successful Authenticate must echo the request's Signature (seed: \"The Signature will be the same as the Signature that was passed in\"); got %v", sigText(r))
			st, err := r.ServerTime()
			expect(err == nil, "a successful Authenticate must carry the server's TimeStamp (\"2018-10-16 14:24:46.8838787Z\"): %v", err)
			expect(st.Sub(now).Abs() < clockSlack, "the answer's TimeStamp must be the server's time of the answer (seed: \"generated at the time of the response\"); it is %s from the target's time as measured", st.Sub(now).Round(time.Second))
		})

		framework.It("IRP-CHECK-001", func() {
			tok := token()
			now := specNow()
			r, err := c.CheckTokenTime(framework.Ctx(), tok, a.Secret, now)
			noErr(err, "CheckTokenTime with a token issued a moment ago")
			expect(r.Success.OK(), "CheckTokenTime with a token issued a moment ago, signed over the token with the key's shared secret, must answer Success true; got %s", describe(r))
			expect(r.Success != client.SuccessTrue || len(r.Messages) == 0, "a successful CheckTokenTime must answer an empty Messages array; got %s", describe(r))
			expect(r.AuthenticationToken == tok, "CheckTokenTime answers the default fields: AuthenticationToken must be the token checked; got a different or no token")
			sig := client.Sign(tok, client.FormatTimestamp(now), a.Secret)
			expect(r.Signature != nil && *r.Signature == sig, "CheckTokenTime must echo the request's Signature like Authenticate does; got %v", sigText(r))
			_, err = r.Remaining()
			expect(err == nil, "CheckTokenTime must add MinutesRemaining \"in MM:SS format\" (seed); %v", err)
		})

		framework.It("IRP-CHECK-002", func() {
			tok := token()
			if again := login(c, a, "a second Authenticate, to tell a new token from a reused one"); again.AuthenticationToken == tok {
				Skip(reusedReason)
			}
			ttl, _, why := timing(target())
			if why != "" {
				Skip(why)
			}
			r, err := check(framework.Ctx(), target(), c, tok, a.Secret)
			noErr(err, "CheckTokenTime with a token issued a moment ago")
			expect(r.Success.OK(), "CheckTokenTime with a token issued a moment ago must answer Success true; got %s", describe(r))
			left, err := lifetimeLeft(ttl, issued, r)
			noErr(err, "reading the answers' TimeStamps")
			checkRemaining(r, left, "a token issued a moment ago (session_ttl "+ttl.String()+")")
		})
	})

	framework.It("IRP-AUTH-002", func() {
		c := specClient()
		a := mustAccount(0)
		for _, enc := range []client.Encoding{client.Form, client.JSON} {
			cc := *c
			cc.Encoding = enc
			r := login(&cc, a, "Authenticate with a "+enc.String()+" body ("+enc.ContentType()+")")
			chk, err := check(framework.Ctx(), target(), &cc, r.AuthenticationToken, a.Secret)
			noErr(err, "CheckTokenTime with a "+enc.String()+" body")
			expect(chk.Success.OK() && chk.MinutesRemaining != "", "CheckTokenTime with a %s body (%s) must be accepted like the other encoding (the seed's jQuery $.post sends a form; JSON is accepted too); got %s",
				enc, enc.ContentType(), describe(chk))
		}
	})
})

// sigText prints the Signature of an answer for messages.
func sigText(r *client.Response) string {
	if r.Signature == nil {
		return "null"
	}
	if len(*r.Signature) > 12 {
		return "a different signature"
	}
	return "\"" + *r.Signature + "\""
}
