package irp

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

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
			a      framework.Account
			issued *reply
		)
		BeforeAll(func() {
			c = api.Client()
			a = api.Account(0)
		})
		token := func() string {
			if issued == nil || issued.Token == "" || !issued.OK {
				Skip("IRP-AUTH-001 got no token to check")
			}
			return issued.Token
		}

		framework.It("IRP-AUTH-001", func() {
			before := specNow()
			at := stamp(key(a))
			r := authenticateAt(c, a, at, "Authenticate with the configured API key, signed with its shared secret at the target's time")
			if form := mediaForm(r); form != "" {
				target().ObserveAs(situationMediaType, form)
			}
			Expect(r.Answer).To(framework.HaveIssuedToken())
			issued = r
			Expect(r.Answer).To(framework.HaveDocumentedShape())
			if r.R.Success == client.SuccessTrue {
				Expect(r.R.Messages).To(BeEmpty(), "Success true comes with an empty Messages array (seed: \"Otherwise this will be an empty array\")")
			}
			sig := client.Sign(key(a), client.FormatTimestamp(at), secret(a))
			Expect(r.R.Signature).NotTo(BeNil(), "a successful Authenticate echoes the request's Signature (seed: \"The Signature will be the same as the Signature that was passed in with the request\")")
			Expect(*r.R.Signature).To(Equal(sig), "a successful Authenticate echoes the request's Signature (seed: \"The Signature will be the same as the Signature that was passed in with the request\")")
			st, err := r.R.ServerTime()
			Expect(err).NotTo(HaveOccurred(), "a successful Authenticate carries the server's TimeStamp (seed: \"generated at the time of the response\", e.g. \"2018-10-16 14:24:46.8838787Z\")")
			Expect(st.Sub(before).Abs()).To(BeNumerically("<", clockSlack),
				"the answer's TimeStamp is the server's time of the answer (seed: \"generated at the time of the response\"); it is %s from the target's time as measured", st.Sub(before).Round(time.Second))
		})

		framework.It("IRP-CHECK-001", func() {
			tok := token()
			r := check(c, tok, secret(a), "CheckTokenTime with a token issued a moment ago, signed over the token with the key's shared secret")
			Expect(r.Answer).To(framework.HaveSucceeded())
			Expect(r.Answer).To(framework.HaveDocumentedShape())
			_, err := r.R.Remaining()
			Expect(err).NotTo(HaveOccurred(), "CheckTokenTime adds MinutesRemaining \"in MM:SS format\" (seed)")
			if r.R.Success == client.SuccessTrue {
				Expect(r.R.Messages).To(BeEmpty(), "Success true comes with an empty Messages array (seed: \"Otherwise this will be an empty array\")")
			}
		})

		framework.It("IRP-CHECK-002", func() {
			tok := token()
			if again := login(c, a, "a second Authenticate, to tell a new token from a reused one"); again.Token == tok {
				Skip(reusedReason)
			}
			ttl, _, why := target().ExpiryTiming(ttlHint)
			if why != "" {
				Skip(why)
			}
			r := check(c, tok, secret(a), "CheckTokenTime with a token issued a moment ago")
			Expect(r.Answer).To(framework.HaveSucceeded())
			left, err := lifetimeLeft(ttl, issued.R, r.R)
			Expect(err).NotTo(HaveOccurred(), "reading the answers' TimeStamps")
			checkRemaining(r, left, "a token issued a moment ago (session_ttl "+ttl.String()+")")
		})
	})

	framework.It("IRP-AUTH-002", func() {
		c, a := api.Client(), api.Account(0)
		for _, enc := range []client.Encoding{client.Form, client.JSON} {
			cc := *c
			cc.Encoding = enc
			r := login(&cc, a, fmt.Sprintf("Authenticate with a %s body (%s)", enc, enc.ContentType()))
			Expect(r.Answer).To(framework.HaveIssuedToken(), "profiles.md: \"accept form and JSON bodies\"")
			chk := check(&cc, r.Token, secret(a), fmt.Sprintf("CheckTokenTime with a %s body (%s)", enc, enc.ContentType()))
			Expect(chk.Answer).To(framework.HaveSucceeded(), "profiles.md: \"accept form and JSON bodies\"")
			Expect(chk.R.MinutesRemaining).NotTo(BeEmpty(), "CheckTokenTime adds MinutesRemaining (seed)")
		}
	})
})

// ttlHint says what to set when session_ttl is unset.
const ttlHint = "set the token lifetime (five minutes documented) to check expiry"

// reusedReason is the SKIPPED reason of a lifetime spec whose logins got
// the same token.
const reusedReason = "two Authenticates in a row returned the same token, so its age is unknown and its lifetime cannot be measured from a login (IRP-SEC-003 checks that every Authenticate issues a new token)"

// lifetimeLeft is what a token issued at the login answer should have
// left at the check answer: session_ttl minus the server time between the
// two answers' TimeStamps.
func lifetimeLeft(ttl time.Duration, login, checked *client.Response) (time.Duration, error) {
	if login == nil || checked == nil {
		return 0, fmt.Errorf("no documented answer to read a TimeStamp from")
	}
	issued, err := login.ServerTime()
	if err != nil {
		return 0, fmt.Errorf("the Authenticate answer's TimeStamp: %w", err)
	}
	at, err := checked.ServerTime()
	if err != nil {
		return 0, fmt.Errorf("the CheckTokenTime answer's TimeStamp: %w", err)
	}
	return ttl - at.Sub(issued), nil
}

// checkRemaining fails unless the MinutesRemaining of r is within
// minutes_remaining_tolerance of want.
func checkRemaining(r *reply, want time.Duration, what string) {
	GinkgoHelper()
	tol := specSettings().RemainingTolerance
	got, err := r.R.Remaining()
	Expect(err).NotTo(HaveOccurred(), "%s: MinutesRemaining is in MM:SS format (seed: \"how long is left on this token in MM:SS format\")", what)
	Expect((got - want).Abs()).To(BeNumerically("<=", tol),
		"%s: MinutesRemaining must be about %s (session_ttl minus the time since the token was issued, by the answers' TimeStamps), within minutes_remaining_tolerance %s; got %q",
		what, mmss(want), tol, r.R.MinutesRemaining)
}

// mmss prints d as MM:SS, to the nearest second.
func mmss(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
