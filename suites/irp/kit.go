package irp

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/config"
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

// stamp is freshStamp for a spec body: an error fails the spec.
func stamp(keyOrToken string) time.Time {
	GinkgoHelper()
	at, err := freshStamp(framework.Ctx(), target(), keyOrToken)
	if err != nil {
		Fail(err.Error())
	}
	return at
}

// --- TimeStamps --------------------------------------------------------------

// A target may refuse a Signature it has accepted before (replays inside
// the window are undocumented: profiles.md makes them a WARNING, and a
// server that refuses them is as legal as one that accepts them). So no
// spec but the replay ones ever signs the same key or token with the same
// TimeStamp twice: stamps hands out whole seconds that no earlier request
// of the run used for the key. Ordinary requests get the target's current
// second or one up to timestamp_spread before it, but never one in the
// future nor one before the run's first: an earlier run against the same
// target (back to back) used those. The skew specs' TimeStamps sit near
// the window's edges, see edgeStamp. Early in a run few seconds are free:
// timelines whose first login had to wait measure their later steps from
// the token's issue (waitUntil), not from the timeline's start.

type stampBook struct {
	mu    sync.Mutex
	used  map[string]map[int64]bool
	start int64 // the run's first ordinary second (Unix), 0 until then
}

var stamps = &stampBook{used: map[string]map[int64]bool{}}

// take returns the second nearest to at not yet used for key, moving away
// from at both ways (dir 0), only later (dir > 0) or only earlier
// (dir < 0), at most spread, and with bounded never before the run's first
// ordinary second; ok is false when every one is used.
func (b *stampBook) take(key string, at time.Time, dir int, spread time.Duration, bounded bool) (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	u := b.used[key]
	if u == nil {
		u = map[int64]bool{}
		b.used[key] = u
	}
	base := at.Truncate(time.Second)
	if bounded && b.start == 0 {
		b.start = base.Unix()
	}
	n := int64(spread / time.Second)
	for k := int64(0); k <= n; k++ {
		for _, sign := range []int64{-1, 1} {
			if (k == 0 && sign > 0) || (dir > 0 && sign < 0 && k > 0) || (dir < 0 && sign > 0) {
				continue
			}
			s := base.Unix() + sign*k
			if bounded && s < b.start {
				continue
			}
			if !u[s] {
				u[s] = true
				return time.Unix(s, 0).UTC(), true
			}
		}
	}
	return base, false
}

// mark records that key was signed with the TimeStamp at.
func (b *stampBook) mark(key string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used[key] == nil {
		b.used[key] = map[int64]bool{}
	}
	b.used[key][at.Unix()] = true
}

