package videntity

import (
	"net/url"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// apiLogin is the api_method of login answers (the seed's success example).
const apiLogin = "/session/login"

var _ = framework.Describe(profile, "login", func() {
	framework.It("VID-LOGIN-001", func() {
		c := specClient()
		a := mustAccount(0)
		r, err := c.Login(framework.Ctx(), a.Username, a.Password, a.AccountNumber)
		noErr(err, "login at "+c.LoginPath)
		expect(r.OK(), "login at %s with the configured credentials of %s must answer SUCCESS with a session key; got %s", c.LoginPath, a.Username, describe(r))
		DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
		expect(r.APIMethod == apiLogin, "a login SUCCESS must say api_method %q (seed example); got %q", apiLogin, r.APIMethod)
		expect(r.Detail == "" || r.Detail == client.DetailLogin, "a login SUCCESS must say <detail>%s</detail> when it has a detail; got %q", client.DetailLogin, r.Detail)
		expect(len(r.MissingFields()) == 0, "a login SUCCESS lacks the documented %v", r.MissingFields())
		_, terr := r.ParseTimestamp()
		expect(terr == nil, "a login SUCCESS must carry the server's <timestamp> as YYYY-MM-DD HH:MM:SS: %v", terr)
	})

	framework.It("VID-LOGIN-002", func() {
		c := specClient()
		a := mustAccount(0)
		var other string
		switch c.LoginPath {
		case client.DefaultLoginPath:
			other = "/session/login"
		case "/session/login":
			other = client.DefaultLoginPath
		default:
			Skip("login_path " + c.LoginPath + " is neither of the vendor's two login paths (/sessions/login, /session/login): the target documents its own")
		}
		r, err := c.PostForm(framework.Ctx(), other, url.Values{
			client.FieldUsername: {a.Username}, client.FieldPassword: {a.Password}, client.FieldAccountNumber: {a.AccountNumber},
		})
		noErr(err, "login at "+other)
		expect(r.OK() && r.SessionKey != "", "login at %s (the vendor documents both %s and %s) must answer SUCCESS with a session key; got %s",
			other, client.DefaultLoginPath, "/session/login", describe(r))
		DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
	})
})
