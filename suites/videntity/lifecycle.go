package videntity

import (
	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "session lifecycle", func() {
	// One session walks through login → ping → logout → reuse; every spec
	// runs even when an earlier one failed, so each verdict is its own.
	Describe("login → ping → logout → reuse", Ordered, ContinueOnFailure, func() {
		var (
			c   *client.Client
			key string
		)
		BeforeAll(func() {
			c = api.Client()
			key = mustLogin(c, api.Account(0), "a login to start the lifecycle")
		})

		framework.It("VID-PING-001", func() {
			ans := ping(framework.Ctx(), c, key, "a ping with a key issued a moment ago")
			expectSuccessOf(ans, "ping", c.PingPath, key)
		})

		framework.It("VID-LOGOUT-001", func() {
			ans := logout(framework.Ctx(), c, key, "a logout with a live key")
			expectSuccessOf(ans, "logout", c.LogoutPath, key)
		})

		framework.It("VID-LOGOUT-002", func() {
			ans := ping(framework.Ctx(), c, key, "a ping with a key logged out a moment ago")
			Expect(ans).To(framework.BeRefusedWith("2"), "after logout → 2: the session is deleted")
		})

		framework.It("VID-LOGOUT-003", func() {
			ans := logout(framework.Ctx(), c, key, "a second logout with a key logged out a moment ago")
			Expect(ans).To(framework.BeRefusedWith("2"), "after logout → 2: the session is deleted")
		})
	})
})

// expectSuccessOf judges the answer to a ping or a logout (op, at path)
// of the live key: a SUCCESS in the documented shape whose api_method
// names the method and that carries, if any, the key sent.
func expectSuccessOf(ans *framework.Answer, op, path, key string) {
	GinkgoHelper()
	Expect(ans).To(framework.HaveSucceeded())
	Expect(ans).To(framework.HaveDocumentedShape())
	Expect(ans).To(nameMethod(op, path))
	Expect(ans).To(carryKey(key), "the session key is used throughout the interaction")
}