// nextSecond waits until the target's clock (read as now) is in its next
// second: with clock: controlled it moves the clock, otherwise it sleeps.
func nextSecond(ctx context.Context, t *framework.Target, now time.Time) error {
	d := time.Second - time.Duration(now.Nanosecond())
	if t.Clock() == config.ClockControlled {
		return t.Advance(ctx, d)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// waitUntil waits until the target's clock reads at least at: with clock:
// controlled it moves the clock, otherwise it sleeps.
func waitUntil(ctx context.Context, t *framework.Target, at time.Time) error {
	now, err := serverNow(ctx, t)
	if err != nil {
		return err
	}
	d := at.Sub(now)
	if d <= 0 {
		return nil
	}
	if t.Clock() == config.ClockControlled {
		return t.Advance(ctx, d)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// freshStamp returns a TimeStamp for key that no request of the run used
// (see stampBook). When timestamp_spread is used up it first asks (once
// per run, see replaysAccepted) whether the target accepts a replayed
// request: then a used TimeStamp does no harm and the current one is
// returned; otherwise it waits for the target's clock to move on, a second
// at a time (requests running together share the new seconds), for at most
// timestamp_spread.
func freshStamp(ctx context.Context, t *framework.Target, keyOrToken string) (time.Time, error) {
	s, err := settingsOf(t)
	if err != nil {
		return time.Time{}, err
	}
	tries := int(s.StampSpread/time.Second) + 1
	for i := range tries {
		now, err := serverNow(ctx, t)
		if err != nil {
			return time.Time{}, err
		}
		if at, ok := stamps.take(keyOrToken, now, -1, s.StampSpread, true); ok {
			return at, nil
		}
		if i == 0 && replaysAccepted(ctx, t, s) {
			return now.Truncate(time.Second), nil
		}
		if err := nextSecond(ctx, t, now); err != nil {
			return time.Time{}, err
		}
	}
	return serverNow(ctx, t) // reuse a TimeStamp rather than stall
}

// replay is what the run learnt of the target's replays: 0 not asked yet,
// 1 accepted, 2 refused (or unknown).
var replay struct {
	mu    sync.Mutex
	state int
}

// replaysAccepted reports whether the target issues a token for a signed
// Authenticate sent twice, asking it once per run: it logs the first
// credentials in with a TimeStamp no request used and sends the same
// request again.
func replaysAccepted(ctx context.Context, t *framework.Target, s client.Settings) bool {
	replay.mu.Lock()
	defer replay.mu.Unlock()
	if replay.state == 0 {
		replay.state = 2
		if probeReplay(ctx, t, s) {
			replay.state = 1
		}
	}
	return replay.state == 1
}

func probeReplay(ctx context.Context, t *framework.Target, s client.Settings) bool {
	a, err := t.Account(0)
	if err != nil {
		return false
	}
	c, err := newClient(t)
	if err != nil {
		return false
	}
	for range int(s.StampSpread/time.Second) + 1 {
		now, err := serverNow(ctx, t)
		if err != nil {
			return false
		}
		if at, ok := stamps.take(key(a), now, -1, s.StampSpread, true); ok {
			f := client.SignedAuthenticateFields(key(a), secret(a), at)
			first, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, f)
			if err != nil || !first.Issued() {
				return false
			}
			again, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, f)
			return err == nil && again.Issued()
		}
		if nextSecond(ctx, t, now) != nil {
			return false
		}
	}
	return false
}

// edgeStamp returns an unused TimeStamp for key at skew from the
// target's time (measured afresh), moving only in dir (see take) by at
// most limit, so that a TimeStamp meant inside (outside) the window stays
// there. Against a target that refuses replays, a TimeStamp in the past
// must also be one of this run's seconds (an earlier run may have used the
// others): early in a run it waits until the run is old enough. When every
// such second is used it waits for the target's clock to move on.
func edgeStamp(keyOrToken string, skew time.Duration, dir int, limit time.Duration) time.Time {
	GinkgoHelper()
	ctx, t, s := framework.Ctx(), target(), specSettings()
	bounded := skew < 0 && !replaysAccepted(ctx, t, s)
	tries := 6
	if bounded {
		tries = int((-skew+limit)/time.Second) + 6
	}
	var at time.Time
	for i := range tries {
		now, err := serverNow(ctx, t) // every answer measures the offset anew
		if i == 0 {
			now, err = freshServerNow(ctx, t)
		}
		if err != nil {
			Fail(err.Error())
		}
		got, ok := stamps.take(keyOrToken, now.Add(skew), dir, limit, bounded)
		if ok {
			return got
		}
		at = got
		if err := nextSecond(ctx, t, now); err != nil {
			Fail(err.Error())
		}
	}
	return at
}

// Where edgeStamp may move a TimeStamp skew_margin inside or outside the
// window (past, future): inside no closer to the target's time than half
// the window (a window half as wide is still told apart), outside up to
// half the window further out.
func insideLimit(window, margin time.Duration) time.Duration {
	return max(window/2-margin-time.Second, 0)
}

func outsideLimit(window time.Duration) time.Duration { return window / 2 }

// The target's clock. Every TimeStamp the specs sign is the target's time,
// not ours: in controlled mode read through the clock control endpoint,
// otherwise our clock shifted by the offset measured from answers'
// TimeStamps (framework.Target.FreshOffset).

// serverNow returns the target's current time. With a real clock and no
// offset measured yet it first probes the target.
func serverNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	if t.Clock() == config.ClockControlled {
		return controlledNow(ctx, t)
	}
	if _, ok := t.ClockOffset(); !ok {
		if err := probeClock(ctx, t); err != nil {
			return time.Time{}, err
		}
	}
	return time.Now().Add(t.FreshOffset()), nil
}

// freshServerNow is serverNow with a new measurement (for the skew specs,
// whose TimeStamps sit within skew_margin of the window's edges); every
// answer measures the offset too, so a failed probe falls back on the
// latest one.
func freshServerNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	if t.Clock() == config.ClockControlled {
		return controlledNow(ctx, t)
	}
	if err := probeClock(ctx, t); err != nil {
		if _, ok := t.ClockOffset(); !ok {
			return time.Time{}, err
		}
	}
	return time.Now().Add(t.FreshOffset()), nil
}

func controlledNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	before := time.Now()
	st, err := t.ServerClock(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the target's clock through its control endpoint: %w", err)
	}
	after := time.Now()
	off := st.Sub(before.Add(after.Sub(before) / 2))
	return time.Now().Add(off), nil
}

// probeClock sends an Authenticate with an empty body: whatever it
// answers carries the server's TimeStamp, which the framework records as a
// clock offset. A target that answers an empty body in another shape (any
// 4xx is legal) is asked with a signed Authenticate at our own time
// instead, which works when the clocks are within the window.
func probeClock(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	r, err := c.Send(ctx, client.AuthenticatePath, []byte{}, client.ContentTypeForm)
	if err == nil {
		if _, err = r.ServerTime(); err == nil {
			return nil
		}
	}
	if a, aerr := t.Account(0); aerr == nil {
		s, _ := settingsOf(t)
		if at, ok := stamps.take(key(a), time.Now(), -1, s.StampSpread, false); ok {
			r, serr := c.Authenticate(ctx, key(a), secret(a), at)
			if serr == nil {
				if _, serr = r.ServerTime(); serr == nil {
					return nil
				}
			}
		}
	}
	return fmt.Errorf("measuring the target's clock offset (an Authenticate, whose answer carries the server's TimeStamp): %w", err)
}

// specNow is serverNow for a spec body: an error fails the spec.
func specNow() time.Time {
	GinkgoHelper()
	now, err := serverNow(framework.Ctx(), target())
	if err != nil {
		Fail(err.Error())
	}
	return now
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
func pinOr(name string, allowed ...int) []string {
	if p := target().Pin(name); len(p) > 0 {
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
