package irp

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// request is the request of one error-code row: it sends, and returns the
// answer.
type request func(c *client.Client, a framework.Account, s client.Settings) *reply

// settingKey signs an Authenticate for the key a setting names; the spec
// is SKIPPED when the setting is unset. The key's shared secret is not
// known, so the request is signed with the pool's: a target finds the key
// inactive or restricted whatever the signature (2011 and 2013 concern
// the key).
func settingKey(name string, key func(s client.Settings) string, what string) request {
	return func(c *client.Client, a framework.Account, s client.Settings) *reply {
		k := key(s)
		if k == "" {
			Skip(fmt.Sprintf("%s is unset: name such an API key of the target in its settings to check this code", name))
		}
		return send(c, mAuth, client.SignedAuthenticateFields(k, secret(a), stamp(k)), what)
	}
}

// noField is the field of a row whose message names no request field
// (2010 concerns the whole body).
const noField = ""

// The documented codes: a documented refusal (Success false, no token, the
// documented shape) that carries the code among its messages (a target
// may list every error or the first), the message naming the field
// (profiles.md: "Messages name the field"), and Signature null (the
// seed's error example).
var _ = framework.Describe(profile, "documented error codes", func() {
	DescribeTable("code and the field its message names",
		func(do request, code int, field string) {
			c, a, s := api.Client(), api.Account(0), specSettings()
			r := do(c, a, s)
			target().Observe(r.What, r.Answer)
			Expect(r.Answer).To(framework.BeRefusedWith(codes(code)...))
			Expect(r.Answer).To(framework.HaveDocumentedShape())
			if field != noField {
				Expect(r.Answer).To(haveMessageNaming(code, field))
			}
			Expect(r.R.Signature).To(BeNil(), "an error answer carries \"Signature\":null (seed: the error example)")
		},
		framework.Entry("IRP-ERR-001", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			at, _ := stamps.take(key(a), specNow().Add(-time.Hour), -1, 10*time.Minute, 0)
			return authenticateAt(c, a, at, "an Authenticate with a TimeStamp an hour old")
		}), client.CodeTimestampWindow, client.FieldTimeStamp),
		framework.Entry("IRP-ERR-002", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			return check(c, unissuedToken(c, a), secret(a), "a CheckTokenTime with a well-formed token never issued")
		}), client.CodeNoKeyForToken, client.FieldAuthenticationToken),
		framework.Entry("IRP-ERR-003", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			return login(c, wrongSecret(a), "an Authenticate signed with a wrong shared secret")
		}), client.CodeBadSignature, client.FieldSignature),
		framework.Entry("IRP-ERR-004", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			return send(c, mAuth, authFields(a).Without(client.FieldAPIKey), "an Authenticate without APIKey")
		}), client.CodeRequired, client.FieldAPIKey),
		framework.Entry("IRP-ERR-005", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			tok := unissuedToken(c, a)
			return send(c, mCheck, client.SignedCheckTokenTimeFields(tok, secret(a), stamp(tok)).Without(client.FieldAuthenticationToken), "a CheckTokenTime without AuthenticationToken")
		}), client.CodeRequired, client.FieldAuthenticationToken),
		framework.Entry("IRP-ERR-006", request(func(c *client.Client, a framework.Account, s client.Settings) *reply {
			k := keyOfLength(a, s.APIKeyLength-1)
			return send(c, mAuth, client.SignedAuthenticateFields(k, secret(a), stamp(k)), "an Authenticate with an APIKey one character short of api_key_length")
		}), client.CodeTooShort, client.FieldAPIKey),
		framework.Entry("IRP-ERR-007", request(func(c *client.Client, a framework.Account, s client.Settings) *reply {
			k := keyOfLength(a, s.APIKeyLength+1)
			return send(c, mAuth, client.SignedAuthenticateFields(k, secret(a), stamp(k)), "an Authenticate with an APIKey one character over api_key_length")
		}), client.CodeTooLong, client.FieldAPIKey),
		framework.Entry("IRP-ERR-008", request(func(c *client.Client, a framework.Account, _ client.Settings) *reply {
			// An ISO 8601 TimeStamp is one a lenient cast may read: the
			// target's choice, observed only.
			iso := stamp(key(a)).UTC().Format("2006-01-02T15:04:05Z")
			isoAns := send(c, mAuth, client.AuthenticateFields(key(a), iso, client.Sign(key(a), iso, secret(a))), "an Authenticate whose TimeStamp is ISO 8601 (\"2018-10-01T15:10:54Z\")")
			target().Observe(isoAns.What, isoAns.Answer)
			Expect(isoAns.Answer).To(framework.NotCrash())
			const notADate = "not a date"
			return send(c, mAuth, client.AuthenticateFields(key(a), notADate, client.Sign(key(a), notADate, secret(a))), "an Authenticate whose TimeStamp is no date at all (\"not a date\"), correctly signed")
		}), client.CodeWrongType, client.FieldTimeStamp),
		framework.Entry("IRP-ERR-010", settingKey(client.SettingInactiveAPIKey, func(s client.Settings) string { return s.InactiveAPIKey },
			"an Authenticate with the inactive API key of inactive_api_key"), client.CodeKeyInactive, client.FieldAPIKey),
		framework.Entry("IRP-ERR-011", settingKey(client.SettingIPRestrictedAPIKey, func(s client.Settings) string { return s.IPRestrictedAPIKey },
			"an Authenticate with the IP-restricted API key of ip_restricted_api_key"), client.CodeIPNotPermitted, client.FieldAPIKey),
		framework.Entry("IRP-ERR-012", request(func(c *client.Client, a framework.Account, s client.Settings) *reply {
			k := unknownKey(s.APIKeyLength)
			return send(c, mAuth, client.SignedAuthenticateFields(k, secret(a), stamp(k)), "an Authenticate with an API key that does not exist")
		}), client.CodeUnknownKey, client.FieldAPIKey),
	)

	// A wrong content type: not bound to 2010 by the vendor ("Error reading
	// the values" names no content type), so any refusal or HTTP 4xx (415)
	// passes unless wrong_content_type_code pins one; no token and no
	// crash either way (profiles.md: "wrong content type gets its
	// documented error, not a 5xx crash").
	framework.It("IRP-ERR-009", func() {
		c, a := api.Client(), api.Account(0)
		r := raw(c, mAuth, authFields(a).Encode(client.Form), "text/plain", "an Authenticate whose (otherwise correct) form body is sent as text/plain")
		target().Observe(r.What, r.Answer)
		Expect(r.Answer).To(framework.NotCrash())
		Expect(r.Answer).NotTo(framework.HaveSucceeded(), "a wrong content type gets an error, not a token (profiles.md)")
		Expect(r.Token).To(BeEmpty(), "a wrong content type gets an error, not a token (profiles.md)")
		if pin := target().Pin(client.PinWrongContentTypeCode); len(pin) > 0 {
			Expect(r.Answer).To(framework.BeRefusedWith(pin...))
		}
	})

	framework.It("IRP-HTTP-001", func() {
		c, a, s := api.Client(), api.Account(0), specSettings()
		unknown := unknownKey(s.APIKeyLength)
		for _, r := range []*reply{
			send(c, mAuth, client.SignedAuthenticateFields(unknown, secret(a), stamp(unknown)), "an Authenticate with an unknown API key (2014)"),
			send(c, mAuth, authFields(a).Without(client.FieldAPIKey), "an Authenticate without APIKey (2004)"),
			check(c, unissuedToken(c, a), secret(a), "a CheckTokenTime with a token never issued (2002)"),
		} {
			Expect(r.Answer).To(framework.BeRefused())
			Expect(r.Answer).To(framework.HaveStatus(s.ErrorStatus),
				"documented errors come with HTTP %d (error_http_status; profiles.md decision: \"Errors answer HTTP 200 with Success false\"): clients that treat another status as a transport failure never read the documented message", s.ErrorStatus)
		}
	})
})
