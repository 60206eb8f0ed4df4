package certna

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// outcome is one request of an error-code row and what came back.
type outcome struct {
	what string
	ans  answer
	err  error
}

// probe sends the requests of one row.
type probe func(c *client.Client, a account) []outcome

// body is one request body of a row and what it is.
type body struct {
	what string
	data []byte
}

// loginBodies posts each body to the login endpoint as JSON.
func loginBodies(c *client.Client, bodies ...body) []outcome {
	return loginBodiesAs(c, "application/json", bodies...)
}

// loginBodiesAs posts each body to the login endpoint with content type ct
// ("" sends none).
func loginBodiesAs(c *client.Client, ct string, bodies ...body) []outcome {
	var out []outcome
	for _, b := range bodies {
		r, err := sendLogin(c, b.data, ct)
		o := outcome{what: "a login with " + b.what, err: err}
		if err == nil {
			o.ans = loginAnswer(r)
		}
		out = append(out, o)
	}
	return out
}

// hashedFor is a's password as the target expects it prepared, so that only
// the property under test is wrong in a request.
func hashedFor(c *client.Client, a account) string {
	if !c.Scheme.Salted() {
		return c.Scheme.Hash(nil, a.Password)
	}
	s := fetchSalt(c, a.UserName, "the salt of "+a.UserName)
	expect(s.OK(), "the salt of a known user must be returned; got %s", saltAnswer(s))
	return c.Scheme.Hash(s.Salt, a.Password)
}

// storeBody posts body to the storechecksum endpoint with a live token and
// content type ct.
func storeBody(c *client.Client, a account, what, ct string, body []byte) outcome {
	tok := login(c, a, "logging in to call storechecksum")
	h := http.Header{client.TokenHeader: {tok}}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	o := outcome{what: "a storechecksum with " + what}
	x, err := c.Send(framework.Ctx(), http.MethodPost, storeChecksumPath(c), body, h)
	if err != nil {
		o.err = err
		return o
	}
	x.AddSecrets(tok)
	r, err := client.ParseStoreChecksum(x)
	if o.err = err; err == nil {
		o.ans = storeAnswer(r)
	}
	return o
}

var _ = framework.Describe(profile, "documented error codes", func() {
	DescribeTable("bad input gets its documented error, not a crash",
		func(do probe, status int, code string) {
			c := specClient()
			a := mustAccount(0)
			for _, o := range do(c, a) {
				noErr(o.err, o.what)
				expect(o.ans.refused(), "%s must be refused with %d {\"code\":%q}; it was accepted (%s)", o.what, status, code, o.ans)
				expect(o.ans.status == status && o.ans.code == code && o.ans.shape == "code",
					"%s must answer %d {\"code\":%q,\"message\":…}; got %s", o.what, status, code, o.ans)
			}
		},
		framework.Entry("CERTNA-ERR-001", probe(func(c *client.Client, a account) []outcome {
			h := hashedFor(c, a)
			return loginBodies(c,
				body{"no user_name", loginBody(map[string]any{fieldPassword: h})},
				body{"a null user_name", loginBody(map[string]any{fieldUserName: nil, fieldPassword: h})},
				body{"an empty user_name", loginBody(map[string]any{fieldUserName: "", fieldPassword: h})},
			)
		}), http.StatusBadRequest, client.CodeMissingParameter),
		framework.Entry("CERTNA-ERR-002", probe(func(c *client.Client, a account) []outcome {
			return loginBodies(c,
				body{"no password", loginBody(map[string]any{fieldUserName: a.UserName})},
				body{"a null password", loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: nil})},
				body{"an empty password", loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: ""})},
			)
		}), http.StatusBadRequest, client.CodeMissingParameter),
		framework.Entry("CERTNA-ERR-003", probe(func(c *client.Client, a account) []outcome {
			h := hashedFor(c, a)
			out := loginBodies(c,
				body{"a number as user_name", loginBody(map[string]any{fieldUserName: 12345, fieldPassword: h})},
				body{"an object as user_name", loginBody(map[string]any{fieldUserName: map[string]string{"name": a.UserName}, fieldPassword: h})},
				body{"an array as password", loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: []string{h}})},
				body{"true as password", loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: true})},
			)
			return append(out, storeBody(c, a, "a number as checksum", "application/json", jsonOf(map[string]any{fieldChecksum: 384})))
		}), http.StatusBadRequest, client.CodeInvalidParameter),
		framework.Entry("CERTNA-ERR-004", probe(func(c *client.Client, a account) []outcome {
			long := a.UserName + "." + strings.Repeat("x", 1024)
			out := loginBodies(c,
				body{"a 1 KiB user_name", loginBody(map[string]any{fieldUserName: long, fieldPassword: hashedFor(c, a)})},
			)
			if c.Scheme.Salted() {
				r, err := c.Salt(framework.Ctx(), long)
				o := outcome{what: "a salt request for a 1 KiB user_name", err: err}
				if err == nil {
					o.ans = saltAnswer(r)
				}
				out = append(out, o)
			}
			return out
		}), http.StatusBadRequest, client.CodeInvalidParameter),
		framework.Entry("CERTNA-ERR-005", probe(func(c *client.Client, a account) []outcome {
			h := hashedFor(c, a)
			whole := string(loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: h}))
			return loginBodies(c,
				body{"a JSON syntax error (the body cut short)", []byte(whole[:len(whole)/2])},
				body{"trailing data after the object", []byte(whole + `{"user_name":"x"}`)},
				body{"a JSON array instead of an object", jsonOf([]string{a.UserName, h})},
				body{"an empty body", []byte{}},
			)
		}), http.StatusBadRequest, client.CodeMalformedJSON),
		framework.Entry("CERTNA-ERR-006", probe(func(c *client.Client, a account) []outcome {
			valid := loginBody(map[string]any{fieldUserName: a.UserName, fieldPassword: hashedFor(c, a)})
			var out []outcome
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=iso-8859-1"} {
				what := "Content-Type " + ct
				if ct == "" {
					what = "no Content-Type"
				}
				out = append(out, loginBodiesAs(c, ct, body{"a valid JSON body sent with " + what, valid})...)
			}
			return append(out, storeBody(c, a, "a valid JSON body sent with Content-Type text/plain", "text/plain", jsonOf(map[string]any{fieldChecksum: document})))
		}), http.StatusUnsupportedMediaType, client.CodeUnsupportedMediaType),
	)
})
