package irp

import (
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// The signature scheme: sha1hex(sha1hex(key-or-token + "." + TimeStamp) +
// "." + SharedSecret). A wrong shared secret is IRP-ERR-003.
var _ = framework.Describe(profile, "signature", func() {
	framework.It("IRP-SIG-001", func() {
		c, a := api.Client(), api.Account(0)
		// Both TimeStamps are fresh for the key: a replay-refusing target
		// must judge the signature, not refuse it as a replay, and must not
		// later refuse a login signed with them. (Fresh TimeStamps repeat
		// only at a target that accepts replays.)
		at, other := stamp(key(a)), stamp(key(a))
		if other.Unix() == at.Unix() {
			other = at.Add(-time.Second)
		}
		sent := client.FormatTimestamp(at)
		signed := client.FormatTimestamp(other)
		r := send(c, mAuth, client.AuthenticateFields(key(a), sent, client.Sign(key(a), signed, secret(a))),
			"an Authenticate sending TimeStamp "+sent+" with a Signature made for "+signed)
		Expect(r.Answer).To(framework.BeRefusedWith(codes(client.CodeBadSignature)...),
			"the TimeStamp \"must also be the same DateTime that was used when you generated the Signature\" (seed)")
	})

	framework.It("IRP-SIG-002", func() {
		c := api.Client()
		all := api.Accounts()
		if len(all) == 0 {
			api.Account(0) // skips, saying why
		}
		a := all[0]
		var other framework.Account
		for _, o := range all[1:] {
			if key(o) != key(a) && secret(o) != secret(a) {
				other = o
				break
			}
		}
		if other == nil {
			Skip("needs two API keys with different shared secrets under credentials: a token is checked with the other key's secret")
		}
		issued := login(c, a, "Authenticate")
		Expect(issued.Answer).To(framework.HaveIssuedToken())
		tok := issued.Token
		want := pinOr(client.PinCrossKeyCode, client.CodeBadSignature, client.CodeNoKeyForToken)

		cross := check(c, tok, secret(other), "a CheckTokenTime signed with the shared secret of another API key ("+mask(key(other))+")")
		target().Observe(cross.What, cross.Answer)
		Expect(cross.Answer).To(framework.BeRefusedWith(want...), "a token is \"tied to the API Key that was granted them\" (seed)")

		at := stamp(key(a)) // fresh for the key too: the signature is one an Authenticate could send
		stamps.mark(tok, at)
		ts := client.FormatTimestamp(at)
		asKey := send(c, mCheck, client.CheckTokenTimeFields(tok, ts, client.Sign(key(a), ts, secret(a))), "a CheckTokenTime signed over the API key instead of the token")
		target().Observe(asKey.What, asKey.Answer)
		Expect(asKey.Answer).To(framework.BeRefusedWith(want...), "for every method but Authenticate the AuthenticationToken replaces the APIKey in the hash (profiles.md)")
	})
})
