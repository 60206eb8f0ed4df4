package certna

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's matchers read best unqualified
	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// Credential keys and JSON field names.
const (
	keyUser     = client.CredUserName
	keyPassword = client.CredPassword
	fieldUser   = "user_name"
	fieldPass   = "password"
	fieldSum    = "checksum"
)

// The two documented refusal shapes, as Answer.Shape names them.
const (
	shapeCode      = "{code,message}"
	shapeException = "{Exception}"
)

// refusal copies a documented refusal into ans.
func refusal(ans *framework.Answer, f client.Failure) {
	if !f.Failed() {
		return
	}
	ans.Refused = true
	var shapes []string
	if f.Code != "" {
		shapes = append(shapes, shapeCode)
		ans.Codes = append(ans.Codes, f.Code)
		ans.Message = f.Message
	}
	if f.Exception != nil {
		shapes = append(shapes, shapeException)
		ans.Codes = append(ans.Codes, f.Exception.Code)
		if ans.Message == "" {
			ans.Message = f.Exception.Message
		}
	}
	ans.Shape = strings.Join(shapes, "+")
}

// saltAnswer reads a salt fetch.
func saltAnswer(what string, r *client.SaltResult, err error) *framework.Answer {
	if err != nil || r == nil {
		return framework.NewAnswer(what, client.OpSalt, nil, err)
	}
	ans := framework.NewAnswer(what, client.OpSalt, r.Exchange, nil)
	ans.OK = r.OK()
	refusal(ans, r.Failure)
	return ans
}

// loginAnswer reads a login; Sent carries the password as it was sent
// (the salted hash, also as the hex of its bytes) for the echo and
// derivation checks.
func loginAnswer(what string, r *client.LoginResult, err error) *framework.Answer {
	if err != nil || r == nil {
		return framework.NewAnswer(what, client.OpLogin, nil, err)
	}
	ans := framework.NewAnswer(what, client.OpLogin, r.Exchange, nil)
	ans.OK, ans.Token = r.OK(), r.AccessToken
	refusal(ans, r.Failure)
	ans.Sent = sentOf(r.Hashed)
	return ans
}

// sentOf names a prepared password for the echo and derivation checks.
func sentOf(hashed string) map[string]string {
	if hashed == "" {
		return nil
	}
	sent := map[string]string{"password as sent": hashed}
	if raw, err := client.DecodeBase64(hashed); err == nil && len(raw) >= 16 {
		sent["password as sent, in hex"] = hex.EncodeToString(raw)
	}
	return sent
}

// storeAnswer reads a storechecksum.
func storeAnswer(what string, r *client.StoreChecksumResult, err error) *framework.Answer {
	if err != nil || r == nil {
		return framework.NewAnswer(what, client.OpStoreChecksum, nil, err)
	}
	ans := framework.NewAnswer(what, client.OpStoreChecksum, r.Exchange, nil)
	ans.OK = r.OK()
	refusal(ans, r.Failure)
	return ans
}

// logoutAnswer reads a logout: any 2xx is a logout done.
func logoutAnswer(what string, r *client.LogoutResult, err error) *framework.Answer {
	if err != nil || r == nil {
		return framework.NewAnswer(what, client.OpLogout, nil, err)
	}
	ans := framework.NewAnswer(what, client.OpLogout, r.Exchange, nil)
	ans.OK = r.OK()
	if !ans.OK {
		refusal(ans, r.Failure)
	}
	return ans
}

// ---- calls --------------------------------------------------------------

// store calls storechecksum with token (none when empty) and the document's
// checksum.
func store(c *client.Client, what, token string) *framework.Answer {
	r, err := c.StoreChecksum(framework.Ctx(), token, document)
	return storeAnswer(what, r, err)
}

// logout calls logout with token (no header when empty).
func logout(c *client.Client, what, token string) *framework.Answer {
	r, err := c.Logout(framework.Ctx(), token)
	return logoutAnswer(what, r, err)
}

