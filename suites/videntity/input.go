package videntity

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bad input is refused — with a documented error or an HTTP 4xx, the
// vendor names neither — never with a session and never with a crash, and
// the same request twice gets the same answer. Which answer the target
// chose is recorded as an observation; a pin setting can require one.
var _ = framework.Describe(profile, "bad input", func() {
	// refusedTwice sends a request twice with c and checks both answers.
	refusedTwice := func(c *client.Client, situation string, pinStatus, pinError string, do func() *framework.Answer) {
		t := api.Target()
		var statuses, errs []string
		if pinStatus != "" {
			statuses = t.Pin(pinStatus)
		}
		if pinError != "" {
			errs = t.Pin(pinError)
		}
		first := do()
		cleanup(c, first)
		t.Observe(situation, first)
		Expect(first).To(framework.BeTurnedAway(statuses, errs))
		again := do()
		cleanup(c, again)
		again.What = first.What + ", sent again"
		Expect(again).To(framework.BeAnsweredLike(first))
	}

	framework.It("VID-INPUT-001", func() {
		c, a := api.Client(), api.Account(0)
		long := strings.Repeat("A", 4096)
		bad := a.With(client.CredUsername, "u"+long).With(client.CredPassword, "p"+long).With(client.CredAccountNumber, strings.Repeat("1", 4096))
		refusedTwice(c, "a login with 4 KiB values", "", client.PinBadValueError, func() *framework.Answer {
			return login(framework.Ctx(), c, bad, "a login with 4 KiB username, password and account_number")
		})
	})

	framework.It("VID-INPUT-002", func() {
		c, a := api.Client(), api.Account(0)
		for _, in := range []struct {
			what string
			acct framework.Account
		}{
			{"a one-character password", a.With(client.CredPassword, "x")},
			{"letters in account_number", a.With(client.CredAccountNumber, "abc-DEF-ghi")},
			{"control and non-ASCII characters in username", a.With(client.CredUsername, "f\u00f6\u00f6\x01b\u0430r\u202e")},
		} {
			refusedTwice(c, "a login with "+in.what, "", client.PinBadValueError, func() *framework.Answer {
				return login(framework.Ctx(), c, in.acct, "a login with "+in.what)
			})
		}
	})

	framework.It("VID-INPUT-003", func() {
		c, a := api.Client(), api.Account(0)
		body, _ := json.Marshal(map[string]string{
			client.FieldUsername:      a.Get(client.CredUsername),
			client.FieldPassword:      a.Get(client.CredPassword),
			client.FieldAccountNumber: a.Get(client.CredAccountNumber),
		})
		refusedTwice(c, "a login posted as JSON", client.PinWrongContentTypeStatus, "", func() *framework.Answer {
			return send(framework.Ctx(), c, http.MethodPost, c.LoginPath, body, "application/json",
				"a login sent as JSON (Content-Type application/json) instead of a URL-encoded form")
		})
	})

	framework.It("VID-INPUT-004", func() {
		c, a := api.Client(), api.Account(0)
		body := client.FieldUsername + "=" + url.QueryEscape(a.Get(client.CredUsername)) + "%zz&" +
			client.FieldPassword + "=" + url.QueryEscape(a.Get(client.CredPassword)) + "&" + client.FieldAccountNumber + "=%4"
		refusedTwice(c, "a login with broken %-escapes", client.PinMalformedFormStatus, "", func() *framework.Answer {
			return send(framework.Ctx(), c, http.MethodPost, c.LoginPath, []byte(body), client.FormContentType,
				"a login whose form body has broken %-escapes (%zz, %4)")
		})
	})

	framework.It("VID-INPUT-005", func() {
		c, a := api.Client(), api.Account(0)
		q := loginForm(a).Encode()
		refusedTwice(c, "a GET to the login method", client.PinWrongMethodStatus, "", func() *framework.Answer {
			return send(framework.Ctx(), c, http.MethodGet, c.LoginPath+"?"+q, nil, "",
				"a GET to the login method with the credentials in the URL query")
		})
	})
})
