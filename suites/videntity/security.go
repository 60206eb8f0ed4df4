package videntity

import (
	"context"
	"net/http"
	"net/url"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// The shared session-security checks of profiles.md "Every profile",
// applied to Videntity session keys.
var _ = framework.SessionSecurity{
	Profile: profile,
	Noun:    "session key",
	IDs: framework.SessionSecurityIDs{
		Entropy:       "VID-SEC-001",
		Unique:        "VID-SEC-002",
		FreshPerLogin: "VID-SEC-003",
		NotDerived:    "VID-SEC-004",
		NoEcho:        "VID-SEC-006",
		NoInternals:   "VID-SEC-007",
		NoEnumeration: "VID-SEC-008",
		NoStore:       "VID-SEC-009",
	},
	Login: func(a framework.Account) *framework.Answer {
		return login(framework.Ctx(), api.Client(), a, "a login")
	},
	Logout: func(key string) *framework.Answer {
		return logout(framework.Ctx(), api.Client(), key, "a logout")
	},
	WrongPassword: wrongPassword,
	UnknownUser:   unknownUser,
	Refusals: func(a framework.Account) []*framework.Answer {
		c := api.Client()
		ctx := framework.Ctx()
		return []*framework.Answer{
			login(ctx, c, wrongAccountNumber(a), "a login with a wrong account_number"),
			postForm(ctx, c, c.LoginPath, withoutField(a, client.FieldAccountNumber), "a login without account_number"),
			ping(ctx, c, unissuedKey(c, a), "a ping with a well-formed key the target never issued"),
		}
	},
	EnumerationNote: "the vendor documents one error for all three: \"username, password or account_number is incorrect\"",
}.Register()

var _ = framework.Describe(profile, "session keys in URLs", func() {
	framework.It("VID-SEC-005", func() {
		t, c := api.Target(), api.Client()
		key := mustLogin(c, api.Account(0), "a login")
		for _, m := range []struct {
			method, path string
			call         func(ctx context.Context, c *client.Client, key, what string) *framework.Answer
		}{{"ping", c.PingPath, ping}, {"logout", c.LogoutPath, logout}} {
			q := url.Values{client.FieldSessionKey: {key}}.Encode()
			ans := send(framework.Ctx(), c, http.MethodPost, m.path+"?"+q, nil, client.FormContentType,
				"a "+m.method+" with session_key only in the URL query (an empty form body)")
			t.Observe("a "+m.method+" with the key only in the URL query", ans)
			Expect(ans).To(framework.BeTurnedAway(nil, nil), "a session key never travels in a URL: it is a form POST field")
		}
	})
})
