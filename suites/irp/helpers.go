package irp

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// Credential keys of an irp target ("api_key", "shared_secret").
const (
	credAPIKey       = "api_key"
	credSharedSecret = "shared_secret"
)

// target is the irp target of the run (framework.Describe skips the specs
// when there is none).
func target() *framework.Target { return framework.T(profile) }

// settingsOf parses the irp settings of t (defaults filled in by the
// framework), or says which one is bad.
func settingsOf(t *framework.Target) (client.Settings, error) {
	m := map[string]string{}
	for _, s := range client.SettingList {
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
		return nil, fmt.Errorf("target %s: %w", t.Name(), err)
	}
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	c.Encoding = s.Encoding
	return c, nil
}

// specClient is newClient for the target of the run; a bad setting fails
// the spec.
func specClient() *client.Client {
	t := target()
	if t == nil {
		Skip("no target for profile irp in this run")
	}
	c, err := newClient(t)
	if err != nil {
		Fail(err.Error(), 1)
	}
	return c
}

// specSettings returns the parsed settings of the run's target; a bad
// setting fails the spec.
func specSettings() client.Settings {
	s, err := settingsOf(target())
	if err != nil {
		Fail(fmt.Sprintf("target %s: %v", target().Name(), err), 1)
	}
	return s
}

// account is one API key / shared secret pair of the target's pool.
type account struct {
	Key, Secret string
}

