package certna

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// target is the certna target of the run (framework.Describe skips the
// specs when there is none).
func target() *framework.Target { return framework.T(profile) }

// newClient builds the API client of t: base URL, HTTP client, body cap,
// endpoint paths and hash scheme from the settings.
func newClient(t *framework.Target) (*client.Client, error) {
	scheme, err := client.ParseHashScheme(t.Setting(settingHashScheme))
	if err != nil {
		return nil, fmt.Errorf("target %s: setting %s: %w", t.Name(), settingHashScheme, err)
	}
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	c.SaltPath = t.Setting(settingSaltPath)
	c.LoginPath = t.Setting(settingLoginPath)
	c.StoreChecksumPath = t.Setting(settingStoreChecksumPath)
	if hasLogout(t) {
		c.LogoutPath = t.Setting(settingLogoutPath)
	}
	c.Scheme = scheme
	return c, nil
}

// specClient is newClient for the target of the run; a bad setting fails
// the spec.
func specClient() *client.Client {
	t := target()
	if t == nil {
		Skip("no target for profile certna in this run")
	}
	c, err := newClient(t)
	if err != nil {
		Fail(err.Error(), 1)
	}
	return c
}

// hasLogout reports whether the target documents a logout endpoint
// (logout_path neither none nor empty).
func hasLogout(t *framework.Target) bool {
	p := t.Setting(settingLogoutPath)
	return p != noLogout && p != ""
}

// needLogout skips the spec when the target has no logout endpoint.
func needLogout() {
	if !hasLogout(target()) {
		Skip("logout_path is " + orNone(target().Setting(settingLogoutPath)) + ": the target documents no logout endpoint, so logout cannot be checked")
	}
}

// needSalt skips the spec when the target's hash scheme uses no salt.
func needSalt(c *client.Client) {
	if !c.Scheme.Salted() {
		Skip(fmt.Sprintf("hash_scheme is %s, which uses no salt: the target documents no salt endpoint", c.Scheme))
	}
}

// Credential keys of a certna target, and the JSON field names of the login.
const (
	fieldUserName = "user_name"
	fieldPassword = "password"
	fieldChecksum = "checksum"
)

// account is one set of credentials from the target's pool.
type account struct {
	UserName, Password string
}

// accountOf returns the i-th credentials of t (wrapping), or why there are
// none usable.
func accountOf(t *framework.Target, i int) (account, error) {
	if len(t.Config.Credentials) == 0 {
		return account{}, fmt.Errorf("target %s has no credentials: give user_name and password under credentials", t.Name())
	}
	m := t.Credentials(i)
	a := account{UserName: m[fieldUserName], Password: m[fieldPassword]}
	if a.UserName == "" || a.Password == "" {
		return account{}, fmt.Errorf("credentials %d of target %s lack user_name or password", i%len(t.Config.Credentials), t.Name())
	}
	return a, nil
}

// mustAccount returns the i-th credentials of the target or skips the spec.
func mustAccount(i int) account {
	a, err := accountOf(target(), i)
	if err != nil {
		Skip(err.Error())
	}
	return a
}

// accounts returns every usable credentials of t with distinct user names.
func accounts(t *framework.Target) []account {
	var out []account
	seen := map[string]bool{}
	for i := range t.Config.Credentials {
		if a, err := accountOf(t, i); err == nil && !seen[a.UserName] {
			seen[a.UserName] = true
			out = append(out, a)
		}
	}
	return out
}

// expect fails the spec with the message unless ok.
func expect(ok bool, format string, args ...any) {
	if !ok {
		Fail(fmt.Sprintf(format, args...), 1)
	}
}

// noErr fails the spec when a call got no documented answer: a transport
// failure, a crash page, an answer of no documented shape.
func noErr(err error, what string) {
	if err == nil {
		return
	}
	var we *wire.Error
	if errors.As(err, &we) && we.Exchange != nil && we.Exchange.Status != 0 {
		x := we.Exchange
		Fail(fmt.Sprintf("%s: expected a documented JSON answer, got HTTP %d, Content-Type %s, body %s (%v)", what, x.Status, orNone(x.Header.Get("Content-Type")), snippet(x.Body), err), 1)
	}
	Fail(fmt.Sprintf("%s: expected a documented JSON answer, got none: %v", what, err), 1)
}

// orNone is v, or "(none)" when it is empty.
func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

