package ishare

import (
	"net/http"
	"strings"

	. "github.com/onsi/gomega" //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "the HTTP-GET binding", func() {
	framework.It("ISHARE-GET-001", func() {
		c, a := getClient(), api.Account(0)
		r, err := c.CreateSessionKeyGET(framework.Ctx(), a.Get(client.CredUsername), a.Get(client.CredPassword), a.Get(client.CredKey))
		ans := keyAnswer("GET "+getPath(c, client.MethodCreateSessionKey)+"?Username=…&Password=…&Key=… with the configured credentials (if the deployment switched the HTTP-GET binding off, set http_get: false)",
			client.OpCreateSessionKeyGET, r, err)
		Expect(ans).To(framework.HaveIssuedToken())
		use, _ := schedule(framework.Ctx(), c, r.ClientID, r.SessionKey, "SOAP GetUserSchedule with the key the HTTP-GET binding issued")
		Expect(use).To(framework.HaveSucceeded())
	})

	framework.It("ISHARE-GET-002", func() {
		c := getClient()
		s := mustLogin(c, api.Account(0), "creating a key for the HTTP-GET calls")
		soap, soapR := schedule(framework.Ctx(), c, s.clientID, s.key, "SOAP GetUserSchedule with a live key")
		Expect(soap).To(framework.HaveSucceeded())
		path := "GET " + getPath(c, client.MethodGetUserSchedule) + "?ClientId=…&SessionKey=…"
		r, err := c.GetUserScheduleGET(framework.Ctx(), s.clientID, s.key)
		ans := scheduleAnswer(path+" with a live key and its ClientId", client.OpGetUserScheduleGET, r, err)
		Expect(ans).To(framework.HaveSucceeded())
		Expect(r.Schedules).To(HaveLen(len(soapR.Schedules)), "%s must list the client's schedules as SOAP GetUserSchedule does", path)
		r, err = c.GetUserScheduleGET(framework.Ctx(), s.clientID, neverIssuedKey())
		gone := scheduleAnswer(path+" with a key never issued", client.OpGetUserScheduleGET, r, err)
		Expect(gone).To(framework.BeRefusedWith(client.CodeInvalidSessionKey))
	})
})

var _ = framework.Describe(profile, "service description and paths", func() {
	framework.It("ISHARE-WSDL-001", func() {
		t, c := api.Target(), api.Client()
		ns := namespace(c)
		w, err := c.WSDL(framework.Ctx())
		Expect(err).NotTo(HaveOccurred(), "GET %s?wsdl must answer the WSDL that suds and web references bind to", servicePath(c))
		Expect(w.TargetNamespace).To(Equal(ns), "the WSDL's targetNamespace must be the namespace setting (suds and web references bind the payload to it)")
		for _, m := range []string{client.MethodCreateSessionKey, client.MethodGetUserSchedule} {
			Expect(w.HasOperation(m)).To(BeTrue(), "the WSDL must declare the operation %s; it declares %v", m, w.Operations)
			Expect(strings.Trim(w.SOAPActions[m], `"`)).To(BeElementOf(client.Actions(ns, m)), "the WSDL's SOAP binding must give %s the SOAPAction namespace + method (profiles.md: SOAPAction \"http://tempuri.org/CreateSessionKey\")", m)
		}
		// The ASMX help page links ?WSDL; the vendor documents ?wsdl only.
		x, err := c.Send(framework.Ctx(), http.MethodGet, "?WSDL", nil, nil)
		if err == nil {
			_, err = client.ParseWSDL(x)
		}
		upper := framework.NewAnswer("GET "+servicePath(c)+"?WSDL", client.OpSend+http.MethodGet+" ?WSDL", x, err)
		upper.OK = err == nil
		t.Observe("GET ?WSDL (upper case)", upper)
	})

	framework.It("ISHARE-WSDL-002", func() {
		c, a := api.Client(), api.Account(0)
		p := servicePath(c)
		tried := 0
		for _, other := range []string{strings.ToLower(p), strings.ToUpper(p)} {
			if other == p {
				continue
			}
			tried++
			oc := *c
			oc.Path = other
			ans, _ := login(&oc, a, "CreateSessionKey at "+other+" (configured: "+p+"; the seed writes users.asmx, and paths are case-insensitive)")
			Expect(ans).To(framework.HaveIssuedToken())
		}
		framework.Need(tried > 0, "the path setting %s has no letters whose case could change", p)
	})
})

var _ = framework.Describe(profile, "SOAP", func() {
	framework.It("ISHARE-SOAP-001", func() {
		c, a := api.Client(), api.Account(0)
		c12 := *c
		c12.Version = client.SOAP12
		ans, r := login(&c12, a, "a SOAP 1.2 CreateSessionKey (application/soap+xml; action=…) with the configured credentials")
		if !ans.Documented() || !ans.OK {
			framework.Warn("SOAP 1.2 should be answered too (profiles.md: SOAP 1.1 and 1.2 where cheap), but %s", ans)
			return
		}
		if r.Fault == nil && r.Exchange.ContentType() != "application/soap+xml" {
			framework.Warn("a SOAP 1.2 request should be answered in SOAP 1.2 (application/soap+xml); got Content-Type %q", r.Exchange.Header.Get("Content-Type"))
		}
		use, _ := schedule(framework.Ctx(), &c12, r.ClientID, r.SessionKey, "a SOAP 1.2 GetUserSchedule with the key of a SOAP 1.2 CreateSessionKey")
		if !use.Documented() || !use.OK {
			framework.Warn("the key of a SOAP 1.2 CreateSessionKey should work in a SOAP 1.2 GetUserSchedule; %s", use)
		}
	})

	framework.It("ISHARE-SOAP-002", func() {
		t, c, a := api.Target(), api.Client(), api.Account(0)
		body := c.Envelope(client.MethodCreateSessionKey, keyParams(a)...)
		ns := namespace(c)
		pin := t.Pin(client.PinSOAPDispatch)
		for _, in := range []struct{ what, action string }{
			{"an unknown SOAPAction", client.Action(ns, "AuthprobeNoSuchMethod")},
			{"the SOAPAction of GetUserSchedule", client.Action(ns, client.MethodGetUserSchedule)},
		} {
			what := "a CreateSessionKey body with " + in.what + " (" + in.action + ")"
			ans := t.Observe("SOAP dispatch: "+in.what+" on a CreateSessionKey body", sendKey(c, what, body, c.ActionHeader(in.action)))
			switch {
			case len(pin) > 0 && pin[0] == client.DispatchSOAP:
				Expect(ans).To(framework.BeTurnedAway(nil, nil), "soap_dispatch is action: the SOAPAction routes the call")
			case len(pin) > 0 && pin[0] == client.DispatchBody:
				Expect(ans).To(framework.HaveIssuedToken(), "soap_dispatch is body: the body's element routes the call")
			case ans.OK:
				framework.Warn("%s ran CreateSessionKey: the server routes on the body and does not check the SOAPAction. That is legal (the vendor does not say), but gateways and firewalls that allow or log SOAP calls by their SOAPAction (the WSDL's soapAction) can then be walked around with another method's action; set soap_dispatch: body if that is the deployment's design", what)
			}
		}
	})
})
