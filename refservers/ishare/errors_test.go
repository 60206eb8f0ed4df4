package ishare_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// TestClientAuthenticationFailed checks 1024 for every wrong credential,
// in each binding, and that the failure carries no ClientId or key.
func TestClientAuthenticationFailed(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	cases := []struct{ name, user, pass, key string }{
		{"unknown user", "nosuchclient", a.Password, a.Key},
		{"wrong password", a.Username, a.Password + "x", a.Key},
		{"wrong key", a.Username, a.Password, "00000000-0000-0000-0000-000000000000"},
		{"username case differs", strings.ToUpper(a.Username), a.Password, a.Key},
		{"password case differs", a.Username, strings.ToUpper(a.Password), a.Key},
		{"another client's key", a.Username, a.Password, e.other.Key},
		{"another client's password", a.Username, e.other.Password, a.Key},
		{"wrong password for the 1019 client", "brokenclient", "nope", ishare.DemoAccounts()[3].Key},
	}
	for _, v := range []client.SOAPVersion{client.SOAP11, client.SOAP12} {
		e.c.Version = v
		for _, tc := range cases {
			r, err := e.c.CreateSessionKey(ctx(), tc.user, tc.pass, tc.key)
			if err != nil {
				t.Fatalf("SOAP %s %s: %v", v, tc.name, err)
			}
			wantError(t, "SOAP "+v.String()+" "+tc.name, r, client.CodeClientAuthFailed)
		}
	}
	for _, tc := range cases {
		r, err := e.c.CreateSessionKeyGET(ctx(), tc.user, tc.pass, tc.key)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.name, err)
		}
		wantError(t, "GET "+tc.name, r, client.CodeClientAuthFailed)
	}
}

// TestErrorCreatingSessionKey checks 1019 for the demo client whose
// sessions cannot be created, once its credentials are right.
func TestErrorCreatingSessionKey(t *testing.T) {
	e := start(t, refkit.Options{})
	b := ishare.DemoAccounts()[3]
	if !b.FailSessionCreation {
		t.Fatal("the fourth demo account is not the 1019 account")
	}
	r, err := e.c.CreateSessionKey(ctx(), b.Username, b.Password, b.Key)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, "SOAP brokenclient", r, client.CodeSessionKeyError)
	r, err = e.c.CreateSessionKeyGET(ctx(), b.Username, b.Password, b.Key)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, "GET brokenclient", r, client.CodeSessionKeyError)
	if n := e.srv.Sessions(); n != 0 {
		t.Errorf("a failed creation left %d sessions", n)
	}
}

