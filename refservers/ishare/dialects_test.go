package ishare_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// dialectEnv is a reference server speaking dialects, on a manual clock,
// with a client configured as the dialects' settings say.
func dialectEnv(t *testing.T, dialects ...string) *env {
	t.Helper()
	ds, err := refkit.ParseDialects("ishare", ishare.Dialects, dialects)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := refkit.DialectSettings(ishare.Dialects, ds)
	if err != nil {
		t.Fatal(err)
	}
	mc := clock.NewManual()
	srv := ishare.NewServer(refkit.Options{Dialects: ds, TestClock: mc}, ishare.Config{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := client.New(ts.URL, ts.Client())
	if err := c.Configure(settings); err != nil {
		t.Fatal(err)
	}
	// Follow the WSDL (parameter form, HTTP-GET roots), as suds does.
	w, err := c.WSDL(ctx())
	if err != nil {
		t.Fatalf("the WSDL of %v: %v", dialects, err)
	}
	c.Follow(w)
	demo := ishare.DemoAccounts()
	return &env{t: t, srv: srv, url: ts.URL, hc: ts.Client(), c: c, clock: mc, acct: demo[0], other: demo[1]}
}

func bodyOf(r *client.SessionKeyResult) string { return string(r.Exchange.Body) }

func mustContain(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s: %q is not in %s", what, p, body)
		}
	}
}

// missing posts a CreateSessionKey envelope without its Username.
func (e *env) missing() *wire.Exchange {
	e.t.Helper()
	x, err := e.c.Send(ctx(), http.MethodPost, "", e.c.Envelope(client.MethodCreateSessionKey,
		client.Param{Name: "Password", Value: e.acct.Password}, client.Param{Name: "Key", Value: e.acct.Key}), e.c.SOAPHeader(client.MethodCreateSessionKey))
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

// withAction posts a CreateSessionKey envelope under another SOAPAction.
func (e *env) withAction(action string) *wire.Exchange {
	e.t.Helper()
	x, err := e.c.Send(ctx(), http.MethodPost, "", e.c.Envelope(client.MethodCreateSessionKey,
		client.Param{Name: "Username", Value: e.acct.Username}, client.Param{Name: "Password", Value: e.acct.Password}, client.Param{Name: "Key", Value: e.acct.Key}), e.c.ActionHeader(action))
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

func TestDialectsAreDescribed(t *testing.T) {
	if len(ishare.Dialects) < 8 {
		t.Errorf("%d dialects", len(ishare.Dialects))
	}
	seen := map[string]bool{}
	for _, d := range ishare.Dialects {
		if d.Name == "" || d.Varies == "" || seen[d.Name] {
			t.Errorf("dialect %+v", d)
		}
		seen[d.Name] = true
	}
	if _, err := refkit.DialectSettings(ishare.Dialects, refkit.DialectSet(seen)); err != nil {
		t.Errorf("the dialects cannot be combined: %v", err)
	}
	if got := ishare.Descriptor().Dialects; len(got) != len(ishare.Dialects) {
		t.Errorf("the descriptor lists %d dialects", len(got))
	}
}

func TestDialectPrefixes(t *testing.T) {
	e := dialectEnv(t, ishare.DialectPrefixes)
	r := e.login(e.acct)
	mustContain(t, "success", bodyOf(r), "<s:Envelope", "<s:Body>", `<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/">`, "<tns:SessionKey>")
	f, err := e.c.ParseCreateSessionKey(e.withAction("urn:nope"))
	if err != nil || f.Fault == nil || f.Fault.Code != "s:Client" {
		t.Errorf("fault: %v %+v", err, f)
	}
}

func TestDialectUnqualifiedChildren(t *testing.T) {
	e := dialectEnv(t, ishare.DialectUnqualified)
	r := e.login(e.acct)
	mustContain(t, "success", bodyOf(r), `<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/"><CreateSessionKeyResult><Success>true</Success>`)
	w, err := e.c.WSDL(ctx())
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "WSDL", string(w.Exchange.Body), `elementFormDefault="unqualified"`)
	if !e.c.UnqualifiedParams || !strings.Contains(string(r.Exchange.RequestBody), `<tns:CreateSessionKey xmlns:tns="http://tempuri.org/"><Username>`) {
		t.Errorf("the client did not follow the WSDL's form: %s", r.Exchange.RequestBody)
	}
	// Qualified parameters are read too (a client without the WSDL).
	q := *e.c
	q.UnqualifiedParams = false
	if ok, err := q.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.acct.Key); err != nil || !ok.Success {
		t.Errorf("qualified parameters: %v %+v", err, ok)
	}
}

