package irp

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/schemas"
	"github.com/authprobe/authprobe/suites/framework"
)

// api is what the kit knows of the irp specs: the profile and how to build
// the client for a target.
var api = framework.API[*client.Client]{Profile: profile, NewClient: newClient}

// target is the irp target of the run.
func target() *framework.Target { return api.Target() }

// settingsOf parses the irp settings of t (defaults filled in by the
// framework), or says which one is bad.
func settingsOf(t *framework.Target) (client.Settings, error) {
	m := map[string]string{}
	for _, s := range client.Table.Settings {
		if v := t.Setting(s.Name); v != "" {
			m[s.Name] = v
		}
	}
	return client.ParseSettings(m)
}

// newClient builds the API client of t: its base URL, HTTP client, body
// cap and body encoding.
func newClient(t *framework.Target) (*client.Client, error) {
	s, err := settingsOf(t)
	if err != nil {
		return nil, err
	}
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	c.Encoding = s.Encoding
	return c, nil
}

// specSettings returns the parsed settings of the run's target; a bad
// setting fails the spec.
func specSettings() client.Settings {
	GinkgoHelper()
	s, err := settingsOf(target())
	if err != nil {
		Fail(fmt.Sprintf("target %s: %v", target().Name(), err))
	}
	return s
}

// key and secret read an account of the pool.
func key(a framework.Account) string    { return a.Get(client.CredAPIKey) }
func secret(a framework.Account) string { return a.Get(client.CredSharedSecret) }

// wrongSecret is a with a shared secret that is certainly wrong.
func wrongSecret(a framework.Account) framework.Account {
	return a.With(client.CredSharedSecret, secret(a)+"-authprobe-wrong")
}

// --- answers -----------------------------------------------------------------

// Operation names the client passes to wire.Do (raw requests are "irp
// Send": schemaFor picks their schema by path).
const (
	opAuthenticate   = "irp Authenticate"
	opCheckTokenTime = "irp CheckTokenTime"
)

// method says which method a request went to: a CheckTokenTime answer
// carries the token checked, which it does not issue.
type method int

const (
	mAuth method = iota
	mCheck
)

// reply is one answer: the kit's view (Answer, for the framework's
// matchers) and the client's (R, for the IRP fields; nil when the answer is
// not the documented object).
type reply struct {
	*framework.Answer
	R *client.Response
}

// answer turns a client result into a reply. Err is set for a transport
// failure, an answer that is not the documented object, and an object
// inside a JSON string (or after a byte order mark) that breaks its schema
// (the framework checks the other bodies itself).
func answer(what string, m method, r *client.Response, err error) *reply {
	op := opAuthenticate
	if m == mCheck {
		op = opCheckTokenTime
	}
	a := framework.NewAnswer(what, op, nil, err)
	if r == nil {
		return &reply{Answer: a}
	}
	a.Exchange, a.Result = r.Exchange, r
	if r.MinutesRemaining != "" {
		a.Note = fmt.Sprintf("MinutesRemaining %q", r.MinutesRemaining)
	}
	if v := innerViolation(a.Op, r); v != nil {
		a.Err = v
		return &reply{Answer: a}
	}
	a.OK = r.Success.OK()
	if m == mAuth || !a.OK {
		a.Token = r.AuthenticationToken
	}
	a.Refused = !a.OK && len(r.Messages) > 0
	var texts []string
	for _, msg := range r.Messages {
		a.Codes = append(a.Codes, strconv.Itoa(msg.Code))
		texts = append(texts, msg.Message)
	}
	if !a.OK {
		a.Message = strings.Join(texts, "; ")
	}
	return &reply{Answer: a, R: r}
}

