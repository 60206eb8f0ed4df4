package ishare

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// headerWithAction returns the SOAP headers of a CreateSessionKey call of
// c's version with another action.
func headerWithAction(c *client.Client, action string) http.Header {
	h := c.SOAPHeader(client.MethodCreateSessionKey)
	if c.Version == client.SOAP12 {
		h.Set("Content-Type", `application/soap+xml; charset=utf-8; action="`+action+`"`)
	} else {
		h.Set("SOAPAction", `"`+action+`"`)
	}
	return h
}

var _ = framework.Describe(profile, "the HTTP-GET binding", func() {
	BeforeEach(func() {
		if why := httpGetOff(target()); why != "" {
			Skip(why)
		}
	})

	framework.It("ISHARE-GET-001", func() {
		c := specClient()
		a := mustAccount(0)
		what := "GET " + getPath(c, client.MethodCreateSessionKey) + "?Username=…&Password=…&Key=…"
		r, err := c.CreateSessionKeyGET(framework.Ctx(), a.Username, a.Password, a.Key)
		noErr(err, what+getHint)
		expect(r.Success && r.HasClientID && r.SessionKey != "", "%s with the configured credentials must answer a SessionKeyResult with Success true, ClientId and SessionKey; got %s", what, describeKey(r))
		s, err := getUserSchedule(framework.Ctx(), c, r.ClientID, r.SessionKey)
		noErr(err, "GetUserSchedule with the key the HTTP-GET binding issued")
		expect(s.Success, "a key issued by the HTTP-GET binding must work in SOAP GetUserSchedule; got %s", describeSchedule(s))
	})

	framework.It("ISHARE-GET-002", func() {
		c := specClient()
		key := login(c, mustAccount(0), "creating a key for the HTTP-GET calls")
		soap, err := getUserSchedule(framework.Ctx(), c, key.ClientID, key.SessionKey)
		noErr(err, "SOAP GetUserSchedule with a live key")
		what := "GET " + getPath(c, client.MethodGetUserSchedule) + "?ClientId=…&SessionKey=…"
		r, err := c.GetUserScheduleGET(framework.Ctx(), key.ClientID, key.SessionKey)
		noErr(err, what+" with a live key"+getHint)
		expect(r.Success, "%s with a live key and its ClientId must answer a UserScheduleResult with Success true; got %s", what, describeSchedule(r))
		expect(len(r.Schedules) == len(soap.Schedules), "%s must list the client's schedules as SOAP GetUserSchedule does: %d over HTTP-GET, %d over SOAP", what, len(r.Schedules), len(soap.Schedules))
		gone, err := c.GetUserScheduleGET(framework.Ctx(), key.ClientID, neverIssuedKey())
		noErr(err, what+" with a key never issued")
		wantScheduleError(gone, client.CodeInvalidSessionKey, "the HTTP-GET binding's GetUserSchedule with a key never issued")
	})
})

var _ = framework.Describe(profile, "service description and paths", func() {
	framework.It("ISHARE-WSDL-001", func() {
		c := specClient()
		ns := namespace(c)
		w, err := c.WSDL(framework.Ctx())
		noErr(err, "GET "+c.Path+"?wsdl")
		expect(w.TargetNamespace == ns, "the WSDL's targetNamespace must be the namespace setting %q (suds and web references bind the payload to it); got %q", ns, w.TargetNamespace)
		for _, m := range []string{client.MethodCreateSessionKey, client.MethodGetUserSchedule} {
			expect(w.HasOperation(m), "the WSDL must declare the operation %s; it declares %v", m, w.Operations)
			want := client.Action(ns, m)
			got := strings.Trim(w.SOAPActions[m], `"`)
			expect(got == want, "the WSDL must give %s the SOAPAction %q (namespace + method, as .NET derives it); got %q", m, want, got)
		}
		x, err := c.Send(framework.Ctx(), http.MethodGet, "?WSDL", nil, nil)
		noErr(err, "GET "+c.Path+"?WSDL")
		upper, err := client.ParseWSDL(x)
		noErr(err, "GET "+c.Path+"?WSDL")
		expect(upper.TargetNamespace == ns, "GET %s?WSDL (upper case, as the ASMX help page links it) must answer the same WSDL; got targetNamespace %q", c.Path, upper.TargetNamespace)
	})

	framework.It("ISHARE-WSDL-002", func() {
		c := specClient()
		a := mustAccount(0)
		tried := 0
		for _, p := range []string{strings.ToLower(c.Path), strings.ToUpper(c.Path)} {
			if p == c.Path {
				continue
			}
			tried++
			other := *c
			other.Path = p
			r, err := createSessionKey(framework.Ctx(), &other, a)
			noErr(err, "CreateSessionKey at "+p)
			expect(r.Success, "paths are case-insensitive (IIS): CreateSessionKey at %s (configured: %s; the seed writes users.asmx) must succeed; got %s", p, c.Path, describeKey(r))
		}
		if tried == 0 {
			Skip("the path setting " + c.Path + " has no letters whose case could change")
		}
	})
})

var _ = framework.Describe(profile, "SOAP", func() {
	framework.It("ISHARE-SOAP-001", func() {
		c := specClient()
		a := mustAccount(0)
		c12 := *c
		c12.Version = client.SOAP12
		r, err := createSessionKey(framework.Ctx(), &c12, a)
		switch {
		case err != nil:
			framework.Warn("SOAP 1.2 should be answered too (profiles.md: SOAP 1.1 and 1.2 where cheap), but a SOAP 1.2 CreateSessionKey got no documented answer: %v", err)
			return
		case r.Fault != nil || !r.Success:
			framework.Warn("SOAP 1.2 should be answered too (profiles.md: SOAP 1.1 and 1.2 where cheap), but a SOAP 1.2 CreateSessionKey (application/soap+xml; action=…) with the configured credentials got %s", describeKey(r))
			return
		case r.Exchange.ContentType() != "application/soap+xml":
			framework.Warn("a SOAP 1.2 request should be answered in SOAP 1.2 (application/soap+xml); got Content-Type %q", r.Exchange.Header.Get("Content-Type"))
			return
		}
		s, err := getUserSchedule(framework.Ctx(), &c12, r.ClientID, r.SessionKey)
		if err != nil || !s.Success {
			framework.Warn("the key of a SOAP 1.2 CreateSessionKey should work in a SOAP 1.2 GetUserSchedule; got %s %v", describeSchedule(s), err)
		}
	})

	framework.It("ISHARE-SOAP-002", func() {
		c := specClient()
		a := mustAccount(0)
		body := c.Envelope(client.MethodCreateSessionKey, keyParams(a)...)
		ns := namespace(c)
		for _, in := range []struct{ what, action string }{
			{"an unknown SOAPAction", client.Action(ns, "AuthprobeNoSuchMethod")},
			{"the SOAPAction of GetUserSchedule", client.Action(ns, client.MethodGetUserSchedule)},
		} {
			what := "a CreateSessionKey body with " + in.what + " (" + in.action + ")"
			r, err := sendCreateSessionKey(c, body, headerWithAction(c, in.action))
			noErr(err, what)
			expect(!r.Success, "the SOAPAction routes the call, but %s ran CreateSessionKey and issued a key: %s", what, describeKey(r))
			wantClientFault(r.Exchange, r.Fault, http.StatusInternalServerError, what, describeKey(r))
		}
	})
})
