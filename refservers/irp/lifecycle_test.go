package irp_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

var tokenFormat = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

func TestLifecycle(t *testing.T) {
	for _, enc := range []irpc.Encoding{irpc.Form, irpc.JSON} {
		t.Run(enc.String(), func(t *testing.T) {
			e := start(t)
			e.c.Encoding = enc
			at := e.clk.Now()
			r, err := e.c.Authenticate(e.ctx, e.main.APIKey, e.main.SharedSecret, at)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Issued() || r.Success != irpc.SuccessTrue || r.Status() != 200 || r.Messages == nil || len(r.Messages) != 0 {
				t.Fatalf("login: %s", r.Exchange.Body)
			}
			if !tokenFormat.MatchString(r.AuthenticationToken) {
				t.Fatalf("token %q is not 32 alphanumerics", r.AuthenticationToken)
			}
			wantSig := irpc.Sign(e.main.APIKey, irpc.FormatTimestamp(at), e.main.SharedSecret)
			if r.Signature == nil || *r.Signature != wantSig {
				t.Fatalf("Signature %v does not echo %s", r.Signature, wantSig)
			}
			if strings.Contains(string(r.Exchange.Body), e.main.APIKey) || strings.Contains(string(r.Exchange.Body), e.main.SharedSecret) {
				t.Fatal("the answer echoes the key or the secret")
			}
			st, err := r.ServerTime()
			if err != nil || st.Sub(e.clk.Now()).Abs() > time.Second {
				t.Fatalf("TimeStamp %q is not the server clock (%v)", r.TimeStamp, err)
			}
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{7}Z$`).MatchString(r.TimeStamp) {
				t.Fatalf("TimeStamp %q is not yyyy-MM-dd HH:mm:ss.fffffffZ", r.TimeStamp)
			}
			// The seed's jQuery example JSON.parses what $.post hands it:
			// the JSON text, which jQuery leaves unparsed as text/plain.
			if ct := r.Exchange.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Fatalf("content type %q, want text/plain; charset=utf-8 (see the json-content-type dialect)", ct)
			}
			if cc := r.Exchange.Header.Get("Cache-Control"); cc != "no-store" {
				t.Fatalf("Cache-Control %q on a token answer", cc)
			}
			tok := r.AuthenticationToken

			c := e.check(tok)
			rem, err := c.Remaining()
			if !c.Issued() || err != nil || rem < 4*time.Minute+58*time.Second || rem > 5*time.Minute {
				t.Fatalf("fresh token: remaining %q (%v): %s", c.MinutesRemaining, err, c.Exchange.Body)
			}
			if c.AuthenticationToken != tok || c.Signature == nil || *c.Signature != sentField(t, c, enc, irpc.FieldSignature) {
				t.Fatalf("CheckTokenTime answer: %s", c.Exchange.Body)
			}

			e.clk.Advance(2 * time.Minute)
			if rem, err := e.check(tok).Remaining(); err != nil || rem < 2*time.Minute+58*time.Second || rem > 3*time.Minute {
				t.Fatalf("after 2m: remaining %v (%v)", rem, err)
			}
			e.clk.Advance(2*time.Minute + 55*time.Second) // 4m55s
			if c := e.check(tok); !c.Issued() {
				t.Fatalf("token dead before 5 minutes: %s", c.Exchange.Body)
			}
			// A second login still works and gives another token.
			if tok2 := e.login(); tok2 == tok {
				t.Fatal("a second login returned the same token")
			}
			e.clk.Advance(6 * time.Second) // 5m01s
			expectError(t, e.check(tok), "1000/AuthenticationToken")
			e.clk.Advance(2 * time.Hour) // past the store's grace period
			expectError(t, e.check(tok), "2002/AuthenticationToken")
		})
	}
}

// sentField returns a field of the request an answer belongs to.
func sentField(t *testing.T, r *irpc.Response, enc irpc.Encoding, name string) string {
	t.Helper()
	if enc == irpc.JSON {
		var m map[string]string
		if err := json.Unmarshal(r.Exchange.RequestBody, &m); err != nil {
			t.Fatal(err)
		}
		return m[name]
	}
	q, err := url.ParseQuery(string(r.Exchange.RequestBody))
	if err != nil {
		t.Fatal(err)
	}
	return q.Get(name)
}

func TestTTLOverride(t *testing.T) {
	e := startWith(t, refkit.Options{TTL: 3 * time.Second})
	tok := e.login()
	if rem, err := e.check(tok).Remaining(); err != nil || rem > 3*time.Second || rem < 2*time.Second {
		t.Fatalf("remaining %v (%v) with a 3s TTL", rem, err)
	}
	e.clk.Advance(3 * time.Second)
	expectError(t, e.check(tok), "1000/AuthenticationToken")
}

func TestRealClockExpiry(t *testing.T) {
	o := refkit.Options{TTL: 1500 * time.Millisecond}
	e := startWith(t, o)
	tok := e.login()
	if r := e.check(tok); !r.Issued() {
		t.Fatalf("fresh token refused: %s", r.Exchange.Body)
	}
	time.Sleep(1600 * time.Millisecond)
	expectError(t, e.check(tok), "1000/AuthenticationToken")
}

func TestEveryLoginIssuesAFreshToken(t *testing.T) {
	e := start(t)
	f := e.authFields(0)
	seen := map[string]bool{}
	for range 20 {
		r := e.send(irpc.AuthenticatePath, irpc.Form, f) // the same Signature/TimeStamp pair each time
		if !r.Issued() {
			t.Fatalf("reused pair refused inside the window: %s", r.Exchange.Body)
		}
		if seen[r.AuthenticationToken] {
			t.Fatal("a login returned an earlier token")
		}
		seen[r.AuthenticationToken] = true
	}
	// The pair dies with the window.
	e.clk.Advance(2*time.Minute + 2*time.Second)
	expectError(t, e.send(irpc.AuthenticatePath, irpc.Form, f), "2001/TimeStamp")
}

func TestWindowIsSymmetricTwoMinutes(t *testing.T) {
	e := start(t)
	for _, skew := range []time.Duration{-110 * time.Second, 110 * time.Second, 0} {
		if r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(skew)); !r.Issued() {
			t.Errorf("TimeStamp %v off refused: %s", skew, r.Exchange.Body)
		}
	}
	for _, skew := range []time.Duration{-3 * time.Minute, 3 * time.Minute, -24 * time.Hour, 24 * time.Hour} {
		expectError(t, e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(skew)), "2001/TimeStamp")
	}
}

func TestOtherDemoAccountsLogIn(t *testing.T) {
	e := start(t)
	for _, i := range []int{1, 2} {
		a := demo(i)
		r, err := e.c.Authenticate(e.ctx, a.APIKey, a.SharedSecret, e.clk.Now())
		if err != nil || !r.Issued() {
			t.Fatalf("demo account %d: %v %v", i, r, err)
		}
		// A token is tied to its key's secret.
		expectError(t, e.check(r.AuthenticationToken), "2003/Signature")
		c, err := e.c.CheckTokenTime(e.ctx, r.AuthenticationToken, a.SharedSecret, e.clk.Now())
		if err != nil || !c.Issued() {
			t.Fatalf("demo account %d check: %v %v", i, c, err)
		}
	}
}
