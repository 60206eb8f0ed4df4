package irp

import (
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// The signature scheme: sha1hex(sha1hex(key-or-token + "." + TimeStamp) +
// "." + SharedSecret). A wrong shared secret is IRP-ERR-003.
var _ = framework.Describe(profile, "signature", func() {
	framework.It("IRP-SIG-001", func() {
		c := specClient()
		a := mustAccount(0)
		now := specNow()
		sent := client.FormatTimestamp(now)
		signed := client.FormatTimestamp(now.Add(-time.Second))
		r, err := c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding,
			client.AuthenticateFields(a.Key, sent, client.Sign(a.Key, signed, a.Secret)))
		noErr(err, "Authenticate whose Signature was made for another TimeStamp")
		expect(!r.Issued(), "the TimeStamp \"must also be the same DateTime that was used when you generated the Signature\" (seed), but an Authenticate sending TimeStamp %s with a signature made for %s was issued a token: the TimeStamp is not part of the signature check",
			sent, signed)
		expect(slices.Equal(r.Codes(), []int{client.CodeBadSignature}), "an Authenticate whose Signature was made for another TimeStamp (%s instead of %s) must answer 2003 Could Not Authenticate Signature; got %s",
			signed, sent, describe(r))
	})

	framework.It("IRP-SIG-002", func() {
		c := specClient()
		t := target()
		all := accounts(t)
		a := all[0]
		var other *account
		for i := range all[1:] {
			if o := all[1+i]; o.Key != a.Key && o.Secret != a.Secret {
				other = &o
				break
			}
		}
		if other == nil {
			Skip("needs two API keys with different shared secrets under credentials: a token is checked with the other key's secret")
		}
		r := login(c, a, "Authenticate")
		tok := r.AuthenticationToken
		now := specNow()

		cross, err := c.CheckTokenTime(framework.Ctx(), tok, other.Secret, now)
		noErr(err, "CheckTokenTime signed with another key's shared secret")
		expect(!cross.Success.OK(), "a token is \"tied to the API Key that was granted them\" (seed), but a CheckTokenTime signed with the shared secret of another API key (%s) was answered as valid: %s",
			mask(other.Key), describe(cross))
		expect(slices.Equal(cross.Codes(), []int{client.CodeBadSignature}) || slices.Equal(cross.Codes(), []int{client.CodeNoKeyForToken}),
			"a CheckTokenTime signed with another key's shared secret must answer 2003 Could Not Authenticate Signature (or 2002 No API Key Associated With The Token); got %s", describe(cross))

		ts := client.FormatTimestamp(now)
		asKey, err := c.SendFields(framework.Ctx(), client.CheckTokenTimePath, c.Encoding,
			client.CheckTokenTimeFields(tok, ts, client.Sign(a.Key, ts, a.Secret)))
		noErr(err, "CheckTokenTime signed over the API key instead of the token")
		expect(!asKey.Success.OK(), "for every method but Authenticate the AuthenticationToken replaces the APIKey in the signature, but a CheckTokenTime signed over the API key was answered as valid: %s", describe(asKey))
		expect(slices.Equal(asKey.Codes(), []int{client.CodeBadSignature}), "a CheckTokenTime signed over the API key instead of the token must answer 2003 Could Not Authenticate Signature; got %s", describe(asKey))
	})
})