// login logs a in and fails the spec unless a token is issued; the session
// is logged out when the spec ends.
func login(c *client.Client, a framework.Account, what string) *framework.Answer {
	GinkgoHelper()
	r, err := c.Login(framework.Ctx(), a.Get(keyUser), a.Get(keyPassword))
	ans := loginAnswer(what+" with the configured credentials (hash_scheme "+c.Scheme.String()+")", r, err)
	cleanup(c, ans)
	Expect(ans).To(framework.HaveIssuedToken())
	return ans
}

// loginHashed sends one login with a prepared password; a token issued is
// logged out when the spec ends.
func loginHashed(c *client.Client, user, hashed, what string) *framework.Answer {
	r, err := c.LoginHashed(framework.Ctx(), user, hashed)
	ans := loginAnswer(what, r, err)
	cleanup(c, ans)
	return ans
}

// wrongLogin is the reference refusal: a's user name with a wrong password,
// through the documented login (salt fetch included). It must be refused.
func wrongLogin(c *client.Client, a framework.Account) *framework.Answer {
	GinkgoHelper()
	r, err := c.Login(framework.Ctx(), a.Get(keyUser), wrongPassword(a))
	ans := loginAnswer("a login with a wrong password", r, err)
	cleanup(c, ans)
	Expect(ans).To(framework.BeRefusedWith(pin(client.PinLoginRefusedCode)...))
	return ans
}

// loginStep logs a in and returns the token, or why none was issued (for
// timeline steps, which must not call Gomega).
func loginStep(ctx context.Context, c *client.Client, a framework.Account) (string, error) {
	r, err := c.Login(ctx, a.Get(keyUser), a.Get(keyPassword))
	ans := loginAnswer("a login with the configured credentials (hash_scheme "+c.Scheme.String()+")", r, err)
	return ans.Token, ans.TokenErr()
}

// cleanup logs the session of ans out when the spec ends, if one was
// issued (nothing when the target has no logout).
func cleanup(c *client.Client, ans *framework.Answer) {
	if ans != nil && ans.Token != "" && c.LogoutPath != "" {
		tok := ans.Token
		DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), tok) })
	}
}

// hashedFor is a's password as the target expects it prepared, so that only
// the property under test is wrong in a request.
func hashedFor(c *client.Client, a framework.Account) string {
	GinkgoHelper()
	if !c.Scheme.Salted() {
		return c.Scheme.Hash(nil, a.Get(keyPassword))
	}
	return c.Scheme.Hash(knownSalt(c, a.Get(keyUser), "the salt of a known user"), a.Get(keyPassword))
}

// knownSalt fetches the salt of user, a known user, which must come.
func knownSalt(c *client.Client, user, what string) []byte {
	GinkgoHelper()
	s := fetchSalt(c, user, what)
	Expect(s.Answer).To(framework.HaveSucceeded())
	return s.salt
}

// saltFetch is a salt answer with the decoded salt.
type saltFetch struct {
	*framework.Answer
	salt    []byte
	encoded string
}

// fetchSalt fetches user's salt.
func fetchSalt(c *client.Client, user, what string) saltFetch {
	r, err := c.Salt(framework.Ctx(), user)
	f := saltFetch{Answer: saltAnswer(what, r, err)}
	if err == nil && r != nil {
		f.salt, f.encoded = r.Salt, r.Encoded
	}
	return f
}

// ---- raw requests ---------------------------------------------------------

// sendLogin posts a raw body to the login endpoint with the content type
// ct ("" sends none) and reads the answer as a login.
func sendLogin(c *client.Client, what string, body []byte, ct string) *framework.Answer {
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	x, err := c.Send(framework.Ctx(), http.MethodPost, pathOr(c.LoginPath, client.DefaultLoginPath), body, h)
	ans := rawAnswer(what, x, err, client.ParseLogin, loginAnswer)
	cleanup(c, ans)
	return ans
}

