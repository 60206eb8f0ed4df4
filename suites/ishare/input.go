package ishare

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bad input gets a documented answer - a documented error result or a
// soap:Fault, as the profile says - never a crash, an HTML error page or a
// session.
var _ = framework.Describe(profile, "bad input", func() {
	framework.It("ISHARE-FAULT-001", func() {
		c := specClient()
		a := mustAccount(0)
		full := string(c.Envelope(client.MethodCreateSessionKey, keyParams(a)...))
		env := c.Version.EnvelopeNamespace()
		decl := `<?xml version="1.0" encoding="utf-8"?>`
		for _, in := range []struct{ what, body string }{
			{"a truncated envelope", full[:len(full)/2]},
			{"a body that is not XML", "Username=" + a.Username + "; this is not XML"},
			{"an Envelope without Body", decl + `<soap:Envelope xmlns:soap="` + env + `"></soap:Envelope>`},
			{"an empty Body", decl + `<soap:Envelope xmlns:soap="` + env + `"><soap:Body></soap:Body></soap:Envelope>`},
		} {
			what := "a SOAP CreateSessionKey request with " + in.what
			r, err := sendCreateSessionKey(c, []byte(in.body), nil)
			noErr(err, what+" (a soap:Fault, not an HTML error page)")
			wantClientFault(r.Exchange, r.Fault, http.StatusInternalServerError, what, describeKey(r))
		}
	})

	framework.It("ISHARE-INPUT-001", func() {
		c := specClient()
		a := mustAccount(0)
		jsonBody, _ := json.Marshal(map[string]string{"Username": a.Username, "Password": a.Password, "Key": a.Key})
		form := url.Values{"Username": {a.Username}, "Password": {a.Password}, "Key": {a.Key}}.Encode()
		for _, in := range []struct {
			what, contentType string
			body              []byte
		}{
			{"JSON (application/json)", "application/json", jsonBody},
			{"a form (application/x-www-form-urlencoded)", "application/x-www-form-urlencoded", []byte(form)},
			{"a SOAP envelope without Content-Type", "", c.Envelope(client.MethodCreateSessionKey, keyParams(a)...)},
		} {
			h := http.Header{}
			if in.contentType != "" {
				h.Set("Content-Type", in.contentType)
			}
			what := "a POST of the CreateSessionKey parameters as " + in.what
			r, err := sendCreateSessionKey(c, in.body, h)
			noErr(err, what+" (HTTP 415 with a soap:Fault, not an HTML error page)")
			expect(!r.Success, "%s must be refused, but it issued a session key: %s", what, describeKey(r))
			wantClientFault(r.Exchange, r.Fault, http.StatusUnsupportedMediaType, what, describeKey(r))
		}
	})

	framework.It("ISHARE-INPUT-002", func() {
		c := specClient()
		a := mustAccount(0)
		long := strings.Repeat("A", 4096)
		odd := `<&>"'` + "\x01\x7f" + "ünï€😀\u202e" + "]]>"
		for _, in := range []struct{ what, password, key string }{
			{"a 4 KiB Password and Key", "p" + long, "k" + long},
			{"a one-character Password and Key", "x", "y"},
			{"XML-special, control and non-ASCII characters in Password and Key", odd, odd},
		} {
			what := "CreateSessionKey with " + in.what
			r, err := createSessionKey(framework.Ctx(), c, account{Username: a.Username, Password: in.password, Key: in.key})
			noErr(err, what)
			expect(!r.Success, "%s must be refused, but it issued a session key: %s", what, describeKey(r))
			_, documented := client.Descriptions[r.Code()]
			expect(r.Fault == nil && documented && r.Exchange.Status == http.StatusOK,
				"%s must answer a documented error (Success false, Error 1024 Client authentication failed or another documented code, HTTP 200), not a crash; got %s", what, describeKey(r))
		}
	})

	framework.It("ISHARE-INPUT-003", func() {
		c := specClient()
		key := login(c, mustAccount(0), "creating a key for the GetUserSchedule calls")
		for _, id := range []string{"seven", "7.5", "2147483648"} {
			what := "GetUserSchedule with ClientId " + id + " (not an xs:int)"
			r, err := sendGetUserSchedule(c, c.Envelope(client.MethodGetUserSchedule,
				client.Param{Name: "ClientId", Value: id}, client.Param{Name: "SessionKey", Value: key.SessionKey}))
			noErr(err, what+" (a soap:Fault, not an HTML error page)")
			expect(!r.Success, "%s must be refused, but it answered schedules: %s", what, describeSchedule(r))
			wantClientFault(r.Exchange, r.Fault, http.StatusInternalServerError, what, describeSchedule(r))
		}
	})
})
