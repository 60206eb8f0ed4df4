package ishare

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// Credential keys of an ishare target.
const (
	credUsername = "username"
	credPassword = "password"
	credKey      = "key"
)

// target is the ishare target of the run (framework.Describe skips the
// specs when there is none).
func target() *framework.Target { return framework.T(profile) }

// newClient builds the API client of t: its base URL, HTTP client, body
// cap, and the path, namespace and soap_version settings.
func newClient(t *framework.Target) (*client.Client, error) {
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	applied := map[string]string{}
	for _, k := range []string{client.SettingPath, client.SettingNamespace, client.SettingSOAPVersion} {
		if v := t.Setting(k); v != "" {
			applied[k] = v
		}
	}
	if err := c.Configure(applied); err != nil {
		return nil, fmt.Errorf("target %s: %w", t.Name(), err)
	}
	return c, nil
}

// specClient is newClient for the target of the run; a bad setting fails
// the spec.
func specClient() *client.Client {
	t := target()
	if t == nil {
		Skip("no target for profile ishare in this run")
	}
	c, err := newClient(t)
	if err != nil {
		Fail(err.Error(), 1)
	}
	return c
}

// namespace is the payload namespace of c.
func namespace(c *client.Client) string {
	if c.Namespace == "" {
		return client.DefaultNamespace
	}
	return c.Namespace
}

// account is one client's CreateSessionKey credentials.
type account struct {
	Username, Password, Key string
}

