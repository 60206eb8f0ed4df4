package ishare_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// check observes one documented behaviour through the client and returns
// an error saying how it is broken, or nil.
type check struct {
	name   string
	faults []string // the faults this check exposes
	run    func(e *env) error
}

var checks = []check{
	{"a key belongs to one ClientId", []string{ishare.FaultClientIDNotBound}, func(e *env) error {
		mine := e.login(e.acct)
		if r := e.schedule(e.other.ClientID, mine.SessionKey); r.Success {
			return fmt.Errorf("client %d's key read client %d's schedules", mine.ClientID, e.other.ClientID)
		}
		return nil
	}},
	{"the key is not the password", []string{ishare.FaultSessionKeyEqualsPasswd}, func(e *env) error {
		if k := e.login(e.acct).SessionKey; k == e.acct.Password {
			return errors.New("the SessionKey is the client's Password")
		}
		return nil
	}},
	{"keys are not sequential", []string{ishare.FaultSequentialTokens}, func(e *env) error {
		a, b := e.login(e.acct).SessionKey, e.login(e.acct).SessionKey
		if n := commonPrefix(a, b); n >= 20 {
			return fmt.Errorf("consecutive keys %s and %s share %d leading characters", a, b, n)
		}
		return nil
	}},
	{"keys do not repeat", []string{ishare.FaultLowEntropyTokens}, func(e *env) error {
		// 1500 keys from 2^16 values repeat with odds of 1 - 4e-8.
		return parallelLogins(e, 1500)
	}},
	{"keys expire", []string{ishare.FaultTokensNeverExpire}, func(e *env) error {
		r := e.login(e.acct)
		e.clock.Advance(21 * minute)
		if s := e.schedule(r.ClientID, r.SessionKey); s.Success {
			return errors.New("a key was accepted 21 minutes after creation")
		}
		return nil
	}},
	{"every login issues a new key", []string{ishare.FaultKeyReusedOnLogin}, func(e *env) error {
		if a, b := e.login(e.acct).SessionKey, e.login(e.acct).SessionKey; a == b {
			return fmt.Errorf("two logins got the same key %s", a)
		}
		return nil
	}},
	{"the Key is checked", []string{ishare.FaultKeyNotChecked}, func(e *env) error {
		r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.other.Key)
		if err != nil {
			return err
		}
		if r.Success {
			return errors.New("a wrong Key was accepted")
		}
		return nil
	}},
	{"bad credentials answer 1024", []string{ishare.FaultWrongErrorCode}, func(e *env) error {
		r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "not-the-password", e.acct.Key)
		if err != nil {
			return err
		}
		if r.Code() != client.CodeClientAuthFailed {
			return fmt.Errorf("a wrong password answered %q, want 1024", r.Code())
		}
		return nil
	}},
	{"a missing parameter answers 1023", []string{ishare.FaultRequiredFieldsUnchecked}, func(e *env) error {
		body := e.c.Envelope(client.MethodCreateSessionKey, client.Param{Name: "Username", Value: e.acct.Username}, client.Param{Name: "Password", Value: e.acct.Password})
		r, err := e.c.ParseCreateSessionKey(e.send(client.MethodCreateSessionKey, body))
		if err != nil {
			return err
		}
		if r.Code() != client.CodeRequiredFields {
			return fmt.Errorf("a call without Key answered %q (%s), want 1023", r.Code(), describe(r.Error, r.Fault))
		}
		return nil
	}},
	{"HTTP-GET results carry Success", []string{ishare.FaultMissingSuccessElement}, func(e *env) error {
		_, err := e.c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
		return err
	}},
	{"a 1019 failure says Success false", []string{ishare.FaultSuccessTrueOnFailure}, func(e *env) error {
		broken := ishare.DemoAccounts()[3]
		r, err := e.c.CreateSessionKey(ctx(), broken.Username, broken.Password, broken.Key)
		if err != nil {
			return err
		}
		if r.Success || r.Code() != client.CodeSessionKeyError {
			return fmt.Errorf("the 1019 client got Success=%v %s", r.Success, describe(r.Error, r.Fault))
		}
		return nil
	}},
	{"sessions live their whole lifetime", []string{ishare.FaultExpiryShort}, func(e *env) error {
		r := e.login(e.acct)
		e.clock.Advance(19 * minute)
		if s := e.schedule(r.ClientID, r.SessionKey); !s.Success {
			return fmt.Errorf("a key was refused 19 minutes after creation: %s", describe(s.Error, s.Fault))
		}
		return nil
	}},
	{"a new key does not revoke the old one", []string{ishare.FaultNewKeyRevokesOld}, func(e *env) error {
		first := e.login(e.acct)
		e.login(e.acct)
		if s := e.schedule(first.ClientID, first.SessionKey); !s.Success {
			return fmt.Errorf("the first key was refused after a second login: %s", describe(s.Error, s.Fault))
		}
		return nil
	}},
	{"an unknown user answers 1024", []string{ishare.FaultUnknownUser1022}, func(e *env) error {
		r, err := e.c.CreateSessionKey(ctx(), "nobody-here", e.acct.Password, e.acct.Key)
		if err != nil {
			return err
		}
		if r.Code() != client.CodeClientAuthFailed {
			return fmt.Errorf("an unknown user answered %q, want 1024", r.Code())
		}
		return nil
	}},
	{"a key never issued answers 1001", []string{ishare.FaultInvalidKeyWrongCode}, func(e *env) error {
		s := e.schedule(e.acct.ClientID, "3c0b7a52-5f0e-4d55-9f5c-2b8e6d0a4f13")
		if s.Code() != client.CodeInvalidSessionKey {
			return fmt.Errorf("a key never issued answered %q, want 1001", s.Code())
		}
		return nil
	}},
	{"long values answer 1024", []string{ishare.FaultLongFieldCrashes}, func(e *env) error {
		r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, strings.Repeat("p", 4096), e.acct.Key)
		if err != nil {
			return err
		}
		if r.Code() != client.CodeClientAuthFailed {
			return fmt.Errorf("a 4 KiB Password answered %q (%s), want 1024", r.Code(), describe(r.Error, r.Fault))
		}
		return nil
	}},
	{"answers are not cacheable", []string{ishare.FaultCacheableAnswers}, func(e *env) error {
		if cc := e.login(e.acct).Exchange.Header.Get("Cache-Control"); cc != "no-store" {
			return fmt.Errorf("Cache-Control %q, want no-store", cc)
		}
		return nil
	}},
	{"SOAP 1.2 is answered", []string{ishare.FaultSOAP12Refused}, func(e *env) error {
		c := *e.c
		c.Version = client.SOAP12
		r, err := c.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
		if err != nil {
			return err
		}
		if !r.Success {
			return fmt.Errorf("a SOAP 1.2 call got %s", describe(r.Error, r.Fault))
		}
		return nil
	}},
	{"the HTTP-GET root is the one the WSDL declares", []string{ishare.FaultGETRootNotDeclared}, func(e *env) error {
		w, err := e.c.WSDL(ctx())
		if err != nil {
			return err
		}
		c := *e.c
		c.Follow(w)
		r, err := c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
		if err != nil {
			return err
		}
		if !r.Success {
			return fmt.Errorf("GET login got %s", describe(r.Error, nil))
		}
		return nil
	}},
	{"errors do not leak internals", []string{ishare.FaultInternalsLeaked}, func(e *env) error {
		r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "not-the-password", e.acct.Key)
		if err != nil {
			return err
		}
		for _, smell := range []string{"Exception", "   at ", ".cs:line", "dbo."} {
			if r.Error != nil && strings.Contains(r.Error.Description, smell) {
				return fmt.Errorf("the Description leaks %q: %.80s…", smell, r.Error.Description)
			}
		}
		return nil
	}},
	{"secrets are not echoed", []string{ishare.FaultPasswordEchoed}, func(e *env) error {
		const sent = "Guess-Number-42"
		r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, sent, e.acct.Key)
		if err != nil {
			return err
		}
		if strings.Contains(string(r.Exchange.Body), sent) {
			return errors.New("the answer echoes the Password that was sent")
		}
		return nil
	}},
	{"the WSDL is served", []string{ishare.FaultWSDLMissing}, func(e *env) error {
		_, err := e.c.WSDL(ctx())
		return err
	}},
	{"the path is case-insensitive", []string{ishare.FaultPathCaseSensitive}, func(e *env) error {
		c := *e.c
		c.Path = "/users.asmx"
		_, err := c.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
		return err
	}},
	{"malformed requests get a soap:Fault", []string{ishare.FaultMalformedHTMLError}, func(e *env) error {
		r, err := e.c.ParseCreateSessionKey(e.send(client.MethodCreateSessionKey, []byte("<soap:Envelope")))
		if err != nil {
			return err
		}
		if r.Fault == nil {
			return errors.New("no soap:Fault")
		}
		return nil
	}},
}

