package certna

import (
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's matchers read best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// variant is a wrongly prepared password the login must refuse exactly like
// a wrong password: its value for a's password and what it is, or why the
// target cannot be asked (the spec is then SKIPPED).
type variant func(c *client.Client, a framework.Account) (hashed, what, skip string)

// unsalted is the password hashed without salt by scheme.
func unsalted(scheme client.HashScheme, name string) variant {
	return func(c *client.Client, a framework.Account) (string, string, string) {
		if c.Scheme == scheme {
			return "", "", fmt.Sprintf("hash_scheme is %s: the target documents %s as its password scheme", scheme, name)
		}
		return scheme.Hash(nil, a.Get(keyPassword)), name, ""
	}
}

// saltedSHA1 is Base64(SHA-1(salt ‖ password)) with the user's own salt.
func saltedSHA1(c *client.Client, a framework.Account) (string, string, string) {
	if c.Scheme != client.SaltedSHA256 {
		return "", "", fmt.Sprintf("hash_scheme is %s: only a target using salted SHA-256 (the decided scheme) must refuse salted SHA-1", c.Scheme)
	}
	salt := knownSalt(c, a.Get(keyUser), "the salt of a known user")
	return client.SaltedSHA1.Hash(salt, a.Get(keyPassword)), "Base64(SHA-1(salt ‖ password)) with the user's own salt", ""
}

// plainText is the password as it is.
func plainText(c *client.Client, a framework.Account) (string, string, string) {
	if c.Scheme == client.Plain {
		return "", "", "hash_scheme is plain: the target documents plain-text passwords"
	}
	return a.Get(keyPassword), "the plain-text password", ""
}

// exactlyLikeWrong is the note of every "refused exactly like a wrong
// password" failure.
const exactlyLikeWrong = "profiles.md: an unsalted SHA-1 or SHA-256 hash, a stale salt, or a plain-text password is rejected exactly like a wrong password; a different answer tells an attacker which password forms the server knows"

var _ = framework.Describe(profile, "login", func() {
	framework.It("CERTNA-LOGIN-001", func() {
		c, a := api.Client(), api.Account(0)
		ans := login(c, a, "a login")
		Expect(ans).To(framework.HaveStatus(http.StatusOK), `profiles.md: Success 200 {"access_token": "<GUID>"}`)
		Expect(client.IsGUID(ans.Token)).To(BeTrue(),
			`the access_token must be a GUID (profiles.md: {"access_token": "<GUID>"}, seed: "534d4c30-28a0-48c8-a76d-bbd265d7a1ac"); got one of %d characters that is not`, len(ans.Token))
	})

	framework.It("CERTNA-LOGIN-002", func() {
		c, a := api.Client(), api.Account(0)
		ref := observe("refused login (wrong password)", wrongLogin(c, a))
		Expect(ref).To(framework.HaveStatusIn(pin(client.PinLoginRefusedStatus)))
	})

	DescribeTable("wrongly prepared passwords are refused exactly like a wrong password",
		func(v variant) {
			c, a := api.Client(), api.Account(0)
			hashed, what, skip := v(c, a)
			framework.Need(skip == "", "%s", skip)
			ref := wrongLogin(c, a)
			got := loginHashed(c, a.Get(keyUser), hashed, "a login with "+what)
			Expect(got).To(framework.BeRefusedLike(ref), exactlyLikeWrong)
		},
		framework.Entry("CERTNA-LOGIN-003", unsalted(client.SHA256, "an unsalted Base64(SHA-256(password))")),
		framework.Entry("CERTNA-LOGIN-004", unsalted(client.SHA1, "an unsalted Base64(SHA-1(password))")),
		framework.Entry("CERTNA-LOGIN-005", variant(saltedSHA1)),
		framework.Entry("CERTNA-LOGIN-007", variant(plainText)),
	)

	framework.It("CERTNA-LOGIN-006", func() {
		c, a := api.Client(), api.Account(0)
		needSalt(c)
		ref := wrongLogin(c, a)
		type try struct{ what, hashed string }
		var tries []try
		for _, b := range api.Accounts() {
			if b.Get(keyUser) == a.Get(keyUser) {
				continue
			}
			salt := knownSalt(c, b.Get(keyUser), "the salt of another user")
			tries = append(tries, try{"a hash of the right password made with another user's salt", c.Scheme.Hash(salt, a.Get(keyPassword))})
			break
		}
		tries = append(tries, try{"a hash of the right password made with a random salt the server never issued", c.Scheme.Hash(randomSalt(), a.Get(keyPassword))})
		for _, t := range tries {
			got := loginHashed(c, a.Get(keyUser), t.hashed, "a login with "+t.what)
			Expect(got).To(framework.BeRefusedLike(ref), exactlyLikeWrong+" (the salt is per user)")
		}
	})

	framework.It("CERTNA-LOGIN-008", func() {
		c, a := api.Client(), api.Account(0)
		for _, t := range []struct{ what, value string }{
			{"a one-character password", "x"},
			{"a 4 KiB password", strings.Repeat("A", 4096)},
		} {
			got := observe("login with a password that is no digest ("+t.what+")", loginHashed(c, a.Get(keyUser), t.value, "a login with "+t.what))
			Expect(got).To(framework.BeRefused(), `seed: any unsuccessful login produces "a JSON formatted response with a code and message"; profiles.md: bad input (short, long) gets its documented error, not a 5xx crash`)
		}
	})
})