// accountOf returns the i-th credentials of t (wrapping), or why there are
// none usable.
func accountOf(t *framework.Target, i int) (account, error) {
	if len(t.Config.Credentials) == 0 {
		return account{}, fmt.Errorf("target %s has no credentials: give api_key and shared_secret under credentials", t.Name())
	}
	m := t.Credentials(i)
	a := account{Key: m[credAPIKey], Secret: m[credSharedSecret]}
	if a.Key == "" || a.Secret == "" {
		return account{}, fmt.Errorf("credentials %d of target %s lack api_key or shared_secret", i%len(t.Config.Credentials), t.Name())
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

// accounts returns every usable credential of t, or skips the spec.
func accounts(t *framework.Target) []account {
	var out []account
	for i := range t.Config.Credentials {
		if a, err := accountOf(t, i); err == nil {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		out = append(out, mustAccount(0)) // skips, saying why
	}
	return out
}

// describe renders an answer for failure messages: status, Success and
// the messages or the token.
func describe(r *client.Response) string {
	if r == nil {
		return "no answer"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d, Success %s", r.Status(), r.Success)
	if len(r.Messages) > 0 {
		b.WriteString(", Messages [")
		for i, m := range r.Messages {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%d %q", m.Code, m.Message)
		}
		b.WriteString("]")
	}
	if r.AuthenticationToken != "" {
		b.WriteString(", with an AuthenticationToken")
	}
	if r.MinutesRemaining != "" {
		fmt.Fprintf(&b, ", MinutesRemaining %q", r.MinutesRemaining)
	}
	return b.String()
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
		Fail(fmt.Sprintf("%s: expected the documented JSON answer {Messages, Success, Signature, TimeStamp}, got none: %v", what, err), 1)
	}
}

// wantDocumentedError fails unless the call got a documented error
// answer: the documented object, Success false, no token, and only codes
// the vendor documents. Which code is the ERR specs' business.
func wantDocumentedError(r *client.Response, err error, what string) {
	if err != nil {
		Fail(fmt.Sprintf("%s: expected a documented error answer (JSON, Success false, a documented code), not a crash; got none: %v", what, err), 1)
	}
	if r.Issued() || r.Success.OK() {
		Fail(fmt.Sprintf("%s: expected a documented error answer, got a success: %s", what, describe(r)), 1)
	}
	if len(r.Messages) == 0 {
		Fail(fmt.Sprintf("%s: an error answer must list what went wrong in Messages; got %s", what, describe(r)), 1)
	}
	for _, m := range r.Messages {
		if client.CodeText(m.Code) == "" {
			Fail(fmt.Sprintf("%s: expected documented codes (1000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2010, 2011, 2013, 2014), got undocumented %d: %s", what, m.Code, describe(r)), 1)
		}
	}
}

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
// whose TimeStamps sit within skew_margin of the window's edges).
func freshServerNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	if t.Clock() == config.ClockControlled {
		return controlledNow(ctx, t)
	}
	if err := probeClock(ctx, t); err != nil {
		return time.Time{}, err
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
// clock offset.
func probeClock(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	r, err := c.Send(ctx, client.AuthenticatePath, []byte{}, client.ContentTypeForm)
	if err != nil {
		return fmt.Errorf("measuring the target's clock offset (an empty Authenticate, whose answer carries the server's TimeStamp): %w", err)
	}
	if _, err := r.ServerTime(); err != nil {
		return fmt.Errorf("measuring the target's clock offset: the answer's TimeStamp: %w", err)
	}
	return nil
}

// specNow is serverNow for a spec body: an error fails the spec.
func specNow() time.Time {
	now, err := serverNow(framework.Ctx(), target())
	if err != nil {
		Fail(err.Error(), 1)
	}
	return now
}

// authenticate signs a's key at the target's time and sends Authenticate.
func authenticate(ctx context.Context, t *framework.Target, c *client.Client, a account) (*client.Response, error) {
	now, err := serverNow(ctx, t)
	if err != nil {
		return nil, err
	}
	return c.Authenticate(ctx, a.Key, a.Secret, now)
}

// loginStep authenticates a and returns the answer, or an error saying why
// no token was issued (for timeline steps, which must not call Gomega).
func loginStep(ctx context.Context, t *framework.Target, c *client.Client, a account) (*client.Response, error) {
	r, err := authenticate(ctx, t, c, a)
	if err != nil {
		return nil, fmt.Errorf("Authenticate with API key %s: %w", mask(a.Key), err)
	}
	if !r.Issued() {
		return r, fmt.Errorf("Authenticate with the configured API key %s and its shared secret, signed at the target's time, must issue a token; got %s", mask(a.Key), describe(r))
	}
	return r, nil
}

// freshLoginStep authenticates a twice and returns the second answer;
// reused reports that both returned the same token, which is then of
// unknown age (a target that hands out a key's live token again), so a
// lifetime cannot be measured from it.
func freshLoginStep(ctx context.Context, t *framework.Target, c *client.Client, a account) (r *client.Response, reused bool, err error) {
	first, err := loginStep(ctx, t, c, a)
	if err != nil {
		return nil, false, err
	}
	r, err = loginStep(ctx, t, c, a)
	if err != nil {
		return nil, false, err
	}
	return r, r.AuthenticationToken == first.AuthenticationToken, nil
}

// login authenticates a in a spec and fails it unless a token is issued.
func login(c *client.Client, a account, what string) *client.Response {
	r, err := loginStep(framework.Ctx(), target(), c, a)
	if err != nil {
		Fail(what+": "+err.Error(), 1)
	}
	return r
}

// check runs CheckTokenTime for token, signed with secret at the target's
// time.
func check(ctx context.Context, t *framework.Target, c *client.Client, token, secret string) (*client.Response, error) {
	now, err := serverNow(ctx, t)
	if err != nil {
		return nil, err
	}
	return c.CheckTokenTime(ctx, token, secret, now)
}

// reusedReason is the SKIPPED reason of a lifetime spec whose logins got
// the same token.
const reusedReason = "two Authenticates in a row returned the same token, so its age is unknown and its lifetime cannot be measured from a login (IRP-SEC-003 checks that every Authenticate issues a new token)"

// mask shows the first characters of a credential only.
func mask(s string) string {
	if len(s) <= 6 {
		return "…"
	}
	return s[:6] + "…"
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randomWord returns n random alphanumerics: keys and tokens no server has
// issued.
func randomWord(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// unknownKey is an API key of the documented length that no server has
// issued.
func unknownKey(length int) string {
	const prefix = "authprobe"
	if length <= len(prefix) {
		return randomWord(length)
	}
	return prefix + randomWord(length-len(prefix))
}

// wrongSecret is a's shared secret with a suffix, so certainly wrong.
func wrongSecret(a account) string { return a.Secret + "-authprobe-wrong" }

// timing returns session_ttl and expiry_margin of t, or why a timeline
// cannot be built.
func timing(t *framework.Target) (ttl, margin time.Duration, why string) {
	return t.ExpiryTiming("set the token lifetime (five minutes documented) to check expiry")
}

// windows returns the TimeStamp windows (past, future) and skew_margin of
// t, or why the skew specs cannot run.
func windows(t *framework.Target) (past, future, margin time.Duration, why string) {
	s, err := settingsOf(t)
	if err != nil {
		return 0, 0, 0, err.Error()
	}
	margin, ok := t.Duration(settingSkewMargin)
	if !ok || margin <= 0 {
		return 0, 0, 0, "skew_margin is unset: set the slack around the TimeStamp window (15s by default)"
	}
	if margin >= s.TimestampWindow/2 || margin >= s.FutureWindow/2 {
		return 0, 0, 0, fmt.Sprintf("skew_margin %s must be under half of timestamp_window %s and future_window %s", margin, s.TimestampWindow, s.FutureWindow)
	}
	return s.TimestampWindow, s.FutureWindow, margin, ""
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

// lifetimeLeft is what a token issued at the login answer should have
// left at the check answer: session_ttl minus the server time between the
// two answers' TimeStamps.
func lifetimeLeft(ttl time.Duration, login, checked *client.Response) (time.Duration, error) {
	issued, err := login.ServerTime()
	if err != nil {
		return 0, fmt.Errorf("the Authenticate answer's TimeStamp: %w", err)
	}
	at, err := checked.ServerTime()
	if err != nil {
		return 0, fmt.Errorf("the CheckTokenTime answer's TimeStamp: %w", err)
	}
	return ttl - at.Sub(issued), nil
}

// remainingTolerance is how far MinutesRemaining may be from the lifetime
// left: it is printed in whole seconds (rounded down, or up by some
// servers) and the token is created a moment before its answer's
// TimeStamp.
const remainingTolerance = 2 * time.Second

// checkRemaining fails unless the MinutesRemaining of r is within
// remainingTolerance of want.
func checkRemaining(r *client.Response, want time.Duration, what string) {
	got, err := r.Remaining()
	if err != nil {
		Fail(fmt.Sprintf("%s: MinutesRemaining must be MM:SS (seed: \"how long is left on this token in MM:SS format\"): %v", what, err), 1)
	}
	if d := got - want; d < -remainingTolerance || d > remainingTolerance {
		Fail(fmt.Sprintf("%s: MinutesRemaining must be about %s (session_ttl minus the time since the token was issued, by the answers' TimeStamps), within %s; got %q (%s)",
			what, mmss(want), remainingTolerance, r.MinutesRemaining, got), 1)
	}
}

// mmss prints d as MM:SS, to the nearest second.
func mmss(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
