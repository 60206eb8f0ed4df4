package videntity

import (
	"fmt"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// sampleKeys logs in and out token_samples times, cycling through the
// usable credentials of the pool, and returns the keys issued.
func sampleKeys(c *client.Client) []string {
	t := target()
	n := t.Int("token_samples")
	if n < 2 {
		Skip(fmt.Sprintf("token_samples is %d: set at least 2 (200 by default) to sample session keys", n))
	}
	var accounts []account
	for i := range t.Config.Credentials {
		if a, err := accountOf(t, i); err == nil {
			accounts = append(accounts, a)
		}
	}
	if len(accounts) == 0 {
		accounts = append(accounts, mustAccount(0)) // skips, saying why
	}
	keys := make([]string, 0, n)
	for i := 0; i < n; i++ {
		a := accounts[i%len(accounts)]
		key, err := loginStep(framework.Ctx(), c, a)
		if err != nil {
			Fail(fmt.Sprintf("login %d of %d: %v", i+1, n, err))
		}
		keys = append(keys, key)
		r, err := c.Logout(framework.Ctx(), key)
		noErr(err, fmt.Sprintf("logout %d of %d", i+1, n))
		expect(r.OK(), "logout %d of %d with a key just issued must answer SUCCESS; got %s", i+1, n, describe(r))
	}
	return keys
}

var _ = framework.Describe(profile, "session security", func() {
	framework.It("VID-SEC-001", func() {
		c := specClient()
		keys := sampleKeys(c)
		min := target().Int("min_token_entropy_bits")
		bits := framework.EntropyBits(keys)
		expect(bits >= float64(min), "session keys must carry at least %d bits of entropy (ASVS 3.2.2); %d keys from %d logins (%d distinct) carry an estimated %.1f bits (character-position analysis): keys are predictable or drawn from a small space",
			min, len(keys), len(keys), distinct(keys), bits)
	})

	framework.It("VID-SEC-002", func() {
		c := specClient()
		keys := sampleKeys(c)
		dups := framework.Duplicates(keys)
		expect(len(dups) == 0, "session keys must be unique, but %d of %d logins got a key issued before (%d distinct keys repeated)",
			len(keys)-distinct(keys), len(keys), len(dups))
	})

	framework.It("VID-SEC-003", func() {
		c := specClient()
		a := mustAccount(0)
		first := login(c, a, "first login")
		second := login(c, a, "second login while the first session is live")
		expect(first != second, "every login must issue a new key, but a second login of %s while its first session was live returned the same key (session fixation risk)", a.Username)
	})

	framework.It("VID-SEC-004", func() {
		c := specClient()
		a := mustAccount(0)
		key := login(c, a, "login")
		for _, cred := range []struct{ name, value string }{
			{"password", a.Password}, {"account_number", a.AccountNumber}, {"username", a.Username},
		} {
			if how := framework.DerivedFrom(key, cred.value); how != "" {
				Fail(fmt.Sprintf("the session key must be random, never equal to or derived from a credential, but the key issued to %s %s: the %s (the vendor's own example key equals its password)",
					a.Username, how, cred.name))
			}
		}
	})

	framework.It("VID-SEC-005", func() {
		c := specClient()
		key := login(c, mustAccount(0), "login")
		for _, m := range []struct{ what, path string }{{"ping", c.PingPath}, {"logout", c.LogoutPath}} {
			r, err := c.Send(framework.Ctx(), m.path+"?"+url.Values{client.FieldSessionKey: {key}}.Encode(), nil, client.FormContentType)
			noErr(err, m.what+" with session_key only in the URL query")
			expect(!r.OK(), "a session key must never travel in a URL, but a %s with session_key only in the URL query answered SUCCESS", m.what)
			expect(r.ErrorNumber == client.ErrMissingMandatoryField,
				"a %s with session_key only in the URL query must answer error 4 MISSING_MANDATORY_FIELD (fields are read from the POST body only); got %s", m.what, describe(r))
		}
	})

	framework.It("VID-SEC-006", func() {
		c := specClient()
		a := mustAccount(0)
		ok, err := c.Login(framework.Ctx(), a.Username, a.Password, a.AccountNumber)
		noErr(err, "login")
		expect(ok.OK(), "login with the configured credentials must answer SUCCESS; got %s", describe(ok))
		DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), ok.SessionKey) })
		body := string(ok.Exchange.Body)
		if ok.SessionKey != "" {
			body = strings.ReplaceAll(body, ok.SessionKey, "") // a key derived from a credential is VID-SEC-004's business
		}
		for _, cred := range []struct{ name, value string }{{"password", a.Password}, {"account_number", a.AccountNumber}} {
			expect(!strings.Contains(body, cred.value), "answers must never echo credentials, but the login SUCCESS answer contains the submitted %s", cred.name)
		}
		wrong := wrongPassword(a)
		bad, err := c.Login(framework.Ctx(), a.Username, wrong, a.AccountNumber)
		noErr(err, "a login with a wrong password")
		for _, cred := range []struct{ name, value string }{{"password", wrong}, {"account_number", a.AccountNumber}} {
			expect(!strings.Contains(string(bad.Exchange.Body), cred.value), "answers must never echo credentials, but the failed login's answer contains the submitted %s", cred.name)
		}
	})

	framework.It("VID-SEC-007", func() {
		c := specClient()
		a := mustAccount(0)
		bad, err := c.Login(framework.Ctx(), a.Username, wrongPassword(a), a.AccountNumber)
		noErr(err, "a login with a wrong password")
		gone, err := c.Ping(framework.Ctx(), neverIssuedKey())
		noErr(err, "a ping with a key never issued")
		for _, r := range []struct {
			what string
			r    *client.Response
		}{{"a login with a wrong password", bad}, {"a ping with a key never issued", gone}} {
			if leak := framework.LeakedInternals(r.r.ErrorDetail + "\n" + string(r.r.Exchange.Body)); leak != "" {
				Fail(fmt.Sprintf("error answers must not reveal server internals, but the answer to %s contains %q (error_detail %q)", r.what, leak, r.r.ErrorDetail))
			}
		}
	})

	framework.It("VID-SEC-008", func() {
		c := specClient()
		a := mustAccount(0)
		type answer struct {
			what string
			r    *client.Response
		}
		var answers []answer
		for _, in := range []struct{ what, user, pass, number string }{
			{"a wrong password", a.Username, wrongPassword(a), a.AccountNumber},
			{"a wrong account_number", a.Username, a.Password, wrongAccountNumber(a)},
			{"an unknown username", unknownUsername(), a.Password, a.AccountNumber},
		} {
			r, err := c.Login(framework.Ctx(), in.user, in.pass, in.number)
			noErr(err, "a login with "+in.what)
			expect(!r.OK(), "a login with %s must be refused; got %s", in.what, describe(r))
			answers = append(answers, answer{in.what, r})
		}
		ref := answers[0]
		for _, o := range answers[1:] {
			same := o.r.ErrorNumber == ref.r.ErrorNumber && o.r.ErrorName == ref.r.ErrorName &&
				o.r.ErrorDetail == ref.r.ErrorDetail && o.r.HTTPStatus() == ref.r.HTTPStatus()
			expect(same, "a failed login must not reveal which credential was wrong (user enumeration): %s answered %s, but %s answered %s",
				ref.what, describe(ref.r), o.what, describe(o.r))
		}
	})

	framework.It("VID-SEC-009", func() {
		c := specClient()
		a := mustAccount(0)
		r, err := c.Login(framework.Ctx(), a.Username, a.Password, a.AccountNumber)
		noErr(err, "login")
		expect(r.OK(), "login with the configured credentials must answer SUCCESS; got %s", describe(r))
		DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), r.SessionKey) })
		if cc := r.Exchange.Header.Get("Cache-Control"); !strings.Contains(strings.ToLower(cc), "no-store") {
			framework.Warn("the login answer carries a session key but may be cached: Cache-Control is %q, want no-store (ASVS 8.2.1)", cc)
		}
	})
})

// distinct counts the different values in list.
func distinct(list []string) int {
	seen := make(map[string]struct{}, len(list))
	for _, v := range list {
		seen[v] = struct{}{}
	}
	return len(seen)
}
