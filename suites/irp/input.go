package irp

import (
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// refusedNotCrashed checks what profiles.md promises for bad input: "its
// documented error, not a 5xx crash" — no crash, no token; which refusal
// (a documented code, or a 4xx of another shape) is the target's choice,
// recorded, unless pin names the codes it must be.
func refusedNotCrashed(r *reply, pin string) {
	GinkgoHelper()
	target().Observe(r.What, r.Answer)
	Expect(r.Answer).To(framework.NotCrash())
	Expect(r.Answer).NotTo(framework.HaveSucceeded(), "bad input gets an error (profiles.md)")
	Expect(r.Token).To(BeEmpty(), "bad input gets an error, not a token (profiles.md)")
	if pin == "" {
		return
	}
	if p := target().Pin(pin); len(p) > 0 {
		Expect(r.Answer).To(framework.BeRefusedWith(p...))
	}
}

// Bad input gets an error, never a crash and never a token.
var _ = framework.Describe(profile, "bad input", func() {
	framework.It("IRP-INPUT-001", func() {
		c := api.Client()
		long := strings.Repeat("A", 4096)
		refusedNotCrashed(sendAs(c, mAuth, c.Encoding, client.AuthenticateFields("K"+long, "2"+long, "s"+long), "an Authenticate with 4 KiB APIKey, TimeStamp and Signature"), "")
		refusedNotCrashed(sendAs(c, mCheck, c.Encoding, client.CheckTokenTimeFields("T"+long, "2"+long, "s"+long), "a CheckTokenTime with 4 KiB AuthenticationToken, TimeStamp and Signature"), "")
	})

	framework.It("IRP-INPUT-002", func() {
		c, a := api.Client(), api.Account(0)
		auth := authFields(a)
		tok := unissuedToken(c, a)
		chk := client.SignedCheckTokenTimeFields(tok, secret(a), stamp(tok))
		for _, in := range []struct {
			what string
			m    method
			enc  client.Encoding
			f    client.Fields
		}{
			{"an Authenticate whose APIKey is a JSON object", mAuth, client.JSON, auth.WithRaw(client.FieldAPIKey, `{"key":"`+key(a)+`"}`)},
			{"an Authenticate whose TimeStamp is a JSON array", mAuth, client.JSON, auth.WithRaw(client.FieldTimeStamp, `["2018-10-01","15:10:54"]`)},
			{"an Authenticate whose TimeStamp is a JSON number", mAuth, client.JSON, auth.WithRaw(client.FieldTimeStamp, `20181001151054`)},
			{"a CheckTokenTime whose Signature is a JSON number (the seed's decimal example)", mCheck, client.JSON, chk.WithRaw(client.FieldSignature, `1615814919621920710221623417615224420914820125013020012150`)},
			{"an Authenticate whose APIKey is a JSON boolean", mAuth, client.JSON, auth.WithRaw(client.FieldAPIKey, `true`)},
			{"a CheckTokenTime whose AuthenticationToken is a JSON object", mCheck, client.JSON, chk.WithRaw(client.FieldAuthenticationToken, `{"token":null}`)},
			{"an Authenticate whose APIKey has control and non-ASCII characters", mAuth, client.Form, auth.With(client.FieldAPIKey, "k\u00ebj\x01\x7f\u202e\u0430"+strings.Repeat("x", 25))},
			{"an Authenticate whose TimeStamp is an impossible date", mAuth, client.Form, auth.With(client.FieldTimeStamp, "2018-02-30 25:61:61")},
		} {
			refusedNotCrashed(sendAs(c, in.m, in.enc, in.f, in.what), "")
		}
	})

	framework.It("IRP-INPUT-003", func() {
		c, a := api.Client(), api.Account(0)
		ts := client.FormatTimestamp(stamp(key(a)))
		for _, in := range []struct {
			what, body, contentType string
			m                       method
		}{
			{"an Authenticate whose JSON body is cut short", `{"APIKey":"` + key(a) + `","TimeStamp":`, client.ContentTypeJSON, mAuth},
			{"an Authenticate whose JSON body is an array", `[{"APIKey":"` + key(a) + `"}]`, client.ContentTypeJSON, mAuth},
			{"an Authenticate whose JSON body is a string", `"APIKey=` + key(a) + `"`, client.ContentTypeJSON, mAuth},
			{"an Authenticate whose form body has broken %-escapes", "APIKey=%zz&TimeStamp=" + strings.ReplaceAll(ts, " ", "+") + "&Signature=%4", client.ContentTypeForm, mAuth},
			{"a CheckTokenTime whose JSON body is cut short", `{"AuthenticationToken":`, client.ContentTypeJSON, mCheck},
		} {
			r := raw(c, in.m, []byte(in.body), in.contentType, in.what)
			if r.Exchange != nil {
				r.Exchange.AddSecrets(key(a))
			}
			refusedNotCrashed(r, client.PinMalformedBodyCode)
		}
	})
})
