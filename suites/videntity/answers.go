package videntity

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// reply turns one client call into the kit's Answer: a SUCCESS is OK (a
// login's key is its Token), an ERROR is a refusal whose Codes are its
// error_number and error_name ("1", "AUTHENTICATION_ERROR") and whose
// Message is its error_detail. An answer that lacks a documented part
// (Response.MissingFields) or whose <timestamp> is not YYYY-MM-DD HH:MM:SS
// is no documented answer (Err), and so is anything the client could not
// read; the exchange is kept either way, so a 405 with an empty body still
// shows its status. The client's *client.Response is the Answer's Result
// (see response).
func reply(what, op string, r *client.Response, err error) *framework.Answer {
	if err != nil {
		return framework.NewAnswer(what, op, nil, err)
	}
	a := framework.NewAnswer(what, op, r.Exchange, nil)
	a.Result = r
	if m := r.MissingFields(); len(m) > 0 {
		a.Err = fmt.Errorf("the %s answer lacks the documented %s", r.Status, strings.Join(m, ", "))
		return a
	}
	if _, terr := r.ParseTimestamp(); terr != nil {
		a.Err = fmt.Errorf("<timestamp> %q is not the documented YYYY-MM-DD HH:MM:SS", r.Timestamp)
		return a
	}
	if r.OK() {
		a.OK, a.Token = true, r.SessionKey
		return a
	}
	a.Refused = true
	a.Codes = []string{strconv.Itoa(r.ErrorNumber)}
	if r.ErrorName != "" {
		a.Codes = append(a.Codes, r.ErrorName)
	}
	a.Message = r.ErrorDetail
	return a
}

// response is the client's reading of an answer, for the parts the kit's
// Answer does not carry (api_method, detail, the key of a ping); nil when
// the client could read none.
func response(a *framework.Answer) *client.Response {
	if a == nil {
		return nil
	}
	r, _ := a.Result.(*client.Response)
	return r
}

// login posts a's credentials to the login method.
func login(ctx context.Context, c *client.Client, a framework.Account, what string) *framework.Answer {
	r, err := c.Login(ctx, a.Get(client.CredUsername), a.Get(client.CredPassword), a.Get(client.CredAccountNumber))
	return reply(what, opLogin, r, err)
}

// ping pings key.
func ping(ctx context.Context, c *client.Client, key, what string) *framework.Answer {
	r, err := c.Ping(ctx, key)
	return reply(what, opPing, r, err)
}

// logout logs key out.
func logout(ctx context.Context, c *client.Client, key, what string) *framework.Answer {
	r, err := c.Logout(ctx, key)
	return reply(what, opLogout, r, err)
}

// postForm posts any form to path (a field left out, one added).
func postForm(ctx context.Context, c *client.Client, path string, form url.Values, what string) *framework.Answer {
	r, err := c.PostForm(ctx, path, form)
	return reply(what, "videntity POST "+path, r, err)
}

// send sends any method, body and Content-Type to path.
func send(ctx context.Context, c *client.Client, method, path string, body []byte, contentType, what string) *framework.Answer {
	r, err := c.SendMethod(ctx, method, path, body, contentType)
	return reply(what, "videntity "+method+" "+path, r, err)
}

// loginForm is a's credentials as the login form.
func loginForm(a framework.Account) url.Values {
	return url.Values{
		client.FieldUsername:      {a.Get(client.CredUsername)},
		client.FieldPassword:      {a.Get(client.CredPassword)},
		client.FieldAccountNumber: {a.Get(client.CredAccountNumber)},
	}
}

// mustLogin logs a in and fails the spec unless a key is issued; the
// session is logged out when the spec ends.
func mustLogin(c *client.Client, a framework.Account, what string) string {
	GinkgoHelper()
	ans := login(framework.Ctx(), c, a, what)
	cleanup(c, ans)
	Expect(ans).To(framework.HaveIssuedToken())
	return ans.Token
}

