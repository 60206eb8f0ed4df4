package certna

import (
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// variant is a wrongly prepared password the login must refuse exactly like
// a wrong password: its value for a's password, or why the target cannot
// be asked (the spec is then SKIPPED).
type variant func(c *client.Client, a account) (hashed, what, skip string)

// unsalted is the password hashed without salt by scheme.
func unsalted(scheme client.HashScheme, name string) variant {
	return func(c *client.Client, a account) (string, string, string) {
		if c.Scheme == scheme {
			return "", "", fmt.Sprintf("hash_scheme is %s: the target documents %s as its password scheme", scheme, name)
		}
		return scheme.Hash(nil, a.Password), name, ""
	}
}

// saltedSHA1 is Base64(SHA-1(salt ‖ password)) with the user's own salt.
func saltedSHA1(c *client.Client, a account) (string, string, string) {
	if !c.Scheme.Salted() || c.Scheme == client.SaltedSHA1 {
		return "", "", fmt.Sprintf("hash_scheme is %s: only a target using salted SHA-256 must refuse salted SHA-1", c.Scheme)
	}
	s := fetchSalt(c, a.UserName, "the salt of "+a.UserName)
	expect(s.OK(), "the salt of a known user must be returned; got %s", saltAnswer(s))
	return client.SaltedSHA1.Hash(s.Salt, a.Password), "Base64(SHA-1(salt ‖ password)) with the user's own salt", ""
}

// plainText is the password as it is.
func plainText(c *client.Client, a account) (string, string, string) {
	if c.Scheme == client.Plain {
		return "", "", "hash_scheme is plain: the target documents plain-text passwords"
	}
	return a.Password, "the plain-text password", ""
}

var _ = framework.Describe(profile, "login", func() {
	framework.It("CERTNA-LOGIN-001", func() {
		c := specClient()
		a := mustAccount(0)
		r, err := c.Login(framework.Ctx(), a.UserName, a.Password)
		noErr(err, "login at "+loginPath(c))
		ans := loginAnswer(r)
		expect(r.OK(), "a login of %s at %s with the password prepared as %s must answer 200 with an access_token; got %s", a.UserName, loginPath(c), c.Scheme, ans)
		DeferCleanup(func() { logoutQuietly(framework.Ctx(), c, r.AccessToken) })
		expect(r.Exchange.Status == http.StatusOK, "a successful login must answer HTTP 200 (seed: \"Status Code: 200\"); got %s", ans)
		expect(isGUID(r.AccessToken), "the access_token must be a GUID like the seed's \"534d4c30-28a0-48c8-a76d-bbd265d7a1ac\"; got one of %d characters that is not", len(r.AccessToken))
	})

	framework.It("CERTNA-LOGIN-002", func() {
		c := specClient()
		a := mustAccount(0)
		ref, _ := wrongLogin(c, a)
		expect(ref.status < 200 || ref.status > 299, "a refused login must not answer 2xx; got %s", ref)
		if ref.shape == "Exception" {
			expect(ref.code == client.CodeDatabaseError, "a refused login in the Exception shape must carry Code %q (seed example 1); got %s", client.CodeDatabaseError, ref)
		}
		expect(ref.message != "", "a refused login must carry a message; got %s", ref)
	})

	DescribeTable("wrongly prepared passwords are refused exactly like a wrong password",
		func(v variant) {
			c := specClient()
			a := mustAccount(0)
			hashed, what, skip := v(c, a)
			if skip != "" {
				Skip(skip)
			}
			ref, refSent := wrongLogin(c, a)
			got := loginHashed(c, a.UserName, hashed, "a login with "+what)
			expect(got.refused(), "a login of %s with %s must be refused like a wrong password; it was accepted (%s)", a.UserName, what, got)
			if diff := sameRefusal(ref, got, refSent, hashed); diff != "" {
				Fail(fmt.Sprintf("a login with %s must be refused exactly like a wrong password (%s), but it answered %s: %s. A different answer tells an attacker which password forms the server knows",
					what, ref, got, diff))
			}
		},
		framework.Entry("CERTNA-LOGIN-003", unsalted(client.SHA256, "an unsalted Base64(SHA-256(password))")),
		framework.Entry("CERTNA-LOGIN-004", unsalted(client.SHA1, "an unsalted Base64(SHA-1(password))")),
		framework.Entry("CERTNA-LOGIN-005", variant(saltedSHA1)),
		framework.Entry("CERTNA-LOGIN-007", variant(plainText)),
	)

	framework.It("CERTNA-LOGIN-006", func() {
		c := specClient()
		needSalt(c)
		a := mustAccount(0)
		ref, refSent := wrongLogin(c, a)
		type try struct{ what, hashed string }
		var tries []try
		for _, b := range accounts(target()) {
			if b.UserName == a.UserName {
				continue
			}
			s := fetchSalt(c, b.UserName, "the salt of another user")
			expect(s.OK(), "the salt of a known user must be returned; got %s", saltAnswer(s))
			tries = append(tries, try{"a hash of the right password made with another user's salt", c.Scheme.Hash(s.Salt, a.Password)})
			break
		}
		tries = append(tries, try{"a hash of the right password made with a random salt the server never issued", c.Scheme.Hash(randomSalt(), a.Password)})
		for _, t := range tries {
			got := loginHashed(c, a.UserName, t.hashed, "a login with "+t.what)
			expect(got.refused(), "the salt must be bound to its user: a login of %s with %s was accepted (%s)", a.UserName, t.what, got)
			if diff := sameRefusal(ref, got, refSent, t.hashed); diff != "" {
				Fail(fmt.Sprintf("a login with %s must be refused exactly like a wrong password (%s), but it answered %s: %s", t.what, ref, got, diff))
			}
		}
	})

	framework.It("CERTNA-LOGIN-008", func() {
		c := specClient()
		a := mustAccount(0)
		ref, refSent := wrongLogin(c, a)
		for _, t := range []struct{ what, value string }{
			{"a one-character password", "x"},
			{"a 4 KiB password", strings.Repeat("A", 4096)},
		} {
			got := loginHashed(c, a.UserName, t.value, "a login with "+t.what)
			expect(got.refused(), "a login of %s with %s must be refused; it was accepted (%s)", a.UserName, t.what, got)
			if diff := sameRefusal(ref, got, refSent, t.value); diff != "" {
				Fail(fmt.Sprintf("a login with %s must be refused exactly like a wrong password (%s), but it answered %s: %s", t.what, ref, got, diff))
			}
		}
	})
})