// innerViolation validates what the framework's schema check leaves out
// (schemaFor): the object inside a JSON-string answer, and an answer after
// a byte order mark.
func innerViolation(op string, r *client.Response) error {
	body := bytes.TrimSpace(r.Exchange.Body)
	inner, ok := unquote(body)
	switch {
	case ok:
	case bytes.HasPrefix(body, utf8BOM):
		inner = string(bytes.TrimPrefix(body, utf8BOM))
	default:
		return nil
	}
	name := schemaAuthenticate
	if op == opCheckTokenTime {
		name = schemaCheckTokenTime
	}
	if err := schemas.Validate(name, []byte(inner)); err != nil {
		return fmt.Errorf("the answer object breaks the documented shape: %w", err)
	}
	return nil
}

// --- requests ----------------------------------------------------------------

// login authenticates a at the target's time (a TimeStamp never signed
// before for the key) and returns the answer; it does not judge it.
func login(c *client.Client, a framework.Account, what string) *reply {
	return loginCtx(framework.Ctx(), target(), c, a, what)
}

func loginCtx(ctx context.Context, t *framework.Target, c *client.Client, a framework.Account, what string) *reply {
	at, err := freshStamp(ctx, t, key(a))
	if err != nil {
		return answer(what, mAuth, nil, err)
	}
	r, err := c.Authenticate(ctx, key(a), secret(a), at)
	return answer(what, mAuth, r, err)
}

// authenticateAt authenticates a with the TimeStamp at.
func authenticateAt(c *client.Client, a framework.Account, at time.Time, what string) *reply {
	r, err := c.Authenticate(framework.Ctx(), key(a), secret(a), at)
	return answer(what, mAuth, r, err)
}

// check runs CheckTokenTime for token at the target's time.
func check(c *client.Client, token, sharedSecret, what string) *reply {
	return checkCtx(framework.Ctx(), target(), c, token, sharedSecret, what)
}

func checkCtx(ctx context.Context, t *framework.Target, c *client.Client, token, sharedSecret, what string) *reply {
	at, err := freshStamp(ctx, t, token)
	if err != nil {
		return answer(what, mCheck, nil, err)
	}
	r, err := c.CheckTokenTime(ctx, token, sharedSecret, at)
	return answer(what, mCheck, r, err)
}

// checkAt runs CheckTokenTime for token with the TimeStamp at.
func checkAt(c *client.Client, token, sharedSecret string, at time.Time, what string) *reply {
	r, err := c.CheckTokenTime(framework.Ctx(), token, sharedSecret, at)
	return answer(what, mCheck, r, err)
}

// send posts fields to a method in the client's encoding.
func send(c *client.Client, m method, fields client.Fields, what string) *reply {
	return sendAs(c, m, c.Encoding, fields, what)
}

// sendAs posts fields to a method in enc.
func sendAs(c *client.Client, m method, enc client.Encoding, fields client.Fields, what string) *reply {
	r, err := c.SendFields(framework.Ctx(), pathOf(m), enc, fields)
	return answer(what, m, r, err)
}

// raw posts a body as it stands.
func raw(c *client.Client, m method, body []byte, contentType, what string) *reply {
	r, err := c.Send(framework.Ctx(), pathOf(m), body, contentType)
	return answer(what, m, r, err)
}

func pathOf(m method) string {
	if m == mCheck {
		return client.CheckTokenTimePath
	}
	return client.AuthenticatePath
}

// authFields are correct Authenticate fields for a, signed with a fresh
// TimeStamp.
func authFields(a framework.Account) client.Fields {
	GinkgoHelper()
	return client.SignedAuthenticateFields(key(a), secret(a), stamp(key(a)))
}

// --- values no target issued -------------------------------------------------

// unknownKey is an API key of the configured length that no server has
// issued.
func unknownKey(length int) string {
	const prefix = "authprobe"
	if length <= len(prefix) {
		return randomAlnum(length)
	}
	return prefix + randomAlnum(length-len(prefix))
}

// keyOfLength returns a's key cut or padded to n characters.
func keyOfLength(a framework.Account, n int) string {
	k := key(a)
	if len(k) >= n {
		return k[:n]
	}
	return k + strings.Repeat("X", n-len(k))
}