// cleanup logs out, when the spec ends, the session an answer issued.
func cleanup(c *client.Client, a *framework.Answer) {
	if a != nil && a.Token != "" {
		key := a.Token
		DeferCleanup(func() { _, _ = c.Logout(context.Background(), key) })
	}
}

// wrongPassword is a with a password of the same shape (length and kind
// of each character) that is certainly wrong: a target that checks a
// password's format before the password still sees a well-formed one.
func wrongPassword(a framework.Account) framework.Account {
	return a.With(client.CredPassword, alike(a.Get(client.CredPassword)))
}

// alike returns a value of v's shape that differs from v in every letter
// and digit: each letter becomes another of its case, each digit another
// digit, anything else stays. A value with fewer than 4 letters and
// digits gets 4 random letters more, so that it differs enough.
func alike(v string) string {
	const lower, upper, digits = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
	b := []byte(v)
	changed := 0
	for i, c := range b {
		var set string
		switch {
		case c >= 'a' && c <= 'z':
			set = lower
		case c >= 'A' && c <= 'Z':
			set = upper
		case c >= '0' && c <= '9':
			set = digits
		default:
			continue
		}
		r := framework.RandomWord(1)[0]
		n := strings.IndexByte(set, c) + 1 + int(r)%(len(set)-1)
		b[i] = set[n%len(set)]
		changed++
	}
	if changed < 4 {
		b = append(b, framework.RandomWord(4)...)
	}
	return string(b)
}

// wrongAccountNumber is a with the last digit of its account number
// changed.
func wrongAccountNumber(a framework.Account) framework.Account {
	n := []byte(a.Get(client.CredAccountNumber))
	if len(n) == 0 {
		return a.With(client.CredAccountNumber, "1")
	}
	last := n[len(n)-1]
	if last >= '0' && last <= '9' {
		n[len(n)-1] = '0' + (last-'0'+1)%10
	} else {
		n[len(n)-1] = '0'
	}
	return a.With(client.CredAccountNumber, string(n))
}

// unknownUser is a with a username of the same shape that no account has.
func unknownUser(a framework.Account) framework.Account {
	return a.With(client.CredUsername, alike(a.Get(client.CredUsername)))
}

// unissuedKey returns a key of the shape the target issues that it never
// issued: three keys are issued (each logged out at once, so that no
// session cap or one-session-per-user policy is in the way) and the new
// one takes each character from one of the other two in turn, so every
// position holds a character the target itself puts there (a GUID's
// version digit, a Base64 key's last character, a prefix all stay valid).
// A target that checks a key's format before looking it up still sees a
// well-formed key.
func unissuedKey(c *client.Client, a framework.Account) string {
	GinkgoHelper()
	var k [3]string
	for i := range k {
		k[i] = mustLogin(c, a, "a login to learn the shape of the target's keys")
		_, _ = c.Logout(framework.Ctx(), k[i])
	}
	if len(k[0]) == len(k[1]) && len(k[1]) == len(k[2]) {
		b := []byte(k[0])
		for i := range b {
			b[i] = k[1+i%2][i]
		}
		if s := string(b); s != k[0] && s != k[1] && s != k[2] {
			return s
		}
	}
	return "authprobe" + framework.RandomWord(len(k[0]))
}

// methodNamed says whether an api_method names the method op ("login",
// "ping", "logout"): it mentions the word, in any case ("/session/ping",
// "/session/ping_session" after the seed's "ping_session call",
// "/api/v1/Session/Ping/"), or it is the configured path. "/session/login"
// does not name logout, nor "/session/logout" login.
func methodNamed(apiMethod, op, path string) bool {
	got := strings.ToLower(strings.TrimSpace(apiMethod))
	if strings.Contains(got, op) {
		return true
	}
	norm := func(s string) string { return "/" + strings.Trim(strings.ToLower(strings.TrimSpace(s)), "/") }
	return path != "" && norm(got) == norm(path)
}
