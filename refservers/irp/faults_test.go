package irp_test

import (
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	irps "github.com/authprobe/authprobe/refservers/irp"
)

// A conformance check run through the client: nil means the server
// behaves as documented.
type conformance func(e *env) error

// faultChecks maps every fault to the check that catches it.
var faultChecks = map[string]conformance{
	irps.FaultSkewWindow10m:          checkWindow,
	irps.FaultFutureTimestamps:       checkWindow,
	irps.FaultBadSignatureAccepted:   checkSignatureVerified,
	irps.FaultTokensNeverExpire:      checkFiveMinuteLifetime,
	irps.FaultTokenTTL4m:             checkFiveMinuteLifetime,
	irps.FaultCheckExtendsToken:      checkUseDoesNotExtend,
	irps.FaultAPIKeyMinLength:        checkShortKey,
	irps.FaultSequentialTokens:       checkTokensNotSequential,
	irps.FaultLowEntropyTokens:       checkTokenEntropy,
	irps.FaultTokenReusedPerKey:      checkNewTokenPerLogin,
	irps.FaultWrongErrorCode:         checkWindowCode,
	irps.FaultParameterMissing:       checkMessageNamesField,
	irps.FaultMinutesRemainingFormat: checkMinutesRemainingFormat,
	irps.FaultErrorsHTTP500:          checkErrorStatus,
	irps.FaultInternalsLeaked:        checkNoInternals,
	irps.FaultSharedSecretEchoed:     checkSecretNotEchoed,
	irps.FaultInactiveKeyAccepted:    checkInactiveKey,
	irps.FaultIPAllowlistIgnored:     checkIPAllowlist,
	irps.FaultExpiredReportedUnknown: checkExpiredCode,
	irps.FaultJSONBodyRefused:        checkJSONAccepted,
	irps.FaultSkewWindow1m:           checkWindow,
	irps.FaultTokenNotBoundToKey:     checkTokenBoundToKey,
	irps.FaultTokenEmbedsAPIKey:      checkTokenNotFromKey,
	irps.FaultFieldsFromQuery:        checkNoFieldsFromQuery,
	irps.FaultLongValueCrashes:       checkLongValues,
	irps.FaultMistypedValueCrashes:   checkMistypedValues,
	irps.FaultMalformedBodyCrashes:   checkMalformedBody,
	irps.FaultSuccessAsString:        checkSuccessBoolean,
	irps.FaultContentTypeCrashes:     checkWrongContentType,
	irps.FaultAnswersCacheable:       checkNoStore,
	irps.FaultUnknownToken2003:       checkUnknownTokenCode,
	irps.FaultUnknownKey2003:         checkUnknownKeyCode,
}

func TestEveryFaultIsObservableThroughTheClient(t *testing.T) {
	if len(faultChecks) != len(irps.Faults) {
		t.Fatalf("%d checks for %d faults", len(faultChecks), len(irps.Faults))
	}
	for _, f := range irps.Faults {
		check := faultChecks[f.Name]
		if check == nil {
			t.Errorf("fault %s has no check", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			if err := check(start(t)); err != nil {
				t.Fatalf("the clean server fails the check: %v", err)
			}
			err := check(start(t, f.Name))
			if err == nil {
				t.Fatalf("the check passes with %s on (%s)", f.Name, f.Breaks)
			}
			t.Logf("observed: %v", err)
		})
	}
}

// TestFaultsKeepTheHappyPath: each fault breaks its one behaviour, not
// login, CheckTokenTime or the unknown-key error.
func TestFaultsKeepTheHappyPath(t *testing.T) {
	for _, f := range irps.Faults {
		t.Run(f.Name, func(t *testing.T) {
			e := start(t, f.Name)
			tok := e.login()
			if r := e.check(tok); !r.Issued() || r.MinutesRemaining == "" {
				t.Fatalf("CheckTokenTime on a fresh token: %s", r.Exchange.Body)
			}
			r := e.send(irpc.AuthenticatePath, irpc.Form, irpc.SignedAuthenticateFields(strings.Repeat("Q", 32), "s", e.clk.Now()))
			if r.Issued() || (r.FirstCode() != irpc.CodeUnknownKey && f.Name != irps.FaultUnknownKey2003) {
				t.Fatalf("unknown key: %s", r.Exchange.Body)
			}
		})
	}
}

