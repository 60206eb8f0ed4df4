package irp_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	irps "github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// env is a reference server on a manual clock with a client pointed at it.
type env struct {
	t      *testing.T
	clk    *clock.Manual
	srv    *httptest.Server
	c      *irpc.Client
	main   irps.Account
	ctx    context.Context
	faults []string
}

// demo returns the demo account with the given index (0 main, 3 inactive,
// 4 IP-restricted).
func demo(i int) irps.Account { return irps.DemoAccounts()[i] }

func start(t *testing.T, faults ...string) *env {
	t.Helper()
	return startWith(t, refkit.Options{}, faults...)
}

func startWith(t *testing.T, o refkit.Options, faults ...string) *env {
	t.Helper()
	set, err := refkit.ParseFaults("irp", irps.Faults, faults)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewManual()
	o.TestClock, o.Clock, o.Faults = clk, clk, set
	srv := httptest.NewServer(irps.New(o))
	t.Cleanup(srv.Close)
	return &env{t: t, clk: clk, srv: srv, c: irpc.New(srv.URL, srv.Client()), main: demo(0), ctx: context.Background(), faults: faults}
}

// login authenticates the main account now and fails the test unless a
// token is issued.
func (e *env) login() string {
	e.t.Helper()
	r, err := e.c.Authenticate(e.ctx, e.main.APIKey, e.main.SharedSecret, e.clk.Now())
	if err != nil {
		e.t.Fatalf("Authenticate: %v", err)
	}
	if !r.Issued() {
		e.t.Fatalf("Authenticate issued no token: %s", r.Exchange.Body)
	}
	return r.AuthenticationToken
}

// check runs CheckTokenTime for token now.
func (e *env) check(token string) *irpc.Response {
	e.t.Helper()
	r, err := e.c.CheckTokenTime(e.ctx, token, e.main.SharedSecret, e.clk.Now())
	if err != nil {
		e.t.Fatalf("CheckTokenTime: %v", err)
	}
	return r
}

// send posts fields to path in enc and fails the test on a Go error.
func (e *env) send(path string, enc irpc.Encoding, f irpc.Fields) *irpc.Response {
	e.t.Helper()
	r, err := e.c.SendFields(e.ctx, path, enc, f)
	if err != nil {
		e.t.Fatalf("SendFields %s: %v", f.Encode(enc), err)
	}
	return r
}

// raw posts a body as it stands.
func (e *env) raw(path string, body []byte, contentType string) *irpc.Response {
	e.t.Helper()
	r, err := e.c.Send(e.ctx, path, body, contentType)
	if err != nil {
		e.t.Fatalf("Send %q: %v", body, err)
	}
	return r
}

// authFields returns correct Authenticate fields for the main account,
// signed at now+skew.
func (e *env) authFields(skew time.Duration) irpc.Fields {
	return irpc.SignedAuthenticateFields(e.main.APIKey, e.main.SharedSecret, e.clk.Now().Add(skew))
}

// expectError checks a documented error answer: HTTP 200, Success false,
// Signature null, no token, a TimeStamp, and the codes with the fields
// their messages name.
func expectError(t *testing.T, r *irpc.Response, want ...string) {
	t.Helper()
	if r.Status() != 200 || r.Success != irpc.SuccessFalse || r.Signature != nil || r.AuthenticationToken != "" || r.Issued() {
		t.Errorf("not a documented error answer (status %d): %s", r.Status(), r.Exchange.Body)
	}
	if _, err := r.ServerTime(); err != nil {
		t.Errorf("error answer TimeStamp: %v", err)
	}
	if strings.Contains(string(r.Exchange.Body), `"AuthenticationToken"`) {
		t.Errorf("error answer carries an AuthenticationToken field: %s", r.Exchange.Body)
	}
	var got []string
	for _, m := range r.Messages {
		got = append(got, codeParam(m.Code, m.Parameter()))
		if !strings.HasSuffix(m.Message, ".(Parameter="+m.Parameter()+")") || m.Parameter() == "" {
			t.Errorf("message %q does not end with .(Parameter=Field)", m.Message)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("messages %v, want %v: %s", got, want, r.Exchange.Body)
	}
	if issued, code := irpc.Classify(r.Status(), r.Exchange.Body); issued || len(want) > 0 && code != strings.Split(want[0], "/")[0] {
		t.Errorf("Classify = %v %q, want %s", issued, code, want)
	}
}

func codeParam(code int, param string) string {
	return strconv.Itoa(code) + "/" + param
}

func errorsAs(err error, target **wire.Error) bool { return errors.As(err, target) }

type wireErr = wire.Error