// sendStore posts a raw body to storechecksum with a live token of a and
// the content type ct, and reads the answer.
func sendStore(c *client.Client, a framework.Account, what, ct string, body []byte) *framework.Answer {
	GinkgoHelper()
	tok := login(c, a, "logging in to call storechecksum").Token
	h := http.Header{client.TokenHeader: {tok}}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return sendStoreRaw(c, what, "", tok, h, body)
}

// sendStoreRaw posts body to storechecksum with query ("" for none) and
// headers h as given, and reads the answer; tok is masked in the evidence.
func sendStoreRaw(c *client.Client, what, query, tok string, h http.Header, body []byte) *framework.Answer {
	x, err := c.Send(framework.Ctx(), http.MethodPost, pathOr(c.StoreChecksumPath, client.DefaultStoreChecksumPath)+query, body, h)
	if x != nil {
		x.AddSecrets(tok)
	}
	return rawAnswer(what, x, err, client.ParseStoreChecksum, storeAnswer)
}

// sendSalt sends GET to the salt path with a raw query ("" for none).
func sendSalt(c *client.Client, what, query string) *framework.Answer {
	p := pathOr(c.SaltPath, client.DefaultSaltPath)
	if query != "" {
		p += "?" + query
	}
	x, err := c.Send(framework.Ctx(), http.MethodGet, p, nil, http.Header{"Accept": {"application/json"}})
	return rawAnswer(what, x, err, client.ParseSalt, saltAnswer)
}

// rawAnswer reads the answer to a raw request (c.Send) with the operation's
// parser and answer adapter: an answer of op OpSend that keeps the exchange
// even when it is malformed.
func rawAnswer[R any](what string, x *wire.Exchange, err error, parse func(*wire.Exchange) (R, error), read func(string, R, error) *framework.Answer) *framework.Answer {
	if err != nil {
		return framework.NewAnswer(what, client.OpSend, nil, err)
	}
	r, err := parse(x)
	ans := read(what, r, err)
	ans.Op, ans.Exchange = client.OpSend, x
	return ans
}

func pathOr(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// ---- values ---------------------------------------------------------------

// document is the checksum the specs store: Base64(SHA-384) of a fixed text.
var document = client.Checksum([]byte("authprobe conformance: Deed of Trust, APN 123-456-789"))

// randomSalt is 16 random bytes: a salt no server issued.
func randomSalt() []byte {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return b
}

// neverIssuedToken is a GUID no server has issued.
func neverIssuedToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// unknownUserName is a user name no account has.
func unknownUserName() string { return "authprobe.nouser." + framework.RandomWord(10) }

// wrongPassword is a's password with a suffix, so certainly wrong.
func wrongPassword(a framework.Account) string { return a.Get(keyPassword) + "-authprobe-wrong" }

// ---- pins and matchers ------------------------------------------------------

// pin returns a pin setting's values (nil when unset: every legal answer).
func pin(name string) []string { return api.Target().Pin(name) }

// observe records what the target chose in an open situation.
func observe(situation string, ans *framework.Answer) *framework.Answer {
	return api.Target().Observe(situation, ans)
}

// beTokenRefusal matches profiles.md's refusal of an invalid or expired
// token: HTTP 401 {"code","message"}, nothing done, with the pinned code if
// invalid_token_code is set.
func beTokenRefusal() types.GomegaMatcher {
	codes := pin(client.PinInvalidTokenCode)
	want := `be refused with HTTP 401 {"code","message"} (profiles.md: an invalid or expired token on a later call → HTTP 401 {"code","message"})`
	if len(codes) > 0 {
		want += " and a code invalid_token_code pins (" + strings.Join(codes, ", ") + ")"
	}
	return framework.Matcher(want, func(a *framework.Answer) (bool, string) {
		switch {
		case a.OK || a.Token != "":
			return false, "it was accepted"
		case a.Status() != http.StatusUnauthorized:
			return false, fmt.Sprintf("status %d", a.Status())
		case !a.Documented() || !a.Refused || !strings.Contains(a.Shape, shapeCode):
			return false, `the body is not {"code","message"}`
		case len(codes) > 0 && !a.HasCode(codes...):
			return false, "another code"
		}
		return true, ""
	})
}