func issued(r *irpc.Response) bool { return r.Issued() }

func checkWindow(e *env) error {
	for _, skew := range []time.Duration{-110 * time.Second, 110 * time.Second} {
		if r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(skew)); !issued(r) {
			return fmt.Errorf("TimeStamp %v off refused", skew)
		}
	}
	for _, skew := range []time.Duration{-5 * time.Minute, 5 * time.Minute} {
		if r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(skew)); issued(r) {
			return fmt.Errorf("TimeStamp %v off accepted", skew)
		}
	}
	return nil
}

func checkWindowCode(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(-3*time.Minute))
	if r.FirstCode() != irpc.CodeTimestampWindow {
		return fmt.Errorf("old TimeStamp answered %v, want 2001", r.Codes())
	}
	return nil
}

func checkSignatureVerified(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).With(irpc.FieldSignature, strings.Repeat("ab", 20)))
	if issued(r) || r.FirstCode() != irpc.CodeBadSignature {
		return fmt.Errorf("wrong signature answered %s", r.Exchange.Body)
	}
	return nil
}

func checkFiveMinuteLifetime(e *env) error {
	early, late := e.login(), e.login()
	e.clk.Advance(4*time.Minute + 50*time.Second)
	if r := e.check(early); !issued(r) {
		return fmt.Errorf("token refused at 4m50s: %v", r.Codes())
	}
	e.clk.Advance(11 * time.Second)
	if r := e.check(late); issued(r) || r.FirstCode() != irpc.CodeTokenExpired {
		return fmt.Errorf("token at 5m01s answered %s", r.Exchange.Body)
	}
	return nil
}

func checkUseDoesNotExtend(e *env) error {
	tok := e.login()
	e.clk.Advance(4 * time.Minute)
	if r := e.check(tok); !issued(r) {
		return fmt.Errorf("token refused at 4m: %v", r.Codes())
	}
	e.clk.Advance(61 * time.Second)
	if r := e.check(tok); issued(r) {
		return fmt.Errorf("token used at 4m still accepted at 5m01s (%s left)", r.MinutesRemaining)
	}
	return nil
}

func checkExpiredCode(e *env) error {
	tok := e.login()
	e.clk.Advance(5*time.Minute + time.Second)
	if r := e.check(tok); r.FirstCode() != irpc.CodeTokenExpired {
		return fmt.Errorf("expired token answered %v, want 1000", r.Codes())
	}
	return nil
}

func checkShortKey(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, irpc.SignedAuthenticateFields(e.main.APIKey[:31], e.main.SharedSecret, e.clk.Now()))
	if r.FirstCode() != irpc.CodeTooShort {
		return fmt.Errorf("31-character key answered %v, want 2005", r.Codes())
	}
	return nil
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// base62 reads a token as a number in the alphabet refkit prints with.
func base62(tok string) *big.Int {
	n := new(big.Int)
	for _, c := range tok {
		n.Mul(n, big.NewInt(62))
		n.Add(n, big.NewInt(int64(strings.IndexRune(alnum, c))))
	}
	return n
}

func checkTokensNotSequential(e *env) error {
	prev := base62(e.login())
	for range 20 {
		cur := base62(e.login())
		if d := new(big.Int).Sub(cur, prev); d.CmpAbs(big.NewInt(1<<16)) < 0 {
			return fmt.Errorf("consecutive tokens differ by %v: predictable", d)
		}
		prev = cur
	}
	return nil
}

