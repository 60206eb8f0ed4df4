package certna

import (
	"net/http"
	"net/url"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's matchers read best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// The shared session-security checks (profiles.md "Every profile").
var _ = framework.SessionSecurity{
	Profile: profile,
	Noun:    "access token",
	IDs: framework.SessionSecurityIDs{
		Entropy:       "CERTNA-SEC-001",
		Unique:        "CERTNA-SEC-002",
		FreshPerLogin: "CERTNA-SEC-003",
		NotDerived:    "CERTNA-SEC-004",
		NoEcho:        "CERTNA-SEC-006",
		NoInternals:   "CERTNA-SEC-007",
		NoEnumeration: "CERTNA-SEC-008",
		NoStore:       "CERTNA-SEC-009",
	},
	Login:  securityLogin,
	Logout: securityLogout,
	WrongPassword: func(a framework.Account) framework.Account {
		return a.With(keyPassword, wrongPassword(a))
	},
	UnknownUser: func(a framework.Account) framework.Account {
		return a.With(keyUser, unknownUserName())
	},
	Refusals: func(a framework.Account) []*framework.Answer {
		c := api.Client()
		return []*framework.Answer{
			sendLogin(c, "a login without password (the seed's example 2)", field(fieldUser, a.Get(keyUser)), "application/json"),
			sendLogin(c, "a login without user_name", field(fieldPass, a.Get(keyPassword)), "application/json"),
		}
	},
	EnumerationNote: "profiles.md gives an unknown user a stable fake salt (no user enumeration), and the seed's refusal reads \"The user name or/and password are invalid.\"",
}.Register()

// securityLogin logs a in as the documented two steps. A salt the target
// refuses (an unknown user on a target that reveals them at the salt
// endpoint: CERTNA-SALT-003's finding) is replaced by a random one, so the
// login step itself is judged.
func securityLogin(a framework.Account) *framework.Answer {
	c := api.Client()
	user, password := a.Get(keyUser), a.Get(keyPassword)
	var salt []byte
	if c.Scheme.Salted() {
		s := fetchSalt(c, user, "the salt of "+user)
		salt = s.salt
		if len(salt) == 0 {
			salt = randomSalt()
		}
	}
	hashed := c.Scheme.Hash(salt, password)
	r, err := c.LoginHashed(framework.Ctx(), user, hashed)
	if r != nil && r.Exchange != nil {
		r.Exchange.AddSecrets(password)
	}
	return loginAnswer("a login", r, err)
}

// securityLogout ends a session where the target has a logout.
func securityLogout(token string) *framework.Answer {
	c := api.Client()
	if c.LogoutPath == "" {
		return nil
	}
	return logout(c, "a logout", token)
}

var _ = framework.Describe(profile, "session security", func() {
	framework.It("CERTNA-SEC-005", func() {
		c, a := api.Client(), api.Account(0)
		tok := login(c, a, "a login").Token
		query := "?" + url.Values{client.TokenHeader: {tok}}.Encode()
		got := sendStoreRaw(c, "a storechecksum with the token only in the URL query", query, tok,
			http.Header{"Content-Type": {"application/json"}}, field(fieldSum, document))
		Expect(got.OK).To(BeFalse(), "a token must never be accepted from a URL (profiles.md: no token in a URL; the token goes in the access_token header), but %s", got)
		Expect(got).To(framework.NotCrash())
		if c.LogoutPath == "" {
			return
		}
		x, err := c.Send(framework.Ctx(), http.MethodPost, c.LogoutPath+query, nil, nil)
		if x != nil {
			x.AddSecrets(tok)
		}
		Expect(err).NotTo(HaveOccurred(), "a logout with the token only in the URL query got no answer")
		// The session must live on: a logout with the token in the header
		// still ends a live session (2xx) instead of refusing a dead token.
		still := logout(c, "a logout with the token in the header, after a logout that carried it only in the URL query", tok)
		Expect(still).To(framework.HaveSucceeded(),
			"a logout with the token only in the URL query must not end the session: a token in a URL is not accepted (profiles.md: no token in a URL)")
	})
})
