package certna

import (
	"encoding/base64"
	"net/http"
	"strings"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "the token-guarded call", func() {
	framework.It("CERTNA-CHK-002", func() {
		c := specClient()
		r, err := c.StoreChecksum(framework.Ctx(), "", document)
		noErr(err, "a storechecksum without the access_token header")
		ans := storeAnswer(r)
		expect(!r.OK(), "a storechecksum without the access_token header must be refused, but it stored the checksum (%s): the call is not guarded", ans)
		expect(ans.code == client.CodeMissingToken, "a storechecksum without the access_token header must be refused with {\"code\":%q}; got %s", client.CodeMissingToken, ans)
	})

	framework.It("CERTNA-CHK-003", func() {
		c := specClient()
		r, err := c.StoreChecksum(framework.Ctx(), neverIssuedToken(), document)
		noErr(err, "a storechecksum with a token never issued")
		ans := storeAnswer(r)
		expect(!r.OK(), "a storechecksum with a token never issued must be refused, but it was accepted (%s)", ans)
		expect(ans.code == client.CodeInvalidToken, "a storechecksum with a token never issued must be refused with {\"code\":%q}; got %s", client.CodeInvalidToken, ans)
	})

	framework.It("CERTNA-CHK-004", func() {
		t := target()
		c := specClient()
		type call struct {
			what string
			ans  answer
		}
		var calls []call
		for _, tok := range []struct{ what, value string }{{"without the access_token header", ""}, {"with a token never issued", neverIssuedToken()}} {
			r, err := c.StoreChecksum(framework.Ctx(), tok.value, document)
			noErr(err, "a storechecksum "+tok.what)
			calls = append(calls, call{"a storechecksum " + tok.what, storeAnswer(r)})
			if hasLogout(t) {
				l, err := c.Logout(framework.Ctx(), tok.value)
				noErr(err, "a logout "+tok.what)
				calls = append(calls, call{"a logout " + tok.what, logoutAnswer(l)})
			}
		}
		for _, k := range calls {
			expect(k.ans.refused(), "%s must be refused with HTTP 401; it was accepted (%s)", k.what, k.ans)
			expect(k.ans.status == http.StatusUnauthorized, "%s must be refused with HTTP 401 (profiles.md: an invalid token → HTTP 401 {\"code\",\"message\"}); got %s", k.what, k.ans)
		}
	})

	framework.It("CERTNA-CHK-005", func() {
		c := specClient()
		tok := login(c, mustAccount(0), "logging in to call storechecksum")
		for _, k := range []struct{ what, checksum, code string }{
			{"no checksum (empty)", "", client.CodeMissingParameter},
			{"a checksum that is not Base64", "not a checksum!", client.CodeInvalidParameter},
			{"the Base64 of a SHA-256 digest (32 bytes, not 48)", base64.StdEncoding.EncodeToString(make([]byte, 32)), client.CodeInvalidParameter},
			{"the hex of a SHA-384 digest", strings.Repeat("ab", 48), client.CodeInvalidParameter},
		} {
			r, err := c.StoreChecksum(framework.Ctx(), tok, k.checksum)
			noErr(err, "a storechecksum with "+k.what)
			ans := storeAnswer(r)
			expect(!r.OK(), "a storechecksum with %s must be refused with 400 {\"code\":%q}; it stored it (%s)", k.what, k.code, ans)
			expect(ans.status == http.StatusBadRequest && ans.code == k.code, "a storechecksum with %s must answer 400 {\"code\":%q}; got %s", k.what, k.code, ans)
		}
	})
})