func checkTokenEntropy(e *env) error {
	const n = 200
	var toks []string
	seen := map[string]bool{}
	for range n {
		tok := e.login()
		if seen[tok] {
			return fmt.Errorf("token repeated within %d logins", len(toks)+1)
		}
		seen[tok] = true
		toks = append(toks, tok)
	}
	for pos := 0; pos < 32; pos++ {
		same := true
		for _, tok := range toks[1:] {
			if tok[pos] != toks[0][pos] {
				same = false
				break
			}
		}
		if same {
			return fmt.Errorf("character %d is %q in all %d tokens: low entropy", pos, toks[0][pos], n)
		}
	}
	return nil
}

func checkNewTokenPerLogin(e *env) error {
	if a, b := e.login(), e.login(); a == b {
		return fmt.Errorf("two logins returned the same token")
	}
	return nil
}

func checkMessageNamesField(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).With(irpc.FieldAPIKey, "short"))
	if len(r.Messages) == 0 || r.Messages[0].Parameter() != irpc.FieldAPIKey {
		return fmt.Errorf("message does not name APIKey: %s", r.Exchange.Body)
	}
	return nil
}

var mmss = regexp.MustCompile(`^\d{2,}:[0-5]\d$`)

func checkMinutesRemainingFormat(e *env) error {
	r := e.check(e.login())
	if _, err := r.Remaining(); err != nil || !mmss.MatchString(r.MinutesRemaining) {
		return fmt.Errorf("MinutesRemaining %q: %v", r.MinutesRemaining, err)
	}
	return nil
}

func checkErrorStatus(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).Without(irpc.FieldSignature))
	if r.Status() != 200 {
		return fmt.Errorf("documented error answered with HTTP %d", r.Status())
	}
	return nil
}

func checkNoInternals(e *env) error {
	r := e.raw(irpc.AuthenticatePath, []byte(`{"APIKey":`), irpc.ContentTypeJSON)
	for _, m := range r.Messages {
		if strings.ContainsAny(m.Message, "\r\n") || strings.Contains(m.Message, "Exception") || strings.Contains(m.Message, ".cs:line") {
			return fmt.Errorf("message leaks internals: %q", m.Message)
		}
	}
	return nil
}

func checkSecretNotEchoed(e *env) error {
	r, err := e.c.Authenticate(e.ctx, e.main.APIKey, e.main.SharedSecret, e.clk.Now())
	if err != nil {
		return err
	}
	if strings.Contains(string(r.Exchange.Body), e.main.SharedSecret) {
		return fmt.Errorf("the answer carries the shared secret")
	}
	return nil
}

func checkInactiveKey(e *env) error {
	a := demo(3)
	r, err := e.c.Authenticate(e.ctx, a.APIKey, a.SharedSecret, e.clk.Now())
	if err != nil {
		return err
	}
	if issued(r) || r.FirstCode() != irpc.CodeKeyInactive {
		return fmt.Errorf("inactive key answered %s", r.Exchange.Body)
	}
	return nil
}

func checkIPAllowlist(e *env) error {
	a := demo(4)
	r, err := e.c.Authenticate(e.ctx, a.APIKey, a.SharedSecret, e.clk.Now())
	if err != nil {
		return err
	}
	if issued(r) || r.FirstCode() != irpc.CodeIPNotPermitted {
		return fmt.Errorf("key restricted to 10.0.0.0/8 answered %s from loopback", r.Exchange.Body)
	}
	return nil
}

func checkJSONAccepted(e *env) error {
	r, err := e.c.SendFields(e.ctx, irpc.AuthenticatePath, irpc.JSON, e.authFields(0))
	if err != nil {
		return err
	}
	if !issued(r) {
		return fmt.Errorf("a JSON Authenticate answered %s", r.Exchange.Body)
	}
	return nil
}

func checkTokenBoundToKey(e *env) error {
	tok := e.login()
	other := demo(1)
	r, err := e.c.CheckTokenTime(e.ctx, tok, other.SharedSecret, e.clk.Now())
	if err != nil {
		return err
	}
	if issued(r) || r.FirstCode() != irpc.CodeBadSignature {
		return fmt.Errorf("a token checked with another key's secret answered %s", r.Exchange.Body)
	}
	return nil
}

