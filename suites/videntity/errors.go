package videntity

import (
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// call is one request of an error-code matrix row.
type call func(c *client.Client, a account) (*client.Response, error)

func loginWith(user, pass, number func(a account) string) call {
	return func(c *client.Client, a account) (*client.Response, error) {
		return c.Login(framework.Ctx(), user(a), pass(a), number(a))
	}
}

func username(a account) string      { return a.Username }
func password(a account) string      { return a.Password }
func accountNumber(a account) string { return a.AccountNumber }

// loginWithout posts the login form without one field.
func loginWithout(field string) call {
	return func(c *client.Client, a account) (*client.Response, error) {
		form := url.Values{client.FieldUsername: {a.Username}, client.FieldPassword: {a.Password}, client.FieldAccountNumber: {a.AccountNumber}}
		form.Del(field)
		return c.PostForm(framework.Ctx(), c.LoginPath, form)
	}
}

// sessionCallWithout posts an empty form to the ping or logout path.
func sessionCallWithout(path func(c *client.Client) string) call {
	return func(c *client.Client, _ account) (*client.Response, error) {
		return c.PostForm(framework.Ctx(), path(c), url.Values{})
	}
}

var _ = framework.Describe(profile, "documented error codes", func() {
	DescribeTable("error number, name and detail",
		func(do call, want int, detail, what string) {
			c := specClient()
			r, err := do(c, mustAccount(0))
			noErr(err, what)
			if r.OK() {
				DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
			}
			name := client.ErrorNames[want]
			expect(!r.OK() && r.ErrorNumber == want, "%s must answer error %d %s; got %s", what, want, name, describe(r))
			expect(r.ErrorName == name, "error %d must be named %s; %s answered it named %q", want, name, what, r.ErrorName)
			if detail != "" {
				expect(strings.Contains(r.ErrorDetail, detail), "error %d must say %q in error_detail; %s answered %q", want, detail, what, r.ErrorDetail)
			}
			expect(len(r.MissingFields()) == 0, "the error answer to %s lacks the documented %s", what, strings.Join(r.MissingFields(), ", "))
		},
		framework.Entry("VID-ERR-001", loginWith(username, wrongPassword, accountNumber), client.ErrAuthentication, client.DetailAuthentication, "a login with a wrong password"),
		framework.Entry("VID-ERR-002", loginWith(username, password, wrongAccountNumber), client.ErrAuthentication, client.DetailAuthentication, "a login with a wrong account_number"),
		framework.Entry("VID-ERR-003", loginWith(func(account) string { return unknownUsername() }, password, accountNumber), client.ErrAuthentication, client.DetailAuthentication, "a login with an unknown username"),
		framework.Entry("VID-ERR-004", call(func(c *client.Client, _ account) (*client.Response, error) {
			return c.Ping(framework.Ctx(), neverIssuedKey())
		}),
			client.ErrSessionDoesNotExist, "", "a ping with a key never issued"),
		framework.Entry("VID-ERR-005", call(func(c *client.Client, _ account) (*client.Response, error) {
			return c.Logout(framework.Ctx(), neverIssuedKey())
		}),
			client.ErrSessionDoesNotExist, "", "a logout with a key never issued"),
		framework.Entry("VID-ERR-006", loginWithout(client.FieldUsername), client.ErrMissingMandatoryField, client.MissingFieldDetail(client.FieldUsername), "a login without username"),
		framework.Entry("VID-ERR-007", loginWithout(client.FieldPassword), client.ErrMissingMandatoryField, client.MissingFieldDetail(client.FieldPassword), "a login without password"),
		framework.Entry("VID-ERR-008", loginWithout(client.FieldAccountNumber), client.ErrMissingMandatoryField, client.MissingFieldDetail(client.FieldAccountNumber), "a login without account_number"),
		framework.Entry("VID-ERR-009", sessionCallWithout(func(c *client.Client) string { return c.PingPath }), client.ErrMissingMandatoryField, client.MissingFieldDetail(client.FieldSessionKey), "a ping without session_key"),
		framework.Entry("VID-ERR-010", sessionCallWithout(func(c *client.Client) string { return c.LogoutPath }), client.ErrMissingMandatoryField, client.MissingFieldDetail(client.FieldSessionKey), "a logout without session_key"),
	)

	framework.It("VID-HTTP-001", func() {
		t := target()
		want := t.Int(client.SettingErrorHTTPStatus)
		if want == 0 {
			Skip("error_http_status is unset: set the HTTP status the target's documented errors come with (200 decided)")
		}
		c := newClient(t)
		a := mustAccount(0)
		bad, err := c.Login(framework.Ctx(), a.Username, wrongPassword(a), a.AccountNumber)
		noErr(err, "a login with a wrong password")
		gone, err := c.Ping(framework.Ctx(), neverIssuedKey())
		noErr(err, "a ping with a key never issued")
		for _, r := range []struct {
			what string
			r    *client.Response
		}{{"a login with a wrong password", bad}, {"a ping with a key never issued", gone}} {
			expect(!r.r.OK(), "%s must answer an error; got %s", r.what, describe(r.r))
			expect(r.r.HTTPStatus() == want, "documented errors must come with HTTP %d (error_http_status); %s answered %s", want, r.what, describe(r.r))
		}
	})
})