// accountOf returns the i-th credentials of t (wrapping), or why there are
// none usable.
func accountOf(t *framework.Target, i int) (account, error) {
	if len(t.Config.Credentials) == 0 {
		return account{}, fmt.Errorf("target %s has no credentials: give username, password and key under credentials", t.Name())
	}
	m := t.Credentials(i)
	a := account{Username: m[credUsername], Password: m[credPassword], Key: m[credKey]}
	var missing []string
	for _, f := range []struct{ name, value string }{{credUsername, a.Username}, {credPassword, a.Password}, {credKey, a.Key}} {
		if f.value == "" {
			missing = append(missing, f.name)
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

// httpGetOff returns why the HTTP-GET binding specs cannot run ("" when
// they can).
func httpGetOff(t *framework.Target) string {
	on, err := strconv.ParseBool(t.Setting(client.SettingHTTPGet))
	switch {
	case err != nil:
		return fmt.Sprintf("http_get %q is not true or false", t.Setting(client.SettingHTTPGet))
	case !on:
		return "http_get is false: the target does not answer the ASMX HTTP-GET binding"
	}
	return ""
}

// getHint ends the messages of HTTP-GET binding calls that got no
// documented answer.
const getHint = " (if the deployment switched the HTTP-GET binding off, set http_get: false)"

// --- calls: the client plus the payload schema check (schema.go) ----------

// createSessionKey is c.CreateSessionKey with the payload schema check.
func createSessionKey(ctx context.Context, c *client.Client, a account) (*client.SessionKeyResult, error) {
	return checkedKey(c.CreateSessionKey(ctx, a.Username, a.Password, a.Key))
}

// getUserSchedule is c.GetUserSchedule with the payload schema check.
func getUserSchedule(ctx context.Context, c *client.Client, clientID int, key string) (*client.ScheduleResult, error) {
	return checkedSchedule(c.GetUserSchedule(ctx, clientID, key))
}

// sendSOAP posts a raw body with header to the service.
func sendSOAP(c *client.Client, body []byte, header http.Header) (*wire.Exchange, error) {
	return c.Send(framework.Ctx(), http.MethodPost, "", body, header)
}

// sendCreateSessionKey posts a raw CreateSessionKey body with the headers
// of the method and reads the answer.
func sendCreateSessionKey(c *client.Client, body []byte, header http.Header) (*client.SessionKeyResult, error) {
	if header == nil {
		header = c.SOAPHeader(client.MethodCreateSessionKey)
	}
	x, err := sendSOAP(c, body, header)
	if err != nil {
		return nil, err
	}
	return checkedKey(c.ParseCreateSessionKey(x))
}

// sendGetUserSchedule posts a raw GetUserSchedule body with the headers of
// the method and reads the answer.
func sendGetUserSchedule(c *client.Client, body []byte) (*client.ScheduleResult, error) {
	x, err := sendSOAP(c, body, c.SOAPHeader(client.MethodGetUserSchedule))
	if err != nil {
		return nil, err
	}
	return checkedSchedule(c.ParseGetUserSchedule(x))
}

func checkedKey(r *client.SessionKeyResult, err error) (*client.SessionKeyResult, error) {
	if err != nil {
		return nil, err
	}
	if err := checkPayload(r.Exchange); err != nil {
		return nil, err
	}
	return r, nil
}

func checkedSchedule(r *client.ScheduleResult, err error) (*client.ScheduleResult, error) {
	if err != nil {
		return nil, err
	}
	if err := checkPayload(r.Exchange); err != nil {
		return nil, err
	}
	return r, nil
}

// --- sessions ------------------------------------------------------------

// login creates a session key for a and fails the spec unless one is
// issued.
func login(c *client.Client, a account, what string) *client.SessionKeyResult {
	r, err := loginStep(framework.Ctx(), c, a)
	if err != nil {
		Fail(what+": "+err.Error(), 1)
	}
	return r
}

// loginStep creates a session key for a, or says why none was issued (for
// timeline steps, which must not call Gomega).
func loginStep(ctx context.Context, c *client.Client, a account) (*client.SessionKeyResult, error) {
	r, err := createSessionKey(ctx, c, a)
	if err != nil {
		return nil, fmt.Errorf("CreateSessionKey as %s: %w", a.Username, err)
	}
	if !r.Success || r.SessionKey == "" {
		return nil, fmt.Errorf("CreateSessionKey as %s with the configured credentials must answer Success true with a SessionKey; got %s", a.Username, describeKey(r))
	}
	return r, nil
}

// --- messages ------------------------------------------------------------

// describeKey renders a CreateSessionKey answer for failure messages.
func describeKey(r *client.SessionKeyResult) string {
	if r == nil {
		return "no answer"
	}
	return describeResult(r.Exchange, r.Success, r.Error, r.Fault, func() string {
		if r.HasClientID {
			return fmt.Sprintf(" (ClientId %d)", r.ClientID)
		}
		return ""
	})
}

// describeSchedule renders a GetUserSchedule answer for failure messages.
func describeSchedule(r *client.ScheduleResult) string {
	if r == nil {
		return "no answer"
	}
	return describeResult(r.Exchange, r.Success, r.Error, r.Fault, func() string {
		return fmt.Sprintf(" (%d schedules)", len(r.Schedules))
	})
}

func describeResult(x *wire.Exchange, success bool, e *client.Error, f *client.Fault, extra func() string) string {
	status := 0
	if x != nil {
		status = x.Status
	}
	switch {
	case f != nil:
		return fmt.Sprintf("HTTP %d soap:Fault %s %q", status, f.Code, clip(f.String))
	case e != nil && !success:
		return fmt.Sprintf("HTTP %d Success false, Error %s %q", status, e.Code, clip(e.Description))
	case e != nil:
		return fmt.Sprintf("HTTP %d Success true with Error %s %q%s", status, e.Code, clip(e.Description), extra())
	case success:
		return fmt.Sprintf("HTTP %d Success true%s", status, extra())
	}
	return fmt.Sprintf("HTTP %d Success false without an Error", status)
}

// clip shortens a text for a message.
func clip(s string) string {
	const max = 160
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}

// expect fails the spec with the message unless ok.
func expect(ok bool, format string, args ...any) {
	if !ok {
		Fail(fmt.Sprintf(format, args...), 1)
	}
}

// noErr fails the spec when a call got no documented answer: a transport
// failure, an HTML error page, an answer of no documented shape or one
// that breaks its schema.
func noErr(err error, what string) {
	if err != nil {
		Fail(fmt.Sprintf("%s: expected a documented answer, got none: %v", what, err), 1)
	}
}

// wantKeyError fails unless r is the documented failure with code: Success
// false, Error/Code code (readable as text and as an int), the documented
// Description, no ClientId or SessionKey, HTTP 200.
func wantKeyError(r *client.SessionKeyResult, code, what string) {
	if r.Success {
		Fail(fmt.Sprintf("%s must be refused with Error %s %q; got %s", what, code, client.Descriptions[code], describeKey(r)), 1)
	}
	wantError(r.Exchange, r.Error, r.Fault, code, what, describeKey(r))
	if r.HasClientID || r.SessionKey != "" {
		Fail(fmt.Sprintf("%s: a failure must carry no ClientId or SessionKey (they are absent on failure), but the answer has ClientId present=%v and a SessionKey present=%v",
			what, r.HasClientID, r.SessionKey != ""), 1)
	}
}

// wantScheduleError is wantKeyError for GetUserSchedule: no schedules.
func wantScheduleError(r *client.ScheduleResult, code, what string) {
	if r.Success {
		Fail(fmt.Sprintf("%s must be refused with Error %s %q; got %s", what, code, client.Descriptions[code], describeSchedule(r)), 1)
	}
	wantError(r.Exchange, r.Error, r.Fault, code, what, describeSchedule(r))
	if len(r.Schedules) > 0 {
		Fail(fmt.Sprintf("%s: a failure must carry no schedules, but the answer lists %d", what, len(r.Schedules)), 1)
	}
}

func wantError(x *wire.Exchange, e *client.Error, f *client.Fault, code, what, got string) {
	desc := client.Descriptions[code]
	if f != nil || e == nil || e.Code != code {
		Fail(fmt.Sprintf("%s must answer Success false with Error %s %q; got %s", what, code, desc, got), 2)
	}
	if n, err := e.CodeInt(); err != nil || strconv.Itoa(n) != code {
		Fail(fmt.Sprintf("%s: Error/Code %q must read as %s both as a string and as an int (the vendor types it both ways)", what, e.Code, code), 2)
	}
	if !strings.HasPrefix(strings.TrimSpace(e.Description), desc) {
		Fail(fmt.Sprintf("%s: Error %s must be described %q; got %q", what, code, desc, clip(e.Description)), 2)
	}
	if x.Status != http.StatusOK {
		Fail(fmt.Sprintf("%s: a documented error is a result and must come with HTTP 200; got %s", what, got), 2)
	}
}

// wantClientFault fails unless the answer is a soap:Fault blaming the
// client (soap:Client, SOAP 1.2 soap:Sender) with HTTP status.
func wantClientFault(x *wire.Exchange, f *client.Fault, status int, what, got string) {
	if f == nil {
		Fail(fmt.Sprintf("%s must be refused with a soap:Fault (faultcode Client); got %s", what, got), 1)
	}
	if !strings.HasSuffix(f.Code, ":Client") && !strings.HasSuffix(f.Code, ":Sender") && !strings.HasPrefix(f.Code, "Client") {
		Fail(fmt.Sprintf("%s must get a soap:Fault blaming the request (soap:Client, SOAP 1.2 soap:Sender); got %s", what, got), 1)
	}
	if x.Status != status {
		Fail(fmt.Sprintf("%s must get its soap:Fault with HTTP %d; got %s", what, status, got), 1)
	}
}

// --- values ----------------------------------------------------------------

// randomHex returns n random hexadecimal digits.
func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

// neverIssuedKey is a key of the reference's shape (a version-4 GUID) that
// no server has issued.
func neverIssuedKey() string {
	h := randomHex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// wrongPassword is a's password with a suffix, so certainly wrong.
func wrongPassword(a account) string { return a.Password + "-authprobe-wrong" }

// wrongKey is a's Key with its last character changed.
func wrongKey(a account) string {
	k := []byte(a.Key)
	if k[len(k)-1] == '0' {
		k[len(k)-1] = '1'
	} else {
		k[len(k)-1] = '0'
	}
	return string(k)
}

// unknownUsername is a username no client has.
func unknownUsername() string { return "authprobe-nouser-" + randomHex(10) }

// --- timelines -------------------------------------------------------------

// timing returns the session_ttl and expiry_margin settings of t, or why a
// timeline cannot be built.
func timing(t *framework.Target) (ttl, margin time.Duration, why string) {
	return t.ExpiryTiming("the vendor documents no session lifetime; set the target's (the reference uses 20m) to check expiry")
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
