package ishare

import (
	"net/http"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// The shared session-security checks (profiles.md, Every profile). The
// API has no logout: the sampled keys expire on their own.
var _ = framework.SessionSecurity{
	Profile: profile,
	Noun:    "SessionKey",
	IDs: framework.SessionSecurityIDs{
		Entropy:       "ISHARE-SEC-001",
		Unique:        "ISHARE-SEC-002",
		FreshPerLogin: "ISHARE-SEC-003",
		NotDerived:    "ISHARE-SEC-004",
		NoEcho:        "ISHARE-SEC-005",
		NoInternals:   "ISHARE-SEC-006",
		NoEnumeration: "ISHARE-SEC-007",
		NoStore:       "ISHARE-SEC-009",
	},
	Login: func(a framework.Account) *framework.Answer {
		ans, _ := login(api.Client(), a, "CreateSessionKey")
		return ans
	},
	WrongPassword: wrongPassword,
	UnknownUser:   unknownUser,
	Refusals: func(a framework.Account) []*framework.Answer {
		c := api.Client()
		s, r := login(c, a, "CreateSessionKey")
		// (A missing parameter is left out: a server that crashes on it is
		// the REQ specs' finding, whatever its crash text says.)
		out := []*framework.Answer{
			sendKey(c, "a truncated CreateSessionKey envelope", []byte(`<?xml version="1.0"?><soap:Envelope xmlns:soap="`+c.Version.EnvelopeNamespace()+`"><soap:Body><CreateSessionKey`), nil),
			sendKey(c, "CreateSessionKey posted as JSON", []byte(`{"Username":"`+a.Get(client.CredUsername)+`"}`), http.Header{"Content-Type": {"application/json"}}),
		}
		if s.OK {
			ans, _ := schedule(framework.Ctx(), c, r.ClientID, neverIssuedKey(), "GetUserSchedule with the client's ClientId and a key never issued")
			out = append(out, ans)
		}
		return out
	},
	EnumerationNote: "the seed documents one error for a client that fails to authenticate, 1024 Client authentication failed",
}.Register()

var _ = framework.Describe(profile, "session security: keys in URLs", func() {
	framework.It("ISHARE-SEC-008", func() {
		t, c := api.Target(), api.Client()
		path := getPath(c, client.MethodGetUserSchedule)
		s := mustLogin(c, api.Account(0), "CreateSessionKey")
		r, err := c.GetUserScheduleGET(framework.Ctx(), s.clientID, s.key)
		if ans := scheduleAnswer("GET "+path+"?ClientId=…&SessionKey=… with a live key", client.OpGetUserScheduleGET, r, err); !ans.Documented() || !ans.OK {
			return
		}
		if !t.Bool(client.SettingHTTPGet) {
			framework.Warn("http_get is false, but the HTTP-GET binding still accepts the SessionKey in the URL query (GET %s?ClientId=…&SessionKey=… answered Success true): keys in URLs end up in logs; switch the binding off", path)
			return
		}
		framework.Warn("the HTTP-GET binding accepts the SessionKey in the URL query (GET %s?ClientId=…&SessionKey=…, and CreateSessionKey takes the Password there too): URLs end up in server and proxy logs and browser history. The vendor documents this binding; switch it off (web.config <webServices><protocols><remove name=\"HttpGet\"/>) where no client needs it, and set http_get: false", path)
	})
})