func TestDialectPrettyXML(t *testing.T) {
	e := dialectEnv(t, ishare.DialectPrettyXML)
	r := e.login(e.acct)
	b := bodyOf(r)
	if strings.HasPrefix(b, "<?xml") || !strings.HasPrefix(b, "<soap:Envelope xmlns:soap='") {
		t.Errorf("declaration or quotes: %s", b)
	}
	mustContain(t, "success", b, "\r\n  <soap:Body>\r\n    <CreateSessionKeyResponse xmlns='http://tempuri.org/'>\r\n      <CreateSessionKeyResult>\r\n        <Success>true</Success>")
}

func TestDialectGETRootMethod(t *testing.T) {
	e := dialectEnv(t, ishare.DialectGETRootMethod)
	r, err := e.c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
	if err != nil || !r.Success {
		t.Fatalf("%v %+v", err, r)
	}
	mustContain(t, "GET success", bodyOf(r), "<CreateSessionKeyResult ")
	w, err := e.c.WSDL(ctx())
	if err != nil || w.GETOutputs[client.MethodCreateSessionKey] != "CreateSessionKeyResult" || w.GETOutputs[client.MethodGetUserSchedule] != "GetUserScheduleResult" {
		t.Errorf("the WSDL declares %v (%v)", w.GETOutputs, err)
	}
	s, err := e.c.GetUserScheduleGET(ctx(), r.ClientID, r.SessionKey)
	if err != nil || !s.Success || !strings.Contains(string(s.Exchange.Body), "<GetUserScheduleResult ") {
		t.Errorf("GET schedules: %v %+v", err, s)
	}
}

func TestDialectBareResults(t *testing.T) {
	e := dialectEnv(t, ishare.DialectBareResults)
	r := e.login(e.acct)
	mustContain(t, "success", bodyOf(r), `<soap:Body><CreateSessionKeyResult xmlns="http://tempuri.org/"><Success>true</Success>`)
	if strings.Contains(bodyOf(r), "Response") {
		t.Errorf("a wrapper: %s", bodyOf(r))
	}
	w, err := e.c.WSDL(ctx())
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "WSDL", string(w.Exchange.Body), `element="tns:CreateSessionKeyResult"`, `<s:element name="CreateSessionKeyResult" nillable="true" type="tns:SessionKeyResult" />`)
}

func TestDialectBodyDispatch(t *testing.T) {
	e := dialectEnv(t, ishare.DialectBodyDispatch)
	for _, action := range []string{"urn:nope", "http://tempuri.org/GetUserSchedule"} {
		r, err := e.c.ParseCreateSessionKey(e.withAction(action))
		if err != nil || !r.Success {
			t.Errorf("SOAPAction %s: %v %+v", action, err, r)
		}
	}
	clean := start(t, refkit.Options{})
	if c, err := clean.c.ParseCreateSessionKey(clean.withAction("urn:nope")); err != nil || c.Fault == nil {
		t.Errorf("the default server must refuse an unknown SOAPAction: %v %+v", err, c)
	}
}

func TestDialectRefusalCodes(t *testing.T) {
	e := dialectEnv(t, ishare.DialectRefusalCodes)
	r, err := e.c.ParseCreateSessionKey(e.missing())
	if err != nil || r.Code() != client.CodeClientAuthFailed {
		t.Errorf("missing Username: %v %+v", err, r)
	}
	k := e.login(e.acct)
	s, err := e.c.GetUserSchedule(ctx(), k.ClientID, "")
	if err != nil || s.Code() != client.CodeInvalidSessionKey {
		t.Errorf("empty SessionKey: %v %+v", err, s)
	}
}

