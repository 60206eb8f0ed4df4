package ishare_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clock"
	refishare "github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/secrets"
)

// reference starts the reference server on a manual clock.
func reference(t *testing.T) (*ishare.Client, *clock.Manual) {
	t.Helper()
	mc := clock.NewManual()
	ts := httptest.NewServer(refishare.New(refkit.Options{TestClock: mc}))
	t.Cleanup(ts.Close)
	return ishare.New(ts.URL, ts.Client()), mc
}

// TestLifecycleAgainstReference walks CreateSessionKey → GetUserSchedule →
// expiry in SOAP 1.1, SOAP 1.2 and HTTP-GET, and checks that every secret
// is registered for masking.
func TestLifecycleAgainstReference(t *testing.T) {
	ctx := context.Background()
	a := refishare.DemoAccounts()[0]
	for _, mode := range []string{"soap11", "soap12", "get"} {
		t.Run(mode, func(t *testing.T) {
			c, mc := reference(t)
			if mode == "soap12" {
				c.Version = ishare.SOAP12
			}
			login, use := c.CreateSessionKey, c.GetUserSchedule
			if mode == "get" {
				login, use = c.CreateSessionKeyGET, c.GetUserScheduleGET
			}
			r, err := login(ctx, a.Username, a.Password, a.Key)
			if err != nil || !r.Success || r.ClientID != a.ClientID || r.SessionKey == "" || r.Error != nil {
				t.Fatalf("login: %v %+v", err, r)
			}
			for _, s := range []string{a.Password, a.Key, r.SessionKey} {
				if !slices.Contains(r.Exchange.Secrets, s) {
					t.Errorf("secret %q not registered: %v", s, r.Exchange.Secrets)
				}
			}
			var red secrets.Redactor
			red.Add(r.Exchange.Secrets...)
			if masked := red.Redact(string(r.Exchange.Body) + r.Exchange.URL + string(r.Exchange.RequestBody)); containsAny(masked, a.Password, a.Key, r.SessionKey) {
				t.Errorf("a secret survives masking:\n%s", masked)
			}
			s, err := use(ctx, r.ClientID, r.SessionKey)
			if err != nil || !s.Success || len(s.Schedules) != len(a.Schedules) || s.Schedules[0].UserID != a.Schedules[0].UserID {
				t.Fatalf("schedules: %v %+v", err, s)
			}
			if !slices.Contains(s.Exchange.Secrets, r.SessionKey) {
				t.Error("the session key sent to GetUserSchedule is not registered as a secret")
			}
			mc.Advance(20*time.Minute + time.Second)
			s, err = use(ctx, r.ClientID, r.SessionKey)
			if err != nil || s.Success || s.Code() != ishare.CodeInvalidSessionKey || s.Error.Description != "Invalid Session key provided" {
				t.Fatalf("after 20 minutes: %v %+v", err, s)
			}
		})
	}
}

// TestEveryDocumentedCodeAgainstReference provokes each code the
// reference answers (1001, 1019, 1023, 1024) and a soap:Fault. 1021 and
// 1022 belong to user-level methods outside Users.asmx's two methods.
func TestEveryDocumentedCodeAgainstReference(t *testing.T) {
	ctx := context.Background()
	c, _ := reference(t)
	demo := refishare.DemoAccounts()
	a, broken := demo[0], demo[3]
	codeOf := func(r *ishare.SessionKeyResult, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r.Code()
	}
	if got := codeOf(c.CreateSessionKey(ctx, a.Username, "wrong", a.Key)); got != ishare.CodeClientAuthFailed {
		t.Errorf("wrong password: %q", got)
	}
	if got := codeOf(c.CreateSessionKey(ctx, broken.Username, broken.Password, broken.Key)); got != ishare.CodeSessionKeyError {
		t.Errorf("brokenclient: %q", got)
	}
	if got := codeOf(c.CreateSessionKey(ctx, a.Username, a.Password, "")); got != ishare.CodeRequiredFields {
		t.Errorf("empty Key: %q", got)
	}
	if got := codeOf(c.CreateSessionKeyGET(ctx, "", a.Password, a.Key)); got != ishare.CodeRequiredFields {
		t.Errorf("GET empty Username: %q", got)
	}
	s, err := c.GetUserSchedule(ctx, a.ClientID, "no-such-key")
	if err != nil || s.Code() != ishare.CodeInvalidSessionKey {
		t.Errorf("unknown key: %v %+v", err, s)
	}
	x, err := c.Send(ctx, http.MethodPost, "", []byte("<soap:Envelope"), c.SOAPHeader(ishare.MethodCreateSessionKey))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.ParseCreateSessionKey(x)
	if err != nil || r.Code() != ishare.CodeSOAPFault || r.Fault.Code != "soap:Client" || x.Status != 500 {
		t.Errorf("malformed envelope: %v %+v", err, r)
	}
	for code, desc := range ishare.Descriptions {
		if issued, got := ishare.Classify(200, []byte("<Error><Code>"+code+"</Code><Description>"+desc+"</Description></Error><Success>false</Success>")); issued || got != code {
			t.Errorf("Classify of %s: %v %q", code, issued, got)
		}
	}
}

// TestClassifyAgainstReference checks Classify on real answers of each
// binding.
func TestClassifyAgainstReference(t *testing.T) {
	ctx := context.Background()
	c, _ := reference(t)
	a := refishare.DemoAccounts()[0]
	for _, tc := range []struct {
		name   string
		call   func() (*ishare.SessionKeyResult, error)
		issued bool
		code   string
	}{
		{"SOAP 1.1 success", func() (*ishare.SessionKeyResult, error) {
			return c.CreateSessionKey(ctx, a.Username, a.Password, a.Key)
		}, true, ""},
		{"GET success", func() (*ishare.SessionKeyResult, error) {
			return c.CreateSessionKeyGET(ctx, a.Username, a.Password, a.Key)
		}, true, ""},
		{"SOAP 1024", func() (*ishare.SessionKeyResult, error) { return c.CreateSessionKey(ctx, a.Username, "x", a.Key) }, false, "1024"},
	} {
		r, err := tc.call()
		if err != nil {
			t.Fatal(err)
		}
		if issued, code := ishare.Classify(r.Exchange.Status, r.Exchange.Body); issued != tc.issued || code != tc.code {
			t.Errorf("%s: Classify %v %q", tc.name, issued, code)
		}
	}
	x, err := c.Send(ctx, http.MethodPost, "", []byte("junk"), c.SOAPHeader(ishare.MethodCreateSessionKey))
	if err != nil {
		t.Fatal(err)
	}
	if issued, code := ishare.Classify(x.Status, x.Body); issued || code != ishare.CodeSOAPFault {
		t.Errorf("fault: %v %q", issued, code)
	}
}

// TestWSDLAgainstReference reads the reference's WSDL.
func TestWSDLAgainstReference(t *testing.T) {
	c, _ := reference(t)
	w, err := c.WSDL(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w.TargetNamespace != ishare.DefaultNamespace || !w.HasOperation(ishare.MethodCreateSessionKey) || !w.HasOperation(ishare.MethodGetUserSchedule) ||
		w.SOAPActions[ishare.MethodCreateSessionKey] != ishare.Action(ishare.DefaultNamespace, ishare.MethodCreateSessionKey) || w.Addresses["UsersSoap"] != c.BaseURL+ishare.DefaultPath {
		t.Errorf("WSDL %+v", w)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
