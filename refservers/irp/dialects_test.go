package irp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clock"
	irps "github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// startDialects starts a server speaking the dialects (and faults).
func startDialects(t *testing.T, dialects []string, faults ...string) *env {
	t.Helper()
	set, err := refkit.ParseDialects("irp", irps.Dialects, dialects)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := refkit.ParseFaults("irp", irps.Faults, faults)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewManual()
	srv := httptest.NewServer(irps.New(refkit.Options{TestClock: clk, Clock: clk, Faults: fs, Dialects: set}))
	t.Cleanup(srv.Close)
	return &env{t: t, clk: clk, srv: srv, c: irpc.New(srv.URL, srv.Client()), main: demo(0), ctx: t.Context()}
}

// dialectChecks shows each dialect through the wire: the check fails on
// the default server and passes on one speaking the dialect.
var dialectChecks = map[string]conformance{
	irps.DialectAllErrors: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, irpc.SignedAuthenticateFields(strings.Repeat("Q", 32), "s", e.clk.Now()))
		if got := fmt.Sprint(r.Codes()); got != "[2003 2014]" {
			return fmt.Errorf("unknown key answered %s, want [2003 2014]", got)
		}
		return nil
	},
	irps.DialectFirstFieldError: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, irpc.Fields{})
		if got := fmt.Sprint(r.Codes()); got != "[2004]" || r.Messages[0].Parameter() != "Signature" {
			return fmt.Errorf("an empty form answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectMessageTexts: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).With(irpc.FieldAPIKey, "short"))
		if len(r.Messages) != 1 || r.Messages[0].Message != "value is too short (parameter 'apiKey')" {
			return fmt.Errorf("a short key answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectWarningEmpty: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if r.SuccessJSON != `"Warning"` || len(r.Messages) != 0 || !r.Issued() {
			return fmt.Errorf("Authenticate answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectWarningMessage: func(e *env) error {
		r := e.check(e.login())
		if r.SuccessJSON != `"Warning"` || len(r.Messages) != 1 || r.MinutesRemaining == "" {
			return fmt.Errorf("CheckTokenTime answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectTokenBase64: func(e *env) error {
		re := regexp.MustCompile(`^[A-Za-z0-9+/]{32}$`)
		for range 20 {
			tok := e.login()
			if !re.MatchString(tok) {
				return fmt.Errorf("token %q is not 32 Base64 characters", tok)
			}
			if strings.ContainsAny(tok, "+/") {
				if r := e.check(tok); !r.Issued() {
					return fmt.Errorf("a token with + or / is refused by CheckTokenTime: %s", r.Exchange.Body)
				}
				return nil
			}
		}
		return fmt.Errorf("20 tokens without + or /")
	},
	irps.DialectTokenHex64: func(e *env) error {
		if tok := e.login(); !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(tok) {
			return fmt.Errorf("token %q is not 16 hex digits", tok)
		}
		return nil
	},
	irps.DialectJSONPretty: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if !bytes.HasPrefix(r.Exchange.Body, []byte("{\r\n  \"Success\": ")) || r.Exchange.Header.Get("Content-Type") != "text/plain" || !r.Issued() {
			return fmt.Errorf("answer %q (%s)", r.Exchange.Body, r.Exchange.Header.Get("Content-Type"))
		}
		return nil
	},
	irps.DialectJSONInString: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if ct := r.Exchange.Header.Get("Content-Type"); !r.DoubleEncoded || !r.Issued() || ct != "application/json; charset=utf-8" {
			return fmt.Errorf("answer %q with Content-Type %q", r.Exchange.Body, ct)
		}
		var text string
		if err := json.Unmarshal(r.Exchange.Body, &text); err != nil || !json.Valid([]byte(text)) {
			return fmt.Errorf("the body is not a JSON string holding JSON text: %q (%v)", r.Exchange.Body, err)
		}
		return nil
	},
	irps.DialectJSONContentType: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if ct := r.Exchange.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" || r.DoubleEncoded || !r.Issued() {
			return fmt.Errorf("answer %q with Content-Type %q", r.Exchange.Body, ct)
		}
		return nil
	},
	irps.DialectTextContentType: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if ct := r.Exchange.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !r.Issued() {
			return fmt.Errorf("answer with Content-Type %q", ct)
		}
		return nil
	},
	irps.DialectExtraFields: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).Without(irpc.FieldSignature))
		var m map[string]any
		if err := json.Unmarshal(r.Exchange.Body, &m); err != nil {
			return err
		}
		if _, ok := m["Version"]; !ok || r.Exchange.Header.Get("Set-Cookie") == "" || !strings.Contains(r.Exchange.Header.Get("Cache-Control"), "no-store") {
			return fmt.Errorf("answer %s with headers %v", r.Exchange.Body, r.Exchange.Header)
		}
		if tok, ok := m["AuthenticationToken"]; !ok || tok != nil {
			return fmt.Errorf("an error without \"AuthenticationToken\":null: %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectErrorStatus400: func(e *env) error {
		if r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).Without(irpc.FieldSignature)); r.Status() != 400 || r.FirstCode() != irpc.CodeRequired {
			return fmt.Errorf("an error answered HTTP %d", r.Status())
		}
		return nil
	},
	irps.DialectContentType415: func(e *env) error {
		_, err := e.c.Send(e.ctx, irpc.AuthenticatePath, e.authFields(0).Encode(irpc.Form), "text/plain")
		var we *wireErr
		if !errorsAs(err, &we) || we.Exchange == nil || we.Exchange.Status != 415 || len(we.Exchange.Body) != 0 {
			return fmt.Errorf("text/plain answered %v", err)
		}
		return nil
	},
	irps.DialectWholeSeconds: func(e *env) error {
		// At 12:00:00.9 a TimeStamp of 12:02:00 is 119.1 s ahead as an
		// instant (in), but 120 whole seconds ahead of the server's second
		// (out: the bound excluded).
		e.clk.Set(time.Date(2030, 1, 1, 12, 0, 0, 900_000_000, time.UTC))
		f := irpc.SignedAuthenticateFields(e.main.APIKey, e.main.SharedSecret, time.Date(2030, 1, 1, 12, 2, 0, 0, time.UTC))
		if r := e.send(irpc.AuthenticatePath, irpc.Form, f); r.Issued() || r.FirstCode() != irpc.CodeTimestampWindow {
			return fmt.Errorf("a TimeStamp 120 whole seconds ahead answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectReplayRefused: func(e *env) error {
		f := e.authFields(0)
		if r := e.send(irpc.AuthenticatePath, irpc.Form, f); !r.Issued() {
			return fmt.Errorf("first Authenticate: %s", r.Exchange.Body)
		}
		if r := e.send(irpc.AuthenticatePath, irpc.Form, f); r.Issued() || r.FirstCode() != irpc.CodeBadSignature {
			return fmt.Errorf("the same Authenticate again answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectCrossKey2002: func(e *env) error {
		r, err := e.c.CheckTokenTime(e.ctx, e.login(), demo(1).SharedSecret, e.clk.Now())
		if err != nil {
			return err
		}
		if r.Issued() || r.FirstCode() != irpc.CodeNoKeyForToken {
			return fmt.Errorf("a token checked with another key's secret answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectEmptyBody2010: func(e *env) error {
		if r := e.raw(irpc.AuthenticatePath, nil, irpc.ContentTypeForm); fmt.Sprint(r.Codes()) != "[2010]" {
			return fmt.Errorf("an empty body answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectTimestampFormat: func(e *env) error {
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0))
		if !regexp.MustCompile(`"Timestamp":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}"`).Match(r.Exchange.Body) {
			return fmt.Errorf("answer %s", r.Exchange.Body)
		}
		if _, err := r.ServerTime(); err != nil {
			return err
		}
		return nil
	},
	irps.DialectRemainingCeil: func(e *env) error {
		tok := e.login()
		e.clk.Advance(500 * time.Millisecond)
		if r := e.check(tok); r.MinutesRemaining != "05:00" {
			return fmt.Errorf("0.5 s after login MinutesRemaining is %q", r.MinutesRemaining)
		}
		return nil
	},
	irps.DialectExactFieldNames: func(e *env) error {
		if r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(0).Renamed(irpc.FieldAPIKey, "apikey")); r.Issued() || r.FirstCode() != irpc.CodeRequired {
			return fmt.Errorf("field apikey answered %s", r.Exchange.Body)
		}
		if r := e.send(irpc.AuthenticatePath, irpc.JSON, e.authFields(0).Renamed(irpc.FieldTimeStamp, "Timestamp")); !r.Issued() {
			return fmt.Errorf("field Timestamp (the seed's table) answered %s", r.Exchange.Body)
		}
		return nil
	},
	irps.DialectMalformed400: func(e *env) error {
		_, err := e.c.Send(e.ctx, irpc.AuthenticatePath, []byte(`{"APIKey":`), irpc.ContentTypeJSON)
		var we *wireErr
		if !errorsAs(err, &we) || we.Exchange == nil || we.Exchange.Status != 400 || string(we.Exchange.Body) != "Bad Request" {
			return fmt.Errorf("broken JSON answered %v", err)
		}
		return nil
	},
	irps.DialectCheckMinimal: func(e *env) error {
		r := e.check(e.login())
		if r.AuthenticationToken != "" || r.Signature != nil || r.MinutesRemaining == "" || !r.Success.OK() {
			return fmt.Errorf("CheckTokenTime answered %s", r.Exchange.Body)
		}
		return nil
	},
}

func TestEveryDialectShowsThroughTheWire(t *testing.T) {
	if len(dialectChecks) != len(irps.Dialects) {
		t.Fatalf("%d checks for %d dialects", len(dialectChecks), len(irps.Dialects))
	}
	for _, d := range irps.Dialects {
		check := dialectChecks[d.Name]
		if check == nil {
			t.Errorf("dialect %s has no check", d.Name)
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if err := check(startDialects(t, nil)); err == nil {
				t.Fatalf("the default server already speaks %s", d.Name)
			}
			if err := check(startDialects(t, []string{d.Name})); err != nil {
				t.Fatalf("%s (%s): %v", d.Name, d.Varies, err)
			}
		})
	}
}

// TestAllDialectsTogether: every dialect at once still logs in, checks a
// token and answers documented errors, and the settings they imply agree.
func TestAllDialectsTogether(t *testing.T) {
	on, err := refkit.ParseDialects("irp", irps.Dialects, []string{refkit.AllDialects})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := refkit.DialectSettings(irps.Dialects, on); err != nil {
		t.Fatal(err)
	}
	e := startDialects(t, []string{refkit.AllDialects})
	for i := range 3 {
		// replay-refused: every request signs another TimeStamp.
		r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(-time.Duration(i)*time.Second))
		if !r.Issued() {
			t.Fatalf("Authenticate: %s", r.Exchange.Body)
		}
		if r := e.check(r.AuthenticationToken); !r.Success.OK() || r.MinutesRemaining == "" {
			t.Fatalf("CheckTokenTime: %s", r.Exchange.Body)
		}
	}
	r := e.send(irpc.AuthenticatePath, irpc.Form, e.authFields(-time.Hour))
	if r.Status() != 400 || !r.HasCode(irpc.CodeTimestampWindow) {
		t.Fatalf("an old TimeStamp: HTTP %d %s", r.Status(), r.Exchange.Body)
	}
}

func TestDialectList(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, d := range irps.Dialects {
		if !kebab.MatchString(d.Name) || seen[d.Name] || d.Varies == "" {
			t.Errorf("dialect %+v", d)
		}
		seen[d.Name] = true
	}
	if d := irps.Descriptor(); len(d.Dialects) != len(irps.Dialects) {
		t.Fatal("the descriptor does not list the dialects")
	}
}
