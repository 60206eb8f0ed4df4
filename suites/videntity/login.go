package videntity

import (
	"net/url"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	"github.com/authprobe/authprobe/suites/framework"
)

// The two login paths the vendor documents: the Sessions page's and the
// Methods page's (profiles.md: "accept both").
const (
	sessionsLogin = "/sessions/login"
	sessionLogin  = "/session/login"
)

var _ = framework.Describe(profile, "login", func() {
	framework.It("VID-LOGIN-001", func() {
		c, a := api.Client(), api.Account(0)
		ans := login(framework.Ctx(), c, a, "a login at "+c.LoginPath+" with the configured credentials")
		cleanup(c, ans)
		Expect(ans).To(framework.HaveIssuedToken())
		Expect(ans).To(framework.HaveDocumentedShape())
		Expect(ans).To(nameMethod("login", c.LoginPath), "the vendor's example says %q", sessionLogin)
	})

	framework.It("VID-LOGIN-002", func() {
		c, a := api.Client(), api.Account(0)
		var other string
		switch c.LoginPath {
		case sessionsLogin:
			other = sessionLogin
		case sessionLogin:
			other = sessionsLogin
		default:
			Skip("login_path " + c.LoginPath + " is neither of the vendor's two login paths (" + sessionsLogin + ", " + sessionLogin + "): the target documents its own")
		}
		ans := postForm(framework.Ctx(), c, other, loginForm(a), "a login at "+other+" (the vendor's other page's login path)")
		cleanup(c, ans)
		if !ans.Documented() || !ans.OK || ans.Token == "" {
			framework.Warn("the vendor documents two login paths, %s and %s, but only %s logs in: %s — clients written from the vendor's other page cannot log in",
				sessionsLogin, sessionLogin, c.LoginPath, ans)
		}
	})
})

// withoutField is a's login form without one field.
func withoutField(a framework.Account, field string) url.Values {
	f := loginForm(a)
	f.Del(field)
	return f
}