// commonPrefix is the length of the common prefix of a and b.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// parallelLogins logs in n times over 8 connections and reports the first
// repeated key (or failed login).
func parallelLogins(e *env, n int) error {
	var (
		mu   sync.Mutex
		seen = make(map[string]bool, n)
		dup  error
		wg   sync.WaitGroup
	)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n/8; i++ {
				r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
				mu.Lock()
				switch {
				case dup != nil:
				case err != nil:
					dup = err
				case seen[r.SessionKey]:
					dup = fmt.Errorf("key %s issued twice in %d logins", r.SessionKey, len(seen)+1)
				default:
					seen[r.SessionKey] = true
				}
				stop := dup != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		}()
	}
	wg.Wait()
	return dup
}

// TestChecksPassOnTheCleanServer runs every check against a server without
// faults.
func TestChecksPassOnTheCleanServer(t *testing.T) {
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if err := c.run(start(t, refkit.Options{})); err != nil {
				t.Fatalf("clean server: %v", err)
			}
		})
	}
}

// TestEveryFaultIsObservable runs each fault's check against a server with
// only that fault and requires the check to see the broken behaviour.
func TestEveryFaultIsObservable(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range checks {
		for _, f := range c.faults {
			covered[f] = true
			t.Run(f, func(t *testing.T) {
				err := c.run(start(t, refkit.Options{}, f))
				if err == nil {
					t.Fatalf("fault %s: check %q still passes", f, c.name)
				}
				t.Logf("%s → %v", f, err)
			})
		}
	}
	for _, f := range ishare.Faults {
		if !covered[f.Name] {
			t.Errorf("fault %s has no check", f.Name)
		}
	}
}

