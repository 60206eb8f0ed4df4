package certna

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "session lifecycle", func() {
	// One session walks through login → storechecksum → logout → reuse;
	// every spec runs even when an earlier one failed, so each verdict is
	// its own.
	Describe("login → storechecksum → logout → reuse", Ordered, ContinueOnFailure, func() {
		var (
			c     *client.Client
			token string
		)
		BeforeAll(func() {
			c = specClient()
			token = login(c, mustAccount(0), "logging in to start the lifecycle")
		})

		framework.It("CERTNA-CHK-001", func() {
			first, err := c.StoreChecksum(framework.Ctx(), token, document)
			noErr(err, "a storechecksum with a live token")
			ans := storeAnswer(first)
			expect(first.OK() && first.Exchange.Status == http.StatusOK, "a storechecksum with the token of a login a moment ago and a Base64 SHA-384 checksum must answer 200 {\"checksum_key\":\"<GUID>\"}; got %s", ans)
			expect(isGUID(first.ChecksumKey), "checksum_key must be a GUID; got %q", first.ChecksumKey)
			again, err := c.StoreChecksum(framework.Ctx(), token, document)
			noErr(err, "a second storechecksum with the same token")
			expect(again.OK(), "a second storechecksum with a live token must answer 200 {\"checksum_key\"}; got %s", storeAnswer(again))
			expect(again.ChecksumKey != first.ChecksumKey, "every storechecksum must answer a new checksum_key, but two calls got the same key %q", first.ChecksumKey)
		})

		framework.It("CERTNA-LOGOUT-001", func() {
			needLogout()
			r, err := c.Logout(framework.Ctx(), token)
			noErr(err, "a logout with a live token")
			expect(r.OK(), "a logout at %s with a live token in the access_token header must answer 2xx (204 No Content decided); got %s", c.LogoutPath, logoutAnswer(r))
		})

		framework.It("CERTNA-LOGOUT-002", func() {
			needLogout()
			r, err := c.StoreChecksum(framework.Ctx(), token, document)
			noErr(err, "a storechecksum with a logged-out token")
			ans := storeAnswer(r)
			expect(!r.OK(), "logout must end the session, but a storechecksum with the logged-out token was accepted (%s): the token is still usable (session hijacking risk)", ans)
			expect(ans.code == client.CodeInvalidToken, "a storechecksum with a logged-out token must be refused with {\"code\":%q}; got %s", client.CodeInvalidToken, ans)
		})

		framework.It("CERTNA-LOGOUT-003", func() {
			needLogout()
			r, err := c.Logout(framework.Ctx(), token)
			noErr(err, "a second logout with the same token")
			ans := logoutAnswer(r)
			expect(!r.OK(), "logout must end the session, but a second logout with the same token was accepted (%s): the token is still known", ans)
			expect(ans.code == client.CodeInvalidToken, "a logout with a logged-out token must be refused with {\"code\":%q}; got %s", client.CodeInvalidToken, ans)
		})
	})
})
