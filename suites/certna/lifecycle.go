package certna

import (
	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's matchers read best unqualified

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
			c = api.Client()
			token = login(c, api.Account(0), "logging in to start the lifecycle").Token
		})

		framework.It("CERTNA-CHK-001", func() {
			r, err := c.StoreChecksum(framework.Ctx(), token, document)
			first := storeAnswer("a storechecksum with the token of a login a moment ago", r, err)
			// A checksum_key is read at 2xx only (clients/certna
			// ParseStoreChecksum): success is 2xx.
			Expect(first).To(framework.HaveSucceeded(), `profiles.md: POST /storechecksum {checksum} → {checksum_key} (GUID), with the header access_token`)
			Expect(client.IsGUID(r.ChecksumKey)).To(BeTrue(), "checksum_key must be a GUID (profiles.md); got %q", r.ChecksumKey)
			// Whether a second call gets a new key is open (a deployment
			// may key by checksum); only that it succeeds again is checked.
			again := store(c, "a second storechecksum of the same checksum with the same token", token)
			Expect(again).To(framework.HaveSucceeded())
		})

		framework.It("CERTNA-LOGOUT-001", func() {
			needLogout()
			got := observe("logout of a live token", logout(c, "a logout with a live token", token))
			Expect(got).To(framework.HaveSucceeded(), "profiles.md: POST /user/logout with the header invalidates it")
			Expect(got).To(framework.HaveStatusIn(pin(client.PinLogoutStatus)))
		})

		framework.It("CERTNA-LOGOUT-002", func() {
			needLogout()
			got := observe("logged-out token", store(c, "a storechecksum with a logged-out token", token))
			Expect(got).To(beTokenRefusal(), "logout must end the session (session hijacking risk)")
		})

		framework.It("CERTNA-LOGOUT-003", func() {
			needLogout()
			got := observe("logged-out token", logout(c, "a second logout with the same token", token))
			Expect(got).To(beTokenRefusal(), "a token dies at logout and is never accepted again")
		})
	})
})
