package certna

import (
	"encoding/base64"
	"strings"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's matchers read best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// needLogout skips the spec when the target has no logout endpoint.
func needLogout() {
	t := api.Target()
	framework.Need(hasLogout(t), "logout_path is %s: the target documents no logout endpoint, so logout cannot be checked (profiles.md: unset → logout specs SKIPPED)",
		framework.OrNone(t.Setting(client.SettingLogoutPath)))
}

var _ = framework.Describe(profile, "the token-guarded call", func() {
	framework.It("CERTNA-CHK-002", func() {
		c := api.Client()
		answeredTwice("storechecksum without the access_token header", "a storechecksum without the access_token header",
			func(what string) *framework.Answer { return store(c, what, "") },
			framework.BeTurnedAway(pin(client.PinMissingTokenStatus), pin(client.PinMissingTokenCode)),
			`seed: "A ‘soft-token’ is required to call any other CeRTNA web service"`)
	})

	framework.It("CERTNA-CHK-003", func() {
		c := api.Client()
		got := observe("token never issued", store(c, "a storechecksum with a token never issued", neverIssuedToken()))
		Expect(got).To(beTokenRefusal())
	})

	framework.It("CERTNA-CHK-004", func() {
		needLogout()
		c := api.Client()
		got := observe("token never issued", logout(c, "a logout with a token never issued", neverIssuedToken()))
		Expect(got).To(beTokenRefusal())
		none := observe("logout without the access_token header", logout(c, "a logout without the access_token header", ""))
		Expect(none).To(framework.NotCrash(), "profiles.md: bad input (missing) gets its documented error, not a 5xx crash")
	})

	framework.It("CERTNA-CHK-005", func() {
		c, a := api.Client(), api.Account(0)
		tok := login(c, a, "logging in to call storechecksum").Token
		for _, k := range []struct{ what, checksum, codePin string }{
			{"an empty checksum", "", client.PinMissingFieldCode},
			{"a checksum that is not Base64", "not a checksum!", client.PinInvalidFieldCode},
			{"the Base64 of a SHA-256 digest (32 bytes, not 48)", base64.StdEncoding.EncodeToString(make([]byte, 32)), client.PinInvalidFieldCode},
			{"the hex of a SHA-384 digest", strings.Repeat("ab", 48), client.PinInvalidFieldCode},
		} {
			r, err := c.StoreChecksum(framework.Ctx(), tok, k.checksum)
			got := observe("storechecksum with a bad checksum", storeAnswer("a storechecksum with "+k.what, r, err))
			Expect(got).To(framework.BeTurnedAway(pin(client.PinBadInputStatus), pin(k.codePin)),
				"profiles.md: {checksum} is the Base64 of a SHA-384 digest, and bad input gets its documented error, not a 5xx crash")
		}
	})
})
