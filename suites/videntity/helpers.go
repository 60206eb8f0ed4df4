package videntity

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// target is the videntity target of the run (framework.Describe skips the
// specs when there is none).
func target() *framework.Target { return framework.T(profile) }

// newClient builds the API client of t: its base URL, HTTP client, body
// cap and method paths.
func newClient(t *framework.Target) *client.Client {
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	c.LoginPath = t.Setting(client.SettingLoginPath)
	c.PingPath = t.Setting(client.SettingPingPath)
	c.LogoutPath = t.Setting(client.SettingLogoutPath)
	return c
}

// specClient is newClient for the target of the run, skipping the spec
// when there is none.
func specClient() *client.Client {
	t := target()
	if t == nil {
		Skip("no target for profile videntity in this run")
	}
	return newClient(t)
}

// account is one set of credentials from the target's pool.
type account struct {
	Username, Password, AccountNumber string
}

// accountOf returns the i-th credentials of t (wrapping), or why there are
// none usable.
func accountOf(t *framework.Target, i int) (account, error) {
	if len(t.Config.Credentials) == 0 {
		return account{}, fmt.Errorf("target %s has no credentials: give username, password and account_number under credentials", t.Name())
	}
	m := t.Credentials(i)
	a := account{Username: m[client.FieldUsername], Password: m[client.FieldPassword], AccountNumber: m[client.FieldAccountNumber]}
	var missing []string
	for k, v := range map[string]string{client.FieldUsername: a.Username, client.FieldPassword: a.Password, client.FieldAccountNumber: a.AccountNumber} {
		if v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return account{}, fmt.Errorf("credentials %d of target %s lack %s", i%len(t.Config.Credentials), t.Name(), strings.Join(missing, ", "))
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

// describe renders an answer for failure messages: status, code and text.
func describe(r *client.Response) string {
	if r == nil {
		return "no answer"
	}
	if r.OK() {
		return fmt.Sprintf("HTTP %d SUCCESS (api_method %q, detail %q)", r.HTTPStatus(), r.APIMethod, r.Detail)
	}
	return fmt.Sprintf("HTTP %d ERROR %d %s (%q)", r.HTTPStatus(), r.ErrorNumber, r.ErrorName, r.ErrorDetail)
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
	if err != nil {
		Fail(fmt.Sprintf("%s: expected a documented XML answer, got none: %v", what, err), 1)
	}
}

// login logs a in and fails the spec unless a key is issued; the session is
// logged out when the spec ends.
func login(c *client.Client, a account, what string) string {
	key, err := loginStep(framework.Ctx(), c, a)
	if err != nil {
		Fail(what+": "+err.Error(), 1)
	}
	DeferCleanup(func() { _, _ = c.Logout(framework.Ctx(), key) })
	return key
}

// loginStep logs a in and returns the key, or an error saying why no key
// was issued (for timeline steps, which must not call Gomega).
func loginStep(ctx context.Context, c *client.Client, a account) (string, error) {
	r, err := c.Login(ctx, a.Username, a.Password, a.AccountNumber)
	if err != nil {
		return "", fmt.Errorf("login as %s: %w", a.Username, err)
	}
	if !r.OK() {
		return "", fmt.Errorf("login as %s with the configured credentials must answer SUCCESS with a session key; got %s", a.Username, describe(r))
	}
	return r.SessionKey, nil
}

// wantDocumentedError fails unless the call got a documented ERROR answer:
// XML of the documented shape, an error_number the API documents, every
// documented part present. It says nothing of which error it should be.
func wantDocumentedError(r *client.Response, err error, what string) {
	if err != nil {
		Fail(fmt.Sprintf("%s: expected a documented error answer (XML, error 1, 2, 3, 4 or 11), got none: %v", what, err), 1)
	}
	if r.OK() {
		Fail(fmt.Sprintf("%s: expected a documented error answer, got %s", what, describe(r)), 1)
	}
	if _, ok := client.ErrorNames[r.ErrorNumber]; !ok {
		Fail(fmt.Sprintf("%s: expected a documented error (1, 2, 3, 4 or 11), got undocumented %s", what, describe(r)), 1)
	}
	if m := r.MissingFields(); len(m) > 0 {
		Fail(fmt.Sprintf("%s: the error answer lacks the documented %s: %s", what, strings.Join(m, ", "), describe(r)), 1)
	}
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randomWord returns n random alphanumerics: keys and names no server has
// seen.
func randomWord(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// neverIssuedKey is a key of the usual shape that no server has issued.
func neverIssuedKey() string { return "authprobe" + randomWord(23) }

// wrongPassword is a's password with a suffix, so certainly wrong.
func wrongPassword(a account) string { return a.Password + "-authprobe-wrong" }

// wrongAccountNumber is a's account number with its last digit changed.
func wrongAccountNumber(a account) string {
	n := []byte(a.AccountNumber)
	last := n[len(n)-1]
	if last >= '0' && last <= '9' {
		n[len(n)-1] = '0' + (last-'0'+1)%10
	} else {
		n[len(n)-1] = '0'
	}
	return string(n)
}

// unknownUsername is a username no account has.
func unknownUsername() string { return "authprobe-nouser-" + strings.ToLower(randomWord(10)) }

// timing returns the session_ttl and expiry_margin settings of t, or why a
// timeline cannot be built.
func timing(t *framework.Target) (ttl, margin time.Duration, why string) {
	return t.ExpiryTiming("set the target's session lifetime (30m documented) to check expiry")
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
	return newClient(t), a, ttl, margin, true
}