// snippet quotes the start of a body for a failure message.
func snippet(b []byte) string {
	const max = 160
	if len(b) > max {
		return fmt.Sprintf("%q…", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// answer is what a spec knows of one answer: status, and either a success
// value or a refusal in one of the two documented shapes.
type answer struct {
	status  int
	success string // "access_token", "salt", "checksum_key" or "" for a refusal
	shape   string // "Exception" or "code" for a refusal
	code    string
	message string
}

func answerOf(x *wire.Exchange, f client.Failure, success string) answer {
	a := answer{status: x.Status, code: f.FailureCode(), message: f.FailureMessage()}
	switch {
	case f.Exception != nil:
		a.shape = "Exception"
	case f.Code != "":
		a.shape = "code"
	default:
		a.success = success
	}
	return a
}

func (a answer) refused() bool { return a.shape != "" }

// String renders an answer for failure messages.
func (a answer) String() string {
	switch a.shape {
	case "Exception":
		return fmt.Sprintf("HTTP %d {\"Exception\":{\"Code\":%q,\"Message\":%q}}", a.status, a.code, a.message)
	case "code":
		return fmt.Sprintf("HTTP %d {\"code\":%q,\"message\":%q}", a.status, a.code, a.message)
	}
	if a.success == "" {
		return fmt.Sprintf("HTTP %d (no body)", a.status)
	}
	return fmt.Sprintf("HTTP %d with %s", a.status, a.success)
}

func loginAnswer(r *client.LoginResult) answer {
	if r.Salt != nil && r.Exchange == r.Salt.Exchange { // the salt step refused
		return answerOf(r.Exchange, r.Failure, "")
	}
	return answerOf(r.Exchange, r.Failure, "access_token")
}

func saltAnswer(r *client.SaltResult) answer { return answerOf(r.Exchange, r.Failure, "salt") }

func storeAnswer(r *client.StoreChecksumResult) answer {
	return answerOf(r.Exchange, r.Failure, "checksum_key")
}

func logoutAnswer(r *client.LogoutResult) answer { return answerOf(r.Exchange, r.Failure, "") }

// sameRefusal says how got differs from the reference refusal ref, or "".
// Submitted values echoed in a message are masked first: an echo is
// CERTNA-SEC-006's business, not a difference between causes.
func sameRefusal(ref, got answer, refSubmitted, gotSubmitted string) string {
	mask := func(msg, v string) string {
		if v == "" {
			return msg
		}
		return strings.ReplaceAll(msg, v, "<submitted password>")
	}
	var diffs []string
	if got.status != ref.status {
		diffs = append(diffs, fmt.Sprintf("status %d instead of %d", got.status, ref.status))
	}
	if got.shape != ref.shape {
		diffs = append(diffs, fmt.Sprintf("the %s shape instead of the %s shape", orSuccess(got.shape), orSuccess(ref.shape)))
	}
	if got.code != ref.code {
		diffs = append(diffs, fmt.Sprintf("code %q instead of %q", got.code, ref.code))
	}
	if mask(got.message, gotSubmitted) != mask(ref.message, refSubmitted) {
		diffs = append(diffs, fmt.Sprintf("message %q instead of %q", got.message, ref.message))
	}
	return strings.Join(diffs, ", ")
}

func orSuccess(shape string) string {
	if shape == "" {
		return "success"
	}
	return shape
}

// login logs a in and fails the spec unless a token is issued; the session
// is logged out when the spec ends.
func login(c *client.Client, a account, what string) string {
	tok, err := loginStep(framework.Ctx(), c, a)
	if err != nil {
		Fail(what+": "+err.Error(), 1)
	}
	DeferCleanup(func() { logoutQuietly(framework.Ctx(), c, tok) })
	return tok
}

// loginStep logs a in and returns the token, or an error saying why none
// was issued (for timeline steps, which must not call Gomega).
func loginStep(ctx context.Context, c *client.Client, a account) (string, error) {
	r, err := c.Login(ctx, a.UserName, a.Password)
	if err != nil {
		return "", fmt.Errorf("login as %s: %w", a.UserName, err)
	}
	if !r.OK() {
		return "", fmt.Errorf("login as %s with the configured credentials (hash_scheme %s) must answer 200 with an access_token; got %s", a.UserName, c.Scheme, loginAnswer(r))
	}
	return r.AccessToken, nil
}

// logoutQuietly ends a session, whatever the answer, so no live session is
// left behind (nothing when the target has no logout).
func logoutQuietly(ctx context.Context, c *client.Client, token string) {
	if token != "" && c.LogoutPath != "" {
		_, _ = c.Logout(ctx, token)
	}
}

// wrongLogin is the reference refusal: a's user name with a wrong password,
// through the documented login (salt fetch included).
func wrongLogin(c *client.Client, a account) (answer, string) {
	r, err := c.Login(framework.Ctx(), a.UserName, wrongPassword(a))
	noErr(err, "a login with a wrong password")
	ans := loginAnswer(r)
	if r.OK() {
		DeferCleanup(func() { logoutQuietly(framework.Ctx(), c, r.AccessToken) })
		Fail(fmt.Sprintf("a login of %s with a wrong password must be refused; got %s", a.UserName, ans), 1)
	}
	return ans, r.Hashed
}

// loginHashed sends one login with a prepared password value and returns
// its answer; a token issued is logged out when the spec ends.
func loginHashed(c *client.Client, user, hashed, what string) answer {
	r, err := c.LoginHashed(framework.Ctx(), user, hashed)
	noErr(err, what)
	if r.OK() {
		DeferCleanup(func() { logoutQuietly(framework.Ctx(), c, r.AccessToken) })
	}
	return loginAnswer(r)
}

// jsonHeader is the header of a JSON body.
func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

// sendLogin posts a raw body to the login endpoint with the given content
// type ("" sends none) and reads the answer as a login.
func sendLogin(c *client.Client, body []byte, contentType string) (*client.LoginResult, error) {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	x, err := c.Send(framework.Ctx(), http.MethodPost, loginPath(c), body, h)
	if err != nil {
		return nil, err
	}
	r, err := client.ParseLogin(x)
	if err == nil && r.OK() {
		DeferCleanup(func() { logoutQuietly(framework.Ctx(), c, r.AccessToken) })
	}
	if r == nil {
		r = &client.LoginResult{Exchange: x}
	}
	return r, err
}

// loginBody renders a login body from fields; a nil value is JSON null and
// an absent key is left out.
func loginBody(fields map[string]any) []byte { return jsonOf(fields) }

// jsonOf renders v as JSON.
func jsonOf(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func loginPath(c *client.Client) string { return orDefault(c.LoginPath, client.DefaultLoginPath) }
func saltPath(c *client.Client) string  { return orDefault(c.SaltPath, client.DefaultSaltPath) }
func storeChecksumPath(c *client.Client) string {
	return orDefault(c.StoreChecksumPath, client.DefaultStoreChecksumPath)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// document is the checksum the specs store: Base64(SHA-384) of a fixed text.
var document = client.Checksum([]byte("authprobe conformance: Deed of Trust, APN 123-456-789"))

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomWord returns n random lower-case alphanumerics.
func randomWord(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

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
	h := fmt.Sprintf("%x", b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// unknownUserName is a user name no account has.
func unknownUserName() string { return "authprobe.nouser." + randomWord(10) }

// wrongPassword is a's password with a suffix, so certainly wrong.
func wrongPassword(a account) string { return a.Password + "-authprobe-wrong" }

var guidRe = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// isGUID reports whether s is a GUID ("534d4c30-28a0-48c8-a76d-bbd265d7a1ac").
func isGUID(s string) bool { return guidRe.MatchString(s) }

// timing returns the session_ttl and expiry_margin settings of t, or why a
// timeline cannot be built.
func timing(t *framework.Target) (ttl, margin time.Duration, why string) {
	return t.ExpiryTiming("set the target's idle session lifetime (20m decided) to check expiry")
}

// timedSetup returns what every timeline needs: the client, the first
// credentials, session_ttl and expiry_margin; ok is false when the
// timeline was made to skip.
func timedSetup(t *framework.Target, tl *framework.Timeline) (c *client.Client, a account, ttl, margin time.Duration, ok bool) {
	ttl, margin, why := timing(t)
	if why != "" {
		tl.Skip(why)
		return nil, account{}, 0, 0, false
	}
	a, err := accountOf(t, 0)
	if err != nil {
		tl.Skip(err.Error())
		return nil, account{}, 0, 0, false
	}
	c, err = newClient(t)
	if err != nil {
		tl.Then(func() { Fail(err.Error()) })
		return nil, account{}, 0, 0, false
	}
	return c, a, ttl, margin, true
}
