package videntity

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bad input gets a documented error answer (which error is the VID-ERR
// specs' business), never a crash and never a session.
var _ = framework.Describe(profile, "bad input", func() {
	framework.It("VID-INPUT-001", func() {
		c := specClient()
		long := strings.Repeat("A", 4096)
		r, err := c.Login(framework.Ctx(), "u"+long, "p"+long, strings.Repeat("1", 4096))
		wantDocumentedError(r, err, "a login with 4 KiB username, password and account_number")
	})

	framework.It("VID-INPUT-002", func() {
		c := specClient()
		a := mustAccount(0)
		for _, in := range []struct{ what, user, pass, number string }{
			{"a one-character password", a.Username, "x", a.AccountNumber},
			{"letters in account_number", a.Username, a.Password, "abc-DEF-ghi"},
			{"control and non-ASCII characters in username", "f\u00f6\u00f6\x01b\u0430r\u202e", a.Password, a.AccountNumber},
		} {
			r, err := c.Login(framework.Ctx(), in.user, in.pass, in.number)
			wantDocumentedError(r, err, "a login with "+in.what)
		}
	})

	framework.It("VID-INPUT-003", func() {
		c := specClient()
		a := mustAccount(0)
		body, _ := json.Marshal(map[string]string{
			client.FieldUsername: a.Username, client.FieldPassword: a.Password, client.FieldAccountNumber: a.AccountNumber,
		})
		r, err := c.Send(framework.Ctx(), c.LoginPath, body, "application/json")
		if err == nil && r.OK() {
			DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
		}
		wantDocumentedError(r, err, "a login sent as JSON (Content-Type application/json) instead of a URL-encoded form")
	})

	framework.It("VID-INPUT-004", func() {
		c := specClient()
		a := mustAccount(0)
		body := client.FieldUsername + "=" + url.QueryEscape(a.Username) + "%zz&" +
			client.FieldPassword + "=" + url.QueryEscape(a.Password) + "&" + client.FieldAccountNumber + "=%4"
		r, err := c.Send(framework.Ctx(), c.LoginPath, []byte(body), client.FormContentType)
		wantDocumentedError(r, err, "a login whose form body has broken %-escapes (%zz, %4)")
	})

	framework.It("VID-INPUT-005", func() {
		c := specClient()
		a := mustAccount(0)
		q := url.Values{client.FieldUsername: {a.Username}, client.FieldPassword: {a.Password}, client.FieldAccountNumber: {a.AccountNumber}}
		r, err := c.SendMethod(framework.Ctx(), http.MethodGet, c.LoginPath+"?"+q.Encode(), nil, "")
		if err == nil && r.OK() {
			DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
			Fail("a GET to " + c.LoginPath + " with the credentials in the URL query logged in (SUCCESS): login must be a form POST, and credentials in a URL end up in logs, proxies and browser history")
		}
		wantDocumentedError(r, err, "a GET to the login method with the credentials in the URL query")
	})
})