func checkTokenNotFromKey(e *env) error {
	tok := e.login()
	for i := 0; i+8 <= len(e.main.APIKey); i++ {
		if strings.Contains(tok, e.main.APIKey[i:i+8]) {
			return fmt.Errorf("token %s contains %q of the API key", tok, e.main.APIKey[i:i+8])
		}
	}
	return nil
}

func checkNoFieldsFromQuery(e *env) error {
	tok := e.login()
	q := url.Values{}
	for _, f := range irpc.SignedCheckTokenTimeFields(tok, e.main.SharedSecret, e.clk.Now()) {
		q.Set(f.Name, f.Value)
	}
	r, err := e.c.Send(e.ctx, irpc.CheckTokenTimePath+"?"+q.Encode(), nil, irpc.ContentTypeForm)
	if err != nil {
		return err
	}
	if issued(r) || r.FirstCode() != irpc.CodeRequired {
		return fmt.Errorf("CheckTokenTime with the fields in the URL query answered %s", r.Exchange.Body)
	}
	return nil
}

func checkLongValues(e *env) error {
	r, err := e.c.SendFields(e.ctx, irpc.AuthenticatePath, irpc.Form, e.authFields(0).With(irpc.FieldAPIKey, strings.Repeat("K", 2000)))
	if err != nil {
		return err
	}
	if r.FirstCode() != irpc.CodeTooLong {
		return fmt.Errorf("a 2,000-character APIKey answered %s", r.Exchange.Body)
	}
	return nil
}

func checkMistypedValues(e *env) error {
	r, err := e.c.SendFields(e.ctx, irpc.AuthenticatePath, irpc.JSON, e.authFields(0).WithRaw(irpc.FieldTimeStamp, `{"date":"2018-10-01"}`))
	if err != nil {
		return err
	}
	if r.FirstCode() != irpc.CodeWrongType {
		return fmt.Errorf("a TimeStamp object answered %s", r.Exchange.Body)
	}
	return nil
}

func checkMalformedBody(e *env) error {
	r, err := e.c.Send(e.ctx, irpc.AuthenticatePath, []byte(`{"APIKey":`), irpc.ContentTypeJSON)
	if err != nil {
		return err
	}
	if r.FirstCode() != irpc.CodeUnreadable {
		return fmt.Errorf("broken JSON answered %s", r.Exchange.Body)
	}
	return nil
}

func checkSuccessBoolean(e *env) error {
	r := e.check(e.login())
	if !r.SuccessDocumented() || r.SuccessJSON != "true" {
		return fmt.Errorf("a successful CheckTokenTime answered Success %s", r.SuccessJSON)
	}
	return nil
}

func checkWrongContentType(e *env) error {
	r, err := e.c.Send(e.ctx, irpc.AuthenticatePath, e.authFields(0).Encode(irpc.Form), "text/plain")
	if err != nil {
		return err
	}
	if r.Issued() || r.FirstCode() != irpc.CodeUnreadable {
		return fmt.Errorf("a text/plain body answered %s", r.Exchange.Body)
	}
	return nil
}

func checkNoStore(e *env) error {
	r, err := e.c.Authenticate(e.ctx, e.main.APIKey, e.main.SharedSecret, e.clk.Now())
	if err != nil {
		return err
	}
	if cc := r.Exchange.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		return fmt.Errorf("the answer carrying a token has Cache-Control %q", cc)
	}
	return nil
}

func checkUnknownTokenCode(e *env) error {
	r := e.check(strings.Repeat("T", 32))
	if !r.HasCode(irpc.CodeNoKeyForToken) {
		return fmt.Errorf("a token never issued answered %v, want 2002", r.Codes())
	}
	return nil
}

func checkUnknownKeyCode(e *env) error {
	r := e.send(irpc.AuthenticatePath, irpc.Form, irpc.SignedAuthenticateFields(strings.Repeat("Q", 32), "s", e.clk.Now()))
	if !r.HasCode(irpc.CodeUnknownKey) {
		return fmt.Errorf("an unknown key answered %v, want 2014", r.Codes())
	}
	return nil
}