func TestDialectTypedValues(t *testing.T) {
	e := dialectEnv(t, ishare.DialectTypedValues)
	mustContain(t, "success", bodyOf(e.login(e.acct)), "<Success>1</Success>")
	r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "wrong", e.acct.Key)
	if err != nil || r.Success || r.Code() != client.CodeClientAuthFailed {
		t.Fatalf("%v %+v", err, r)
	}
	mustContain(t, "failure", bodyOf(r), `<Code xsi:type="xsd:int">1024</Code>`, "<Success>0</Success>")
}

func TestDialectFaults400(t *testing.T) {
	e := dialectEnv(t, ishare.DialectFaults400)
	x := e.withAction("urn:nope")
	f, err := e.c.ParseCreateSessionKey(x)
	if err != nil || f.Fault == nil || x.Status != http.StatusBadRequest {
		t.Errorf("unknown action: HTTP %d %v %+v", x.Status, err, f)
	}
}

func TestDialectPlain4xx(t *testing.T) {
	e := dialectEnv(t, ishare.DialectPlain4xx)
	x, err := e.c.Send(ctx(), http.MethodPost, "", []byte(`{"Username":"x"}`), http.Header{"Content-Type": {"application/json"}})
	if err != nil || x.Status != http.StatusUnsupportedMediaType || x.ContentType() != "text/plain" {
		t.Errorf("JSON: %v %+v", err, x)
	}
	x = e.send(client.MethodCreateSessionKey, []byte("<soap:Envelope"))
	if x.Status != http.StatusBadRequest || x.ContentType() != "text/plain" {
		t.Errorf("malformed: HTTP %d %s", x.Status, x.ContentType())
	}
	// Faults that do not come from an unreadable request stay faults.
	if f, err := e.c.ParseCreateSessionKey(e.withAction("urn:nope")); err != nil || f.Fault == nil {
		t.Errorf("unknown action: %v %+v", err, f)
	}
}

func TestDialectExtras(t *testing.T) {
	e := dialectEnv(t, ishare.DialectExtras)
	r := e.login(e.acct)
	h := r.Exchange.Header
	if !strings.HasPrefix(h.Get("Set-Cookie"), "ASP.NET_SessionId=") || h.Get("X-Powered-By") != "ASP.NET" || h.Get("X-Aspnet-Version") == "" {
		t.Errorf("headers %v", h)
	}
	mustContain(t, "success", bodyOf(r), "<soap:Header>", `<x:Trace xmlns:x="urn:authprobe:trace">ishare</x:Trace>`, "<Provider>")
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", h.Get("Cache-Control"))
	}
}

func TestDialectElementOrder(t *testing.T) {
	e := dialectEnv(t, ishare.DialectElementOrder)
	r := e.login(e.acct)
	if !regexp.MustCompile(`<Success>true</Success><SessionKey>[^<]+</SessionKey><ClientId>7</ClientId>`).MatchString(bodyOf(r)) {
		t.Errorf("success order: %s", bodyOf(r))
	}
	bad, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "wrong", e.acct.Key)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "failure", bodyOf(bad), "<Success>false</Success><Error>")
	s := e.schedule(r.ClientID, r.SessionKey)
	mustContain(t, "schedules", string(s.Exchange.Body), "<UserScheduleDefinition><LastRun>")
	wantSchedules(t, "reordered", s, e.acct)
}

func TestDialectKeyFormat(t *testing.T) {
	e := dialectEnv(t, ishare.DialectKeyFormat)
	r := e.login(e.acct)
	if !regexp.MustCompile(`^[0-9A-F]{32}$`).MatchString(r.SessionKey) {
		t.Errorf("key %q", r.SessionKey)
	}
	wantSchedules(t, "hex key", e.schedule(r.ClientID, r.SessionKey), e.acct)
}

