package ishare

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bad input (profiles.md, Every profile: "bad input (missing, short, long,
// mistyped, malformed body, wrong content type) gets its documented error,
// not a 5xx crash"): turned away - a documented refusal, or a 4xx with any
// body - never a key and never a crash. Which refusal is the target's
// choice (observed; the malformed_status and media_type_status pins fix
// the status).
var _ = framework.Describe(profile, "bad input", func() {
	framework.It("ISHARE-FAULT-001", func() {
		t, c, a := api.Target(), api.Client(), api.Account(0)
		full := string(c.Envelope(client.MethodCreateSessionKey, keyParams(a)...))
		env := c.Version.EnvelopeNamespace()
		decl := `<?xml version="1.0" encoding="utf-8"?>`
		for _, in := range []struct{ what, body string }{
			{"a truncated envelope", full[:len(full)/2]},
			{"a body that is not XML", "Username=" + a.Get(client.CredUsername) + "; this is not XML"},
			{"an Envelope without Body", decl + `<soap:Envelope xmlns:soap="` + env + `"></soap:Envelope>`},
			{"an empty Body", decl + `<soap:Envelope xmlns:soap="` + env + `"><soap:Body></soap:Body></soap:Envelope>`},
		} {
			ans := t.Observe("an unreadable SOAP request", sendKey(c, "a SOAP CreateSessionKey request with "+in.what, []byte(in.body), nil))
			Expect(ans).To(beTurnedAwayBySOAP(t.Pin(client.PinMalformedStatus)))
		}
	})

	framework.It("ISHARE-INPUT-001", func() {
		t, c, a := api.Target(), api.Client(), api.Account(0)
		jsonBody, _ := json.Marshal(map[string]string{"Username": a.Get(client.CredUsername), "Password": a.Get(client.CredPassword), "Key": a.Get(client.CredKey)})
		form := url.Values{"Username": {a.Get(client.CredUsername)}, "Password": {a.Get(client.CredPassword)}, "Key": {a.Get(client.CredKey)}}.Encode()
		for _, in := range []struct {
			what, contentType string
			body              []byte
		}{
			{"JSON (application/json)", "application/json", jsonBody},
			{"a form (application/x-www-form-urlencoded)", "application/x-www-form-urlencoded", []byte(form)},
		} {
			h := http.Header{"Content-Type": {in.contentType}}
			ans := t.Observe("a POST with a non-SOAP media type", sendKey(c, "a POST of the CreateSessionKey parameters as "+in.what, in.body, h))
			Expect(ans).To(beTurnedAwayBySOAP(t.Pin(client.PinMediaTypeStatus)))
		}
		// Without any Content-Type a server may read the envelope as SOAP or
		// refuse it: only a crash is wrong.
		ans := t.Observe("a SOAP envelope without Content-Type", sendKey(c, "a CreateSessionKey envelope without Content-Type", c.Envelope(client.MethodCreateSessionKey, keyParams(a)...), http.Header{}))
		Expect(ans).To(framework.NotCrash())
	})

	framework.It("ISHARE-INPUT-002", func() {
		t, c, a := api.Target(), api.Client(), api.Account(0)
		long := strings.Repeat("A", 4096)
		odd := `<&>"'` + "\x01\x7f" + "ünï€😀\u202e" + "]]>"
		for _, in := range []struct{ what, password, key string }{
			{"a 4 KiB Password and Key", "p" + long, "k" + long},
			{"a one-character Password and Key", "x", "y"},
			{"XML-special, control and non-ASCII characters in Password and Key", odd, odd},
		} {
			sent := a.With(client.CredPassword, in.password).With(client.CredKey, in.key)
			ans, _ := login(c, sent, "CreateSessionKey with "+in.what)
			Expect(t.Observe("CreateSessionKey with an odd Password and Key", ans)).To(framework.BeTurnedAway(nil, nil))
		}
	})

	framework.It("ISHARE-INPUT-003", func() {
		t, c := api.Target(), api.Client()
		s := mustLogin(c, api.Account(0), "creating a key for the GetUserSchedule calls")
		for _, id := range []string{"seven", "7.5", "2147483648"} {
			body := c.Envelope(client.MethodGetUserSchedule, client.Param{Name: "ClientId", Value: id}, client.Param{Name: "SessionKey", Value: s.key})
			ans := sendSchedule(c, "GetUserSchedule with ClientId "+strconv.Quote(id)+" (not an xs:int) and a live key", body)
			Expect(t.Observe("GetUserSchedule with a ClientId that is not an xs:int", ans)).To(beTurnedAwayBySOAP(nil))
		}
	})
})
