package certna

import (
	"bytes"
	"net/http"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// saltLen is the decided salt length in bytes (profiles.md certna).
const saltLen = 16

// fetchSalt fetches user's salt and fails the spec on a transport failure
// or an answer of no documented shape.
func fetchSalt(c *client.Client, user, what string) *client.SaltResult {
	r, err := c.Salt(framework.Ctx(), user)
	noErr(err, what)
	return r
}

var _ = framework.Describe(profile, "salt", func() {
	framework.It("CERTNA-SALT-001", func() {
		c := specClient()
		needSalt(c)
		a := mustAccount(0)
		r := fetchSalt(c, a.UserName, "the salt of a known user")
		expect(r.OK() && r.Exchange.Status == http.StatusOK, "GET %s?user_name=<%s> must answer 200 {\"salt\":\"<Base64>\"}; got %s", saltPath(c), a.UserName, saltAnswer(r))
		expect(len(r.Salt) == saltLen, "a salt must be the standard Base64 of %d bytes; got %d bytes (%q)", saltLen, len(r.Salt), r.Encoded)
	})

	framework.It("CERTNA-SALT-002", func() {
		c := specClient()
		needSalt(c)
		a := mustAccount(0)
		first := fetchSalt(c, a.UserName, "the salt of a known user")
		again := fetchSalt(c, a.UserName, "the same salt fetched again")
		expect(first.OK() && again.OK(), "the salt of a known user must be returned; got %s, then %s", saltAnswer(first), saltAnswer(again))
		expect(bytes.Equal(first.Salt, again.Salt), "a user's salt must be stable, but two fetches for %s a moment apart returned different salts: a login then depends on which salt the server expects", a.UserName)
		others := accounts(target())
		if len(others) < 2 {
			return // one user: nothing to compare it with
		}
		b := others[1]
		other := fetchSalt(c, b.UserName, "the salt of a second known user")
		expect(other.OK(), "the salt of a known user must be returned; got %s", saltAnswer(other))
		expect(!bytes.Equal(first.Salt, other.Salt), "a salt must belong to one user, but %s and %s got the same salt: one precomputed table fits every account", a.UserName, b.UserName)
	})

	framework.It("CERTNA-SALT-003", func() {
		c := specClient()
		needSalt(c)
		a := mustAccount(0)
		known := fetchSalt(c, a.UserName, "the salt of a known user")
		ghost := unknownUserName()
		first := fetchSalt(c, ghost, "the salt of an unknown user")
		again := fetchSalt(c, ghost, "the salt of the same unknown user fetched again")
		ka, fa := saltAnswer(known), saltAnswer(first)
		expect(known.OK(), "the salt of a known user must be returned; got %s", ka)
		expect(first.OK() && fa.status == ka.status, "an unknown user name must get a salt like a known user's (no user enumeration), but the known user got %s and the unknown one %s", ka, fa)
		expect(len(first.Encoded) == len(known.Encoded) && len(first.Salt) == len(known.Salt),
			"an unknown user's fake salt must look like a real one (no user enumeration), but it has %d bytes (%d characters) where a known user's has %d (%d)",
			len(first.Salt), len(first.Encoded), len(known.Salt), len(known.Encoded))
		expect(again.OK() && bytes.Equal(first.Salt, again.Salt),
			"an unknown user's fake salt must be stable (no user enumeration), but two fetches a moment apart differ (%q, then %q): a real user's salt never changes, so comparing two fetches tells who exists",
			first.Encoded, again.Encoded)
	})

	framework.It("CERTNA-SALT-004", func() {
		c := specClient()
		needSalt(c)
		for _, q := range []struct{ what, path string }{
			{"without the user_name parameter", saltPath(c)},
			{"with an empty user_name", saltPath(c) + "?user_name="},
		} {
			x, err := c.Send(framework.Ctx(), http.MethodGet, q.path, nil, http.Header{"Accept": {"application/json"}})
			noErr(err, "a salt request "+q.what)
			r, err := client.ParseSalt(x)
			noErr(err, "a salt request "+q.what)
			got := saltAnswer(r)
			expect(got.status == http.StatusBadRequest && got.code == client.CodeMissingParameter,
				"a salt request %s must answer 400 {\"code\":%q}; got %s", q.what, client.CodeMissingParameter, got)
		}
	})
})
