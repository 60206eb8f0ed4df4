package videntity

import (
	"context"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// request is one row of the error matrix: it makes its request with the
// client and the first credentials.
type request func(ctx context.Context, c *client.Client, a framework.Account) *framework.Answer

func loginAs(alter func(framework.Account) framework.Account, what string) request {
	return func(ctx context.Context, c *client.Client, a framework.Account) *framework.Answer {
		return login(ctx, c, alter(a), what)
	}
}

func loginWithout(field string) request {
	return func(ctx context.Context, c *client.Client, a framework.Account) *framework.Answer {
		return postForm(ctx, c, c.LoginPath, withoutField(a, field), "a login without "+field)
	}
}

func sessionCallWithout(method string, path func(c *client.Client) string) request {
	return func(ctx context.Context, c *client.Client, _ framework.Account) *framework.Answer {
		return postForm(ctx, c, path(c), url.Values{}, "a "+method+" without session_key")
	}
}

func withUnissuedKey(method string, call func(ctx context.Context, c *client.Client, key, what string) *framework.Answer) request {
	return func(ctx context.Context, c *client.Client, a framework.Account) *framework.Answer {
		return call(ctx, c, unissuedKey(c, a), "a "+method+" with a well-formed key the target never issued")
	}
}

var _ = framework.Describe(profile, "documented error codes", func() {
	DescribeTable("error number and name",
		func(do request, number int, field string) {
			c, a := api.Client(), api.Account(0)
			ans := do(framework.Ctx(), c, a)
			cleanup(c, ans)
			Expect(ans).To(beError(number))
			if field != "" {
				Expect(strings.Contains(strings.ToLower(ans.Message), field)).To(BeTrue(),
					"error 4 must name the missing field (\"Mandatory field <name> is missing\"), but the error_detail of %s does not say %q: %q",
					ans.What, field, ans.Message)
			}
		},
		framework.Entry("VID-ERR-001", loginAs(wrongPassword, "a login with a wrong password"), client.ErrAuthentication, ""),
		framework.Entry("VID-ERR-002", loginAs(wrongAccountNumber, "a login with a wrong account_number"), client.ErrAuthentication, ""),
		framework.Entry("VID-ERR-003", loginAs(unknownUser, "a login with an unknown username"), client.ErrAuthentication, ""),
		framework.Entry("VID-ERR-004", withUnissuedKey("ping", ping), client.ErrSessionDoesNotExist, ""),
		framework.Entry("VID-ERR-005", withUnissuedKey("logout", logout), client.ErrSessionDoesNotExist, ""),
		framework.Entry("VID-ERR-006", loginWithout(client.FieldUsername), client.ErrMissingMandatoryField, client.FieldUsername),
		framework.Entry("VID-ERR-007", loginWithout(client.FieldPassword), client.ErrMissingMandatoryField, client.FieldPassword),
		framework.Entry("VID-ERR-008", loginWithout(client.FieldAccountNumber), client.ErrMissingMandatoryField, client.FieldAccountNumber),
		framework.Entry("VID-ERR-009", sessionCallWithout("ping", func(c *client.Client) string { return c.PingPath }), client.ErrMissingMandatoryField, client.FieldSessionKey),
		framework.Entry("VID-ERR-010", sessionCallWithout("logout", func(c *client.Client) string { return c.LogoutPath }), client.ErrMissingMandatoryField, client.FieldSessionKey),
	)

	framework.It("VID-HTTP-001", func() {
		t := api.Target()
		want := t.Int(client.SettingErrorHTTPStatus)
		framework.Need(want != 0, "error_http_status is unset: set the HTTP status the target's documented errors come with (200 decided)")
		c, a := api.Client(), api.Account(0)
		for _, ans := range []*framework.Answer{
			login(framework.Ctx(), c, wrongPassword(a), "a login with a wrong password"),
			ping(framework.Ctx(), c, unissuedKey(c, a), "a ping with a well-formed key the target never issued"),
		} {
			Expect(ans).To(framework.BeRefused())
			Expect(ans).To(framework.HaveStatus(want), "documented errors come with HTTP %d (error_http_status)", want)
		}
	})
})