// TestFaultsAreNamedAndDescribed checks the fault list: kebab-case names,
// unique, each with a one-line Breaks.
func TestFaultsAreNamedAndDescribed(t *testing.T) {
	if len(ishare.Faults) < 8 {
		t.Fatalf("%d faults, want at least 8", len(ishare.Faults))
	}
	seen := map[string]bool{}
	for _, f := range ishare.Faults {
		if seen[f.Name] || f.Name != strings.ToLower(f.Name) || strings.ContainsAny(f.Name, " _") {
			t.Errorf("fault name %q: want unique kebab-case", f.Name)
		}
		seen[f.Name] = true
		if f.Breaks == "" || strings.Contains(f.Breaks, "\n") {
			t.Errorf("fault %s: Breaks must be one line", f.Name)
		}
	}
	if _, err := refkit.ParseFaults("ishare", ishare.Faults, []string{"no-such-fault"}); err == nil {
		t.Error("an unknown fault name was accepted")
	}
}

// TestFaultsBreakOnlyTheirBehaviour runs the main flow (login, schedules,
// 1024, WSDL) on servers with faults that must not touch it.
func TestFaultsBreakOnlyTheirBehaviour(t *testing.T) {
	for _, f := range []string{ishare.FaultClientIDNotBound, ishare.FaultTokensNeverExpire, ishare.FaultKeyReusedOnLogin,
		ishare.FaultSequentialTokens, ishare.FaultLowEntropyTokens, ishare.FaultWSDLMissing, ishare.FaultExpiryShort,
		ishare.FaultNewKeyRevokesOld, ishare.FaultUnknownUser1022, ishare.FaultInvalidKeyWrongCode, ishare.FaultLongFieldCrashes,
		ishare.FaultMissingSuccessElement, ishare.FaultSuccessTrueOnFailure, ishare.FaultCacheableAnswers,
		ishare.FaultSOAP12Refused, ishare.FaultGETRootNotDeclared} {
		t.Run(f, func(t *testing.T) {
			e := start(t, refkit.Options{}, f)
			r := e.login(e.acct)
			wantSchedules(t, "own key", e.schedule(r.ClientID, r.SessionKey), e.acct)
			bad, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "nope", e.acct.Key)
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, "wrong password", bad, client.CodeClientAuthFailed)
			x, err := e.c.Send(ctx(), http.MethodPost, "", []byte("{}"), http.Header{"Content-Type": {"application/json"}})
			if err != nil || x.Status != http.StatusUnsupportedMediaType {
				t.Errorf("wrong media type: %v %v", err, x)
			}
		})
	}
	// The HTML page replaces only faults for unreadable requests.
	e := start(t, refkit.Options{}, ishare.FaultMalformedHTMLError)
	r := e.login(e.acct)
	wantSchedules(t, "own key with malformed-html-error", e.schedule(r.ClientID, r.SessionKey), e.acct)
	if x, err := e.c.Send(ctx(), http.MethodPost, "", []byte("{}"), http.Header{"Content-Type": {"application/json"}}); err != nil || x.ContentType() != "text/html" {
		t.Errorf("wrong media type with malformed-html-error: want the HTML page, got %v %v", err, x)
	}
	x := e.send(client.MethodCreateSessionKey, []byte(env11Open+`<Nope xmlns="http://tempuri.org/"/>`+envClose))
	wantFault(t, e.c, "unknown method with malformed-html-error", x, 500, "Client", "did not recognize")
	if _, err := e.c.ParseCreateSessionKey(e.send(client.MethodCreateSessionKey, []byte("<x"))); wire.KindOf(err) != wire.KindContentType {
		t.Errorf("malformed envelope with malformed-html-error: want a content-type error, got %v", err)
	}
}
