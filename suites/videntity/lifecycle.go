package videntity

import (
	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// api_method values of ping and logout answers (profiles.md doc).
const (
	apiPing   = "/session/ping"
	apiLogout = "/session/logout"
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
			c = specClient()
			key = login(c, mustAccount(0), "logging in to start the lifecycle")
		})

		framework.It("VID-PING-001", func() {
			r, err := c.Ping(framework.Ctx(), key)
			noErr(err, "ping with a live key")
			expect(r.OK(), "a ping with a key issued a moment ago must answer SUCCESS; got %s", describe(r))
			expect(r.APIMethod == apiPing, "a ping SUCCESS must say api_method %q; got %q", apiPing, r.APIMethod)
			expect(r.Detail == "" || r.Detail == client.DetailPing, "a ping SUCCESS must say <detail>%s</detail> when it has a detail; got %q", client.DetailPing, r.Detail)
			expect(r.SessionKey == key, "a ping SUCCESS must carry the pinged key in response_name_value/session_key; got a different or no key")
		})

		framework.It("VID-LOGOUT-001", func() {
			r, err := c.Logout(framework.Ctx(), key)
			noErr(err, "logout with a live key")
			expect(r.OK(), "a logout with a live key must answer SUCCESS; got %s", describe(r))
			expect(r.APIMethod == apiLogout, "a logout SUCCESS must say api_method %q; got %q", apiLogout, r.APIMethod)
			expect(r.Detail == "" || r.Detail == client.DetailLogout, "a logout SUCCESS must say <detail>%s</detail> when it has a detail; got %q", client.DetailLogout, r.Detail)
			expect(r.SessionKey == key, "a logout SUCCESS must carry the key logged out in response_name_value/session_key; got a different or no key")
		})

		framework.It("VID-LOGOUT-002", func() {
			r, err := c.Ping(framework.Ctx(), key)
			noErr(err, "ping after logout")
			expect(!r.OK(), "logout must delete the session, but a ping with the logged-out key answered SUCCESS: the key is still usable (session hijacking risk)")
			expect(r.ErrorNumber == client.ErrSessionDoesNotExist, "a ping with a logged-out key must answer error 2 SESSION_DOES_NOT_EXIST; got %s", describe(r))
		})

		framework.It("VID-LOGOUT-003", func() {
			r, err := c.Logout(framework.Ctx(), key)
			noErr(err, "second logout")
			expect(!r.OK(), "logout must delete the session, but a second logout with the same key answered SUCCESS: the key is still known")
			expect(r.ErrorNumber == client.ErrSessionDoesNotExist, "a logout with a logged-out key must answer error 2 SESSION_DOES_NOT_EXIST; got %s", describe(r))
		})
	})
})