// TestRequiredFieldsIncomplete checks 1023 for a missing, empty or blank
// parameter of either method, in SOAP and HTTP-GET.
func TestRequiredFieldsIncomplete(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	full := map[string]string{"Username": a.Username, "Password": a.Password, "Key": a.Key}
	for _, name := range []string{"Username", "Password", "Key"} {
		for _, variant := range []string{"missing", "empty", "blank"} {
			var params []client.Param
			q := "?"
			for _, p := range []string{"Username", "Password", "Key"} {
				v := full[p]
				if p == name {
					if variant == "missing" {
						continue
					}
					v = map[string]string{"empty": "", "blank": "  \t"}[variant]
				}
				params = append(params, client.Param{Name: p, Value: v})
				q += p + "=" + url.QueryEscape(v) + "&"
			}
			what := name + " " + variant
			r, err := e.c.ParseCreateSessionKey(e.send(client.MethodCreateSessionKey, e.c.Envelope(client.MethodCreateSessionKey, params...)))
			if err != nil {
				t.Fatalf("SOAP %s: %v", what, err)
			}
			wantError(t, "SOAP "+what, r, client.CodeRequiredFields)
			x, err := e.c.Send(ctx(), http.MethodGet, "/Users.asmx/CreateSessionKey"+q, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if r, err = e.c.ParseCreateSessionKeyGET(x); err != nil {
				t.Fatalf("GET %s: %v", what, err)
			}
			wantError(t, "GET "+what, r, client.CodeRequiredFields)
		}
	}
	x := e.send(client.MethodCreateSessionKey, e.c.Envelope(client.MethodCreateSessionKey))
	if r, err := e.c.ParseCreateSessionKey(x); err != nil {
		t.Fatal(err)
	} else {
		wantError(t, "SOAP <CreateSessionKey/> without parameters", r, client.CodeRequiredFields)
	}

	key := e.login(a).SessionKey
	for _, tc := range []struct {
		name   string
		params []client.Param
		query  string
	}{
		{"ClientId missing", []client.Param{{Name: "SessionKey", Value: key}}, "SessionKey=" + key},
		{"ClientId empty", []client.Param{{Name: "ClientId"}, {Name: "SessionKey", Value: key}}, "ClientId=&SessionKey=" + key},
		{"SessionKey missing", []client.Param{{Name: "ClientId", Value: "7"}}, "ClientId=7"},
		{"SessionKey empty", []client.Param{{Name: "ClientId", Value: "7"}, {Name: "SessionKey"}}, "ClientId=7&SessionKey="},
		{"SessionKey blank", []client.Param{{Name: "ClientId", Value: "7"}, {Name: "SessionKey", Value: " "}}, "ClientId=7&SessionKey=+"},
	} {
		r, err := e.c.ParseGetUserSchedule(e.send(client.MethodGetUserSchedule, e.c.Envelope(client.MethodGetUserSchedule, tc.params...)))
		if err != nil {
			t.Fatalf("SOAP %s: %v", tc.name, err)
		}
		wantScheduleError(t, "SOAP "+tc.name, r, client.CodeRequiredFields)
		x, err := e.c.Send(ctx(), http.MethodGet, "/Users.asmx/GetUserSchedule?"+tc.query, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		rg, err := e.c.ParseGetUserScheduleGET(x)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.name, err)
		}
		wantScheduleError(t, "GET "+tc.name, rg, client.CodeRequiredFields)
	}
	// In the HTTP-GET binding a ClientId that is not an integer is a
	// parameter the method cannot use: 1023 (SOAP answers a fault, see
	// TestSOAPFaults).
	x, err := e.c.Send(ctx(), http.MethodGet, "/Users.asmx/GetUserSchedule?ClientId=seven&SessionKey="+key, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := e.c.ParseGetUserScheduleGET(x); err != nil {
		t.Fatal(err)
	} else {
		wantScheduleError(t, "GET ClientId=seven", r, client.CodeRequiredFields)
	}
}

// TestInvalidSessionKey checks 1001 for a key never issued, an expired
// key and a key presented with another ClientId.
func TestInvalidSessionKey(t *testing.T) {
	e := start(t, refkit.Options{})
	mine := e.login(e.acct)
	theirs := e.login(e.other)
	check := func(what string, id int, key string) {
		t.Helper()
		wantScheduleError(t, "SOAP "+what, e.schedule(id, key), client.CodeInvalidSessionKey)
		r, err := e.c.GetUserScheduleGET(ctx(), id, key)
		if err != nil {
			t.Fatalf("GET %s: %v", what, err)
		}
		wantScheduleError(t, "GET "+what, r, client.CodeInvalidSessionKey)
	}
	check("a key never issued", mine.ClientID, "6c1f4e8e-2b1a-4c8e-9d3f-0a1b2c3d4e5f")
	check("a key in another case", mine.ClientID, strings.ToUpper(mine.SessionKey))
	check("my key with their ClientId", theirs.ClientID, mine.SessionKey)
	check("their key with my ClientId", mine.ClientID, theirs.SessionKey)
	check("my key with an unknown ClientId", 0, mine.SessionKey)
	check("the password as key", mine.ClientID, e.acct.Password)
	wantSchedules(t, "my key with my ClientId after the refusals", e.schedule(mine.ClientID, mine.SessionKey), e.acct)
	e.clock.Advance(20*minute + 1)
	check("an expired key", mine.ClientID, mine.SessionKey)
}