// unissuedLike returns a token of the same length and alphabet as tok
// (each letter, digit, '+' or '/' replaced by a random one of those tok
// uses; other characters kept), so a target that checks a token's format
// first still sees a well-formed token it never issued.
func unissuedLike(tok string) string {
	var alphabet []byte
	seen := map[byte]bool{}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if tokenChar(c) && !seen[c] {
			seen[c] = true
			alphabet = append(alphabet, c)
		}
	}
	if len(alphabet) < 2 {
		return "authprobe" + randomAlnum(23)
	}
	for {
		b := []byte(tok)
		r := make([]byte, len(b))
		_, _ = rand.Read(r)
		for i, c := range b {
			if tokenChar(c) {
				b[i] = alphabet[int(r[i])%len(alphabet)]
			}
		}
		if string(b) != tok {
			return string(b)
		}
	}
}

func tokenChar(c byte) bool {
	return c < unicode.MaxASCII && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || c == '+' || c == '/')
}

// unissuedToken logs a in for a token to model and returns one like it
// that was never issued; without a token to model, a 32-character one.
func unissuedToken(c *client.Client, a framework.Account) string {
	r := login(c, a, "an Authenticate, for a token to model a never-issued one on")
	if r.Token == "" {
		return "authprobe" + randomAlnum(23)
	}
	return unissuedLike(r.Token)
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomAlnum(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// --- matchers ----------------------------------------------------------------

// nameField says whether a message text names field, in any wording,
// case or spacing ("(Parameter=APIKey)", "API Key", "parameter 'apiKey'");
// AuthenticationToken may be named "token". With exact (the
// message_parameter_suffix pin) the text must end ".(Parameter=<Field>)"
// as in the seed's example.
func nameField(text, field string, exact bool) bool {
	if exact {
		names := []string{field}
		if field == client.FieldTimeStamp {
			names = append(names, "Timestamp") // the seed's table spells it so
		}
		for _, n := range names {
			if strings.HasSuffix(text, ".(Parameter="+n+")") {
				return true
			}
		}
		return false
	}
	t := squash(text)
	if field == client.FieldAuthenticationToken && strings.Contains(t, "token") {
		return true
	}
	return strings.Contains(t, squash(field))
}

// squash lower-cases s and drops everything but letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// haveMessageNaming matches a refusal with a message of code whose text
// names field (profiles.md: "Messages name the field").
func haveMessageNaming(code int, field string) types.GomegaMatcher {
	exact := target().Bool(client.PinMessageParameterSuffix)
	want := fmt.Sprintf("carry a %d message naming the field %s", code, field)
	if exact {
		want = fmt.Sprintf("carry a %d message ending \".(Parameter=%s)\" (message_parameter_suffix)", code, field)
	}
	return framework.Matcher(want, func(a *framework.Answer) (bool, string) {
		r, _ := a.Result.(*client.Response)
		if r == nil {
			return false, ""
		}
		var texts []string
		for _, m := range r.Messages {
			if m.Code != code {
				continue
			}
			if nameField(m.Message, field, exact) {
				return true, ""
			}
			texts = append(texts, strconv.Quote(m.Message))
		}
		if len(texts) == 0 {
			return false, fmt.Sprintf("no %d message", code)
		}
		return false, "its text is " + strings.Join(texts, ", ")
	})
}

// codes turns documented codes into the kit's code strings.
func codes(cs ...int) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = strconv.Itoa(c)
	}
	return out
}

// pinOr returns a pin's values, or the codes the vendor allows when it is
// unset.
func pinOr(name string, allowed ...int) []string { return pinOrOf(target(), name, allowed...) }

// pinOrOf is pinOr for a target in a timeline.
func pinOrOf(t *framework.Target, name string, allowed ...int) []string {
	if p := t.Pin(name); len(p) > 0 {
		return p
	}
	return codes(allowed...)
}

// mask shows the first characters of a credential only.
func mask(s string) string {
	if len(s) <= 6 {
		return "…"
	}
	return s[:6] + "…"
}
