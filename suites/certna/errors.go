package certna

import (
	"encoding/json"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's matchers read best unqualified
	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

// jsonOf renders v as JSON; a nil field value is JSON null.
func jsonOf(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// answeredTwice sends one request twice: the first answer, observed under
// situation, must match want (note says why); the second must be answered
// like the first (the same request gets the same answer).
func answeredTwice(situation, what string, send func(what string) *framework.Answer, want types.GomegaMatcher, note string) {
	GinkgoHelper()
	first := observe(situation, send(what))
	Expect(first).To(want, note)
	Expect(send(what + ", sent again")).To(framework.BeAnsweredLike(first))
}

// badLogin is one login with bad input, sent twice: the answer must be a
// documented refusal without a token (seed: any unsuccessful login produces
// "a JSON formatted response with a code and message"), no crash, the same
// both times, and carry the pinned code and status if pins are set.
func badLogin(c *client.Client, what string, body []byte, codePin, situation string) {
	GinkgoHelper()
	answeredTwice(situation, what, func(what string) *framework.Answer { return sendLogin(c, what, body, "application/json") },
		SatisfyAll(framework.BeRefusedWith(pin(codePin)...), framework.HaveStatusIn(pin(client.PinBadInputStatus))),
		`seed: "any condition that results in an unsuccessful login will produce a JSON formatted response with a code and message property populated"; profiles.md: bad input gets its documented error, not a 5xx crash`)
}

// missingField sends the three logins whose field name is absent, null or
// empty (the other login field set to otherValue) as bad input.
func missingField(c *client.Client, name, other, otherValue string) {
	GinkgoHelper()
	for _, b := range []struct {
		what string
		body []byte
	}{
		{"a login without " + name, field(other, otherValue)},
		{"a login with a null " + name, field(other, otherValue, name, nil)},
		{"a login with an empty " + name, field(other, otherValue, name, "")},
	} {
		badLogin(c, b.what, b.body, client.PinMissingFieldCode, "login without "+name)
	}
}

// field renders a login body from fields; an absent key is left out.
func field(kv ...any) []byte {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return jsonOf(m)
}

var _ = framework.Describe(profile, "bad input", func() {
	framework.It("CERTNA-ERR-001", func() {
		c, a := api.Client(), api.Account(0)
		missingField(c, fieldUser, fieldPass, hashedFor(c, a))
	})

	framework.It("CERTNA-ERR-002", func() {
		c, a := api.Client(), api.Account(0)
		missingField(c, fieldPass, fieldUser, a.Get(keyUser))
	})

	framework.It("CERTNA-ERR-003", func() {
		c, a := api.Client(), api.Account(0)
		u, h := a.Get(keyUser), hashedFor(c, a)
		for _, b := range []struct {
			what string
			body []byte
		}{
			{"a login with a number as user_name", field(fieldUser, 12345, fieldPass, h)},
			{"a login with an object as user_name", field(fieldUser, map[string]string{"name": u}, fieldPass, h)},
			{"a login with an array as password", field(fieldUser, u, fieldPass, []string{h})},
			{"a login with true as password", field(fieldUser, u, fieldPass, true)},
		} {
			badLogin(c, b.what, b.body, client.PinInvalidFieldCode, "login with a field of the wrong JSON type")
		}
		got := observe("storechecksum with a field of the wrong JSON type", sendStore(c, a, "a storechecksum with a number as checksum", "application/json", field(fieldSum, 384)))
		Expect(got).To(framework.BeTurnedAway(pin(client.PinBadInputStatus), pin(client.PinInvalidFieldCode)),
			"profiles.md: bad input (mistyped) gets its documented error, not a 5xx crash")
	})

	framework.It("CERTNA-ERR-004", func() {
		c, a := api.Client(), api.Account(0)
		long := a.Get(keyUser) + "." + strings.Repeat("x", 1024)
		got := observe("login with a 1 KiB user_name", loginHashed(c, long, hashedFor(c, a), "a login with a 1 KiB user_name"))
		Expect(got).To(framework.BeRefused(), `seed: any unsuccessful login produces "a JSON formatted response with a code and message"; profiles.md: bad input (long) gets its documented error, not a 5xx crash`)
		if !c.Scheme.Salted() {
			return
		}
		salt := fetchSalt(c, long, "a salt request for a 1 KiB user_name")
		first := observe("salt for a 1 KiB user_name", salt.Answer)
		Expect(first).To(framework.NotCrash(), "profiles.md: bad input (long) gets its documented error, not a 5xx crash")
		if first.OK {
			Expect(salt.salt).To(HaveLen(saltLen), "%s answered a salt, which must be the Base64 of %d bytes (profiles.md); %q is not", first.What, saltLen, salt.encoded)
		}
		if p := pin(client.PinLongUserNameSalt); len(p) > 0 && p[0] == client.LongUserNameSalt {
			Expect(first).To(framework.HaveSucceeded(), "long_user_name_salt is salt")
		} else if len(p) > 0 {
			Expect(first.OK).To(BeFalse(), "long_user_name_salt is refused, but %s answered a salt", first.What)
			Expect(first).To(framework.HaveCodeIn(pin(client.PinInvalidFieldCode)))
		}
		// A fake salt's stability is CERTNA-SALT-003's business.
		again := fetchSalt(c, long, "the same salt request, sent again")
		Expect(again.Answer).To(framework.BeAnsweredLike(first))
	})

	framework.It("CERTNA-ERR-005", func() {
		c, a := api.Client(), api.Account(0)
		whole := string(field(fieldUser, a.Get(keyUser), fieldPass, hashedFor(c, a)))
		for _, b := range []struct {
			what string
			body []byte
		}{
			{"a login with a JSON syntax error (the body cut short)", []byte(whole[:len(whole)/2])},
			{"a login with a JSON array instead of an object", jsonOf([]string{a.Get(keyUser), a.Get(keyPassword)})},
			{"a login with an empty body", []byte{}},
		} {
			answeredTwice("malformed login body", b.what, func(what string) *framework.Answer { return sendLogin(c, what, b.body, "application/json") },
				framework.BeTurnedAway(pin(client.PinBadInputStatus), pin(client.PinMalformedBodyCode)),
				"profiles.md: a malformed body gets its documented error, not a 5xx crash")
		}
	})

	framework.It("CERTNA-ERR-006", func() {
		c, a := api.Client(), api.Account(0)
		valid := field(fieldUser, a.Get(keyUser), fieldPass, hashedFor(c, a))
		var answers []*framework.Answer
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded"} {
			answers = append(answers, sendLogin(c, "a valid login body sent with Content-Type "+ct, valid, ct))
		}
		// No Content-Type at all is not a wrong one: a server may read the
		// body as JSON or refuse it. Reports show which.
		observe("login body without any Content-Type", sendLogin(c, "a valid login body sent without Content-Type", valid, ""))
		answers = append(answers, sendStore(c, a, "a valid storechecksum body sent with Content-Type text/plain", "text/plain", field(fieldSum, document)))
		for _, got := range answers {
			observe("body without Content-Type application/json", got)
			Expect(got).To(framework.BeTurnedAway(pin(client.PinWrongContentStatus), pin(client.PinWrongContentTypeCode)),
				`seed: Content-Type application/json; profiles.md: a wrong content type gets its documented error, not a 5xx crash`)
		}
	})
})
