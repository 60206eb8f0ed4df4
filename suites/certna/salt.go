package certna

import (
	"bytes"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's matchers read best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// saltLen is the decided salt length in bytes (profiles.md certna:
// "<base64, 16 bytes>").
const saltLen = 16

// needSalt skips the spec when the target's hash scheme uses no salt.
func needSalt(c *client.Client) {
	framework.Need(c.Scheme.Salted(), "hash_scheme is %s, which uses no salt: the target documents no salt endpoint", c.Scheme)
}

var _ = framework.Describe(profile, "salt", func() {
	framework.It("CERTNA-SALT-001", func() {
		c := api.Client()
		needSalt(c)
		a := api.Account(0)
		s := fetchSalt(c, a.Get(keyUser), "GET "+pathOr(c.SaltPath, client.DefaultSaltPath)+"?user_name=<a known user>")
		// A salt is read at 2xx only (clients/certna ParseSalt): success is 2xx.
		Expect(s.Answer).To(framework.HaveSucceeded(), `profiles.md: GET /user/salt?user_name=… → {"salt": "<base64, 16 bytes>"}`)
		Expect(s.salt).To(HaveLen(saltLen), "a salt must be the Base64 of %d bytes (profiles.md); %q is not", saltLen, s.encoded)
	})

	framework.It("CERTNA-SALT-002", func() {
		c := api.Client()
		needSalt(c)
		a := api.Account(0)
		first := fetchSalt(c, a.Get(keyUser), "the salt of a known user")
		again := fetchSalt(c, a.Get(keyUser), "the same salt fetched again")
		Expect(first.Answer).To(framework.HaveSucceeded())
		Expect(again.Answer).To(framework.HaveSucceeded())
		Expect(bytes.Equal(first.salt, again.salt)).To(BeTrue(),
			"a user's salt must be stable (profiles.md), but two fetches for %s a moment apart returned %q, then %q", a.Get(keyUser), first.encoded, again.encoded)
		others := api.Accounts()
		if len(others) < 2 {
			return // one user: nothing to compare it with
		}
		b := others[1]
		other := fetchSalt(c, b.Get(keyUser), "the salt of a second known user")
		Expect(other.Answer).To(framework.HaveSucceeded())
		Expect(bytes.Equal(first.salt, other.salt)).To(BeFalse(),
			"a salt must be per user (profiles.md), but %s and %s got the same salt: one precomputed table fits every account", a.Get(keyUser), b.Get(keyUser))
	})

	framework.It("CERTNA-SALT-003", func() {
		c := api.Client()
		needSalt(c)
		a := api.Account(0)
		known := fetchSalt(c, a.Get(keyUser), "the salt of a known user")
		Expect(known.Answer).To(framework.HaveSucceeded())
		ghost := unknownUserName()
		first := fetchSalt(c, ghost, "the salt of an unknown user")
		again := fetchSalt(c, ghost, "the salt of the same unknown user fetched again")
		note := "profiles.md: for an unknown user it is a stable fake salt (no user enumeration)"
		Expect(first.Answer).To(framework.HaveSucceeded(), note)
		Expect(first.Answer).To(framework.HaveStatus(known.Status()), "%s: an unknown user's salt must come like a known user's", note)
		Expect(len(first.encoded)).To(Equal(len(known.encoded)),
			"%s, but the fake salt has %d characters (%d bytes) where a known user's has %d (%d bytes)", note, len(first.encoded), len(first.salt), len(known.encoded), len(known.salt))
		Expect(again.Answer).To(framework.HaveSucceeded(), note)
		Expect(bytes.Equal(first.salt, again.salt)).To(BeTrue(),
			"%s, but two fetches a moment apart differ (%q, then %q): a real user's salt never changes, so comparing two fetches tells who exists", note, first.encoded, again.encoded)
	})

	framework.It("CERTNA-SALT-004", func() {
		c := api.Client()
		needSalt(c)
		for _, q := range []struct{ what, query string }{
			{"a salt request without the user_name parameter", ""},
			{"a salt request with an empty user_name", "user_name="},
		} {
			answeredTwice("salt request without user_name", q.what, func(what string) *framework.Answer { return sendSalt(c, what, q.query) },
				SatisfyAll(framework.NotCrash(), framework.HaveCodeIn(pin(client.PinMissingFieldCode)), framework.HaveStatusIn(pin(client.PinBadInputStatus))),
				"profiles.md: bad input gets its documented error, not a 5xx crash")
		}
	})
})