func TestDialectOtherNamespace(t *testing.T) {
	e := dialectEnv(t, ishare.DialectOtherNamespace)
	if e.c.Namespace == client.DefaultNamespace || e.c.Namespace == "" {
		t.Fatalf("the dialect's setting was not applied: %q", e.c.Namespace)
	}
	r := e.login(e.acct)
	mustContain(t, "success", bodyOf(r), `xmlns="`+e.c.Namespace+`"`)
	w, err := e.c.WSDL(ctx())
	if err != nil || w.TargetNamespace != e.c.Namespace || w.SOAPActions[client.MethodCreateSessionKey] != e.c.Namespace+"/CreateSessionKey" {
		t.Errorf("WSDL %v %+v", err, w)
	}
}

func TestDialectSlidingExpiry(t *testing.T) {
	e := dialectEnv(t, ishare.DialectSlidingExpiry)
	r := e.login(e.acct)
	e.clock.Advance(15 * minute)
	wantSchedules(t, "after 15m", e.schedule(r.ClientID, r.SessionKey), e.acct)
	e.clock.Advance(15 * minute) // 30m after the login, 15m after the use
	wantSchedules(t, "15m after a use", e.schedule(r.ClientID, r.SessionKey), e.acct)
	e.clock.Advance(21 * minute)
	if s := e.schedule(r.ClientID, r.SessionKey); s.Success || s.Code() != client.CodeInvalidSessionKey {
		t.Errorf("21m idle: %+v", s)
	}
}

func TestDialectSchedulesElement(t *testing.T) {
	e := dialectEnv(t, ishare.DialectSchedulesElement)
	r := e.login(e.acct)
	s := e.schedule(r.ClientID, r.SessionKey)
	mustContain(t, "schedules", string(s.Exchange.Body), "<Schedules><UserScheduleDefinition>")
	wantSchedules(t, "Schedules element", s, e.acct)
	w, err := e.c.WSDL(ctx())
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "WSDL", string(w.Exchange.Body), `name="Schedules" type="tns:ArrayOfUserScheduleDefinition"`)
}

// TestAllDialectsTogether runs the main flow on a server speaking every
// dialect at once, read by the client configured with their settings.
func TestAllDialectsTogether(t *testing.T) {
	e := dialectEnv(t, refkit.AllDialects)
	r := e.login(e.acct)
	wantSchedules(t, "all dialects", e.schedule(r.ClientID, r.SessionKey), e.acct)
	g, err := e.c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
	if err != nil || !g.Success {
		t.Errorf("GET: %v %+v", err, g)
	}
	bad, err := e.c.CreateSessionKey(ctx(), e.acct.Username, "wrong", e.acct.Key)
	if err != nil || bad.Code() != client.CodeClientAuthFailed {
		t.Errorf("wrong password: %v %+v", err, bad)
	}
}

func TestDialectSOAP11Only(t *testing.T) {
	e := dialectEnv(t, ishare.DialectSOAP11Only)
	if r, err := e.c.CreateSessionKey(ctx(), e.acct.Username, e.acct.Password, e.acct.Key); err != nil || !r.Success {
		t.Fatalf("SOAP 1.1: %v %+v", err, r)
	}
	c12 := *e.c
	c12.Version = client.SOAP12
	x, err := c12.Send(ctx(), http.MethodPost, "", c12.Envelope(client.MethodCreateSessionKey,
		client.Param{Name: "Username", Value: e.acct.Username}, client.Param{Name: "Password", Value: e.acct.Password}, client.Param{Name: "Key", Value: e.acct.Key}), c12.SOAPHeader(client.MethodCreateSessionKey))
	if err != nil || x.Status != http.StatusUnsupportedMediaType {
		t.Errorf("SOAP 1.2: %v %+v", err, x)
	}
	w, err := e.c.WSDL(ctx())
	if err != nil {
		t.Fatal(err)
	}
	body := string(w.Exchange.Body)
	if strings.Contains(body, "UsersSoap12") || !strings.Contains(body, `<wsdl:port name="UsersSoap"`) || !strings.Contains(body, `<wsdl:port name="UsersHttpGet"`) {
		t.Errorf("the WSDL still declares SOAP 1.2 or lost another port:\n%s", body)
	}
}
