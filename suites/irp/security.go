package irp

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// The shared session-security checks (profiles.md "Every profile"). IRP
// has no logout. No user-enumeration check: the vendor documents distinct
// codes for an unknown key (2014) and a bad signature (2003), so IRP-SEC-008
// looks only for differences beyond them (WARNING). The request Signature
// is not among the derivation checks' values: Authenticate echoes it by
// design ("The Signature will be the same as the Signature that was passed
// in").
var _ = framework.SessionSecurity{
	Profile: profile,
	Noun:    "AuthenticationToken",
	IDs: framework.SessionSecurityIDs{
		Entropy:       "IRP-SEC-001",
		Unique:        "IRP-SEC-002",
		FreshPerLogin: "IRP-SEC-003",
		NotDerived:    "IRP-SEC-004",
		NoEcho:        "IRP-SEC-005",
		NoInternals:   "IRP-SEC-006",
		NoStore:       "IRP-SEC-009",
	},
	Login: func(a framework.Account) *framework.Answer {
		return login(api.Client(), a, "an Authenticate").Answer
	},
	WrongPassword: wrongSecret,
	UnknownUser: func(a framework.Account) framework.Account {
		return a.With(client.CredAPIKey, unknownKey(specSettings().APIKeyLength))
	},
	Refusals: func(a framework.Account) []*framework.Answer {
		c, s := api.Client(), specSettings()
		unknown := unknownKey(s.APIKeyLength)
		const notADate = "'; SELECT 1 --"
		out := []*reply{
			raw(c, mAuth, authFields(a).Encode(client.Form), "text/plain", "an Authenticate sent as text/plain"),
			raw(c, mAuth, []byte(`{"APIKey":"`+key(a)+`","TimeStamp":`), client.ContentTypeJSON, "an Authenticate whose JSON body is cut short"),
			raw(c, mAuth, []byte{}, client.ContentTypeForm, "an Authenticate with an empty body"),
			send(c, mAuth, client.SignedAuthenticateFields(unknown, secret(a), stamp(unknown)), "an Authenticate with an unknown API key"),
			send(c, mAuth, client.AuthenticateFields(key(a), notADate, client.Sign(key(a), notADate, secret(a))), "an Authenticate whose TimeStamp is not a date"),
			send(c, mAuth, authFields(a).Without(client.FieldAPIKey), "an Authenticate without APIKey"),
			check(c, unissuedToken(c, a), secret(a), "a CheckTokenTime with a token never issued"),
		}
		answers := make([]*framework.Answer, len(out))
		for i, r := range out {
			answers[i] = r.Answer
		}
		return answers
	},
}.Register()

var _ = framework.Describe(profile, "token and key handling", func() {
	framework.It("IRP-SEC-007", func() {
		c, a := api.Client(), api.Account(0)
		issued := login(c, a, "Authenticate")
		Expect(issued.Answer).To(framework.HaveIssuedToken())
		for _, in := range []struct {
			what   string
			m      method
			fields client.Fields
		}{
			{"a CheckTokenTime with its fields only in the URL query string", mCheck, client.SignedCheckTokenTimeFields(issued.Token, secret(a), stamp(issued.Token))},
			{"an Authenticate with its fields only in the URL query string", mAuth, authFields(a)},
		} {
			q := url.Values{}
			for _, f := range in.fields {
				q.Set(f.Name, f.Value)
			}
			r, err := c.Send(framework.Ctx(), pathOf(in.m)+"?"+q.Encode(), []byte{}, c.Encoding.ContentType())
			got := answer(in.what, in.m, r, err)
			target().Observe(in.what, got.Answer)
			Expect(got.Answer).NotTo(framework.HaveSucceeded(), "no token (or key) in a URL (profiles.md \"Every profile\"): fields are read from the body")
			Expect(got.Token).To(BeEmpty(), "no token in a URL (profiles.md \"Every profile\")")
		}
	})

	framework.It("IRP-SEC-008", func() {
		c, a, s := api.Client(), api.Account(0), specSettings()
		k := unknownKey(s.APIKeyLength)
		unknown := send(c, mAuth, client.SignedAuthenticateFields(k, secret(a), stamp(k)), "an Authenticate with an unknown API key")
		wrong := login(c, wrongSecret(a), "an Authenticate signed with a wrong shared secret")
		if !unknown.Refused || !wrong.Refused {
			framework.Need(false, "cannot compare the two refusals: one of them is no documented refusal (IRP-ERR-003 and IRP-ERR-012 check those)")
		}
		var diffs []string
		if unknown.Status() != wrong.Status() {
			diffs = append(diffs, fmt.Sprintf("HTTP %d vs %d", unknown.Status(), wrong.Status()))
		}
		if fu, fw := topFields(unknown), topFields(wrong); fu != fw {
			diffs = append(diffs, fmt.Sprintf("fields {%s} vs {%s}", fu, fw))
		}
		if len(unknown.Codes) != len(wrong.Codes) {
			diffs = append(diffs, fmt.Sprintf("%d vs %d messages", len(unknown.Codes), len(wrong.Codes)))
		}
		if len(diffs) > 0 {
			framework.Warn("an unknown API key and a wrong signature of a known key are answered differently beyond the documented codes (2014 vs 2003): %s; whoever probes keys learns more than the vendor documents",
				strings.Join(diffs, ", "))
		}
	})
})

// topFields lists the top-level fields of an answer, sorted.
func topFields(r *reply) string {
	body := r.Exchange.Body
	if s, ok := unquote(body); ok {
		body = []byte(s)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return "(not an object)"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
