package ishare_test

import (
	"bytes"
	"crypto/tls"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

const (
	env11Open = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>`
	env12Open = `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>`
	envClose  = `</soap:Body></soap:Envelope>`
)

// loginBody is a CreateSessionKey body for the main demo account.
func loginBody(a ishare.Account) string {
	return `<CreateSessionKey xmlns="http://tempuri.org/"><Username>` + a.Username + `</Username><Password>` +
		strings.ReplaceAll(a.Password, "&", "&amp;") + `</Password><Key>` + a.Key + `</Key></CreateSessionKey>`
}

// TestSOAPFaults checks that every request the SOAP layer cannot hand to a
// method gets a soap:Fault with the ASMX status (500, or 413/415 for size
// and media type), never a crash or an HTML page.
func TestSOAPFaults(t *testing.T) {
	e := start(t, refkit.Options{MaxBody: 4096})
	a := e.acct
	h11 := e.c.SOAPHeader(client.MethodCreateSessionKey)
	withAction := func(action string) http.Header {
		h := h11.Clone()
		h.Set("SOAPAction", action)
		return h
	}
	key := e.login(a).SessionKey
	for _, tc := range []struct {
		name   string
		header http.Header
		body   string
		status int
		code   string
		reason string
	}{
		{"malformed XML", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>x</Key>`, 500, "Client", "Server was unable to read request"},
		{"not XML at all", h11, `Username=a&Password=b`, 500, "Client", "unable to read request"},
		{"empty body", h11, ``, 500, "Client", "Root element is missing"},
		{"root is not an Envelope", h11, `<CreateSessionKey xmlns="http://tempuri.org/"/>`, 500, "Client", "not a SOAP Envelope"},
		{"Envelope without Body", h11, `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/></soap:Envelope>`, 500, "Client", "no soap:Body"},
		{"empty Body", h11, env11Open + envClose, 500, "Client", "soap:Body is empty"},
		{"two methods in the Body", h11, env11Open + loginBody(a) + loginBody(a) + envClose, 500, "Client", "more than one element"},
		{"DTD", h11, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>` + env11Open + loginBody(a) + envClose, 500, "Client", "DTD is not allowed"},
		{"undefined entity", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&xxe;</Username></CreateSessionKey>` + envClose, 500, "Client", "unable to read request"},
		{"content after the Envelope", h11, env11Open + loginBody(a) + envClose + `<extra/>`, 500, "Client", "after the soap:Envelope"},
		{"element inside a parameter", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username><b>x</b></Username></CreateSessionKey>` + envClose, 500, "Client", "must hold text"},
		{"non-UTF-8 encoding", h11, `<?xml version="1.0" encoding="ISO-8859-1"?>` + env11Open + loginBody(a) + envClose, 500, "Client", "unable to read request"},
		{"unknown method", withAction(""), env11Open + `<DeleteAllUsers xmlns="http://tempuri.org/"/>` + envClose, 500, "Client", "did not recognize the request element"},
		{"method in another namespace", withAction(""), env11Open + `<CreateSessionKey xmlns="http://example.com/"/>` + envClose, 500, "Client", "did not recognize the request element"},
		{"unknown SOAPAction", withAction(`"http://tempuri.org/DeleteAllUsers"`), env11Open + loginBody(a) + envClose, 500, "Client", "did not recognize the value of HTTP Header SOAPAction: http://tempuri.org/DeleteAllUsers"},
		{"SOAPAction and body disagree", withAction(`"http://tempuri.org/GetUserSchedule"`), env11Open + loginBody(a) + envClose, 500, "Client", "was not expected"},
		{"SOAP 1.2 envelope as text/xml", h11, env12Open + loginBody(a) + envClose, 500, "VersionMismatch", "Expecting http://schemas.xmlsoap.org/soap/envelope/"},
		{"ClientId not an xs:int", e.c.SOAPHeader(client.MethodGetUserSchedule),
			env11Open + `<GetUserSchedule xmlns="http://tempuri.org/"><ClientId>seven</ClientId><SessionKey>` + key + `</SessionKey></GetUserSchedule>` + envClose, 500, "Client", "not an xs:int"},
		{"ClientId beyond xs:int", e.c.SOAPHeader(client.MethodGetUserSchedule),
			env11Open + `<GetUserSchedule xmlns="http://tempuri.org/"><ClientId>4294967303</ClientId><SessionKey>` + key + `</SessionKey></GetUserSchedule>` + envClose, 500, "Client", "not an xs:int"},
		{"JSON", http.Header{"Content-Type": {"application/json"}}, `{"Username":"a"}`, 415, "Client", "Request format is invalid: application/json"},
		{"form", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, `Username=a`, 415, "Client", "Request format is invalid"},
		{"no content type", http.Header{}, env11Open + loginBody(a) + envClose, 415, "Client", "Request format is invalid: none"},
		{"body over the cap", h11, env11Open + loginBody(a) + strings.Repeat(" ", 5000) + envClose, 413, "Client", "Maximum request length exceeded"},
	} {
		x, err := e.c.Send(ctx(), http.MethodPost, "", []byte(tc.body), tc.header)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		wantFault(t, e.c, tc.name, x, tc.status, tc.code, tc.reason)
		if ct := x.ContentType(); ct != "text/xml" {
			t.Errorf("%s: fault content type %q, want text/xml", tc.name, ct)
		}
	}
}

// TestSOAP12Faults checks the SOAP 1.2 fault shape and media type.
func TestSOAP12Faults(t *testing.T) {
	e := start(t, refkit.Options{})
	e.c.Version = client.SOAP12
	h := e.c.SOAPHeader(client.MethodCreateSessionKey)
	for _, tc := range []struct {
		name, ct, body, code, reason string
	}{
		{"malformed", h.Get("Content-Type"), env12Open + "<oops", "Sender", "unable to read request"},
		{"wrong action", `application/soap+xml; charset=utf-8; action="http://tempuri.org/Nope"`, env12Open + loginBody(e.acct) + envClose, "Sender", "did not recognize the value of HTTP Header SOAPAction: http://tempuri.org/Nope"},
		{"SOAP 1.1 envelope as soap+xml", h.Get("Content-Type"), env11Open + loginBody(e.acct) + envClose, "VersionMismatch", "Expecting http://www.w3.org/2003/05/soap-envelope"},
	} {
		x, err := e.c.Send(ctx(), http.MethodPost, "", []byte(tc.body), http.Header{"Content-Type": {tc.ct}})
		if err != nil {
			t.Fatal(err)
		}
		wantFault(t, e.c, tc.name, x, 500, tc.code, tc.reason)
		if ct := x.ContentType(); ct != "application/soap+xml" {
			t.Errorf("%s: content type %q, want application/soap+xml", tc.name, ct)
		}
		if !bytes.Contains(x.Body, []byte("<soap:Reason><soap:Text")) {
			t.Errorf("%s: not a SOAP 1.2 fault:\n%s", tc.name, x.Body)
		}
	}
	// A SOAP 1.2 request without an action parameter is dispatched on its
	// body element.
	x, err := e.c.Send(ctx(), http.MethodPost, "", e.c.Envelope(client.MethodCreateSessionKey,
		client.Param{Name: "Username", Value: e.acct.Username}, client.Param{Name: "Password", Value: e.acct.Password}, client.Param{Name: "Key", Value: e.acct.Key}),
		http.Header{"Content-Type": {"application/soap+xml; charset=utf-8"}})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := e.c.ParseCreateSessionKey(x); err != nil || !r.Success {
		t.Fatalf("SOAP 1.2 without action: %v %+v", err, r)
	}
}

// TestSOAPAcceptedShapes checks requests that differ from the client's
// own but are valid SOAP: no or empty SOAPAction (dispatch on the body
// element), an unquoted action, a soap:Header, prefixed elements,
// comments, CDATA, entities, unknown elements (ignored) and xsi:nil.
func TestSOAPAcceptedShapes(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	h11 := e.c.SOAPHeader(client.MethodCreateSessionKey)
	noAction := http.Header{"Content-Type": {"text/xml"}}
	emptyAction := http.Header{"Content-Type": {"text/xml"}, "Soapaction": {`""`}}
	unquoted := http.Header{"Content-Type": {"TEXT/XML; charset=UTF-8"}, "Soapaction": {"http://tempuri.org/CreateSessionKey"}}
	prefixed := `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:ns0="http://tempuri.org/" xmlns:ns1="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><ns1:Body><ns0:CreateSessionKey><ns0:Username>` +
		a.Username + `</ns0:Username><ns0:Password>` + a.Password + `</ns0:Password><ns0:Key>` + a.Key + `</ns0:Key></ns0:CreateSessionKey></ns1:Body></SOAP-ENV:Envelope>`
	for _, tc := range []struct {
		name   string
		header http.Header
		body   string
		want   string // "" for success, else the error code
	}{
		{"no SOAPAction header", noAction, env11Open + loginBody(a) + envClose, ""},
		{"empty SOAPAction", emptyAction, env11Open + loginBody(a) + envClose, ""},
		{"unquoted SOAPAction, upper-case media type", unquoted, env11Open + loginBody(a) + envClose, ""},
		{"suds-style prefixes and Header", h11, prefixed, ""},
		{"a soap:Header with content", h11, `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Auth xmlns="urn:x"><T>1</T></Auth></soap:Header><soap:Body>` + loginBody(a) + envClose, ""},
		{"comments and whitespace", h11, "<?xml version=\"1.0\"?>\n<!-- hi -->\n" + env11Open + "\n  " + loginBody(a) + "\n" + envClose + "\n<!-- bye -->\n", ""},
		{"CDATA password", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>` + a.Username + `</Username><Password><![CDATA[` + a.Password + `]]></Password><Key>` + a.Key + `</Key></CreateSessionKey>` + envClose, ""},
		{"character references", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&#109;ycouncil</Username><Password>` + a.Password + `</Password><Key>` + a.Key + `</Key></CreateSessionKey>` + envClose, ""},
		{"unknown element ignored", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Debug>1</Debug><Username>` + a.Username + `</Username><Password>` + a.Password + `</Password><Key>` + a.Key + `</Key></CreateSessionKey>` + envClose, ""},
		{"parameter in no namespace is not the parameter", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username xmlns="">` + a.Username + `</Username><Password>` + a.Password + `</Password><Key>` + a.Key + `</Key></CreateSessionKey>` + envClose, client.CodeRequiredFields},
		{"xsi:nil parameter", h11, env11Open + `<CreateSessionKey xmlns="http://tempuri.org/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Username>` + a.Username + `</Username><Password xsi:nil="true"/><Key>` + a.Key + `</Key></CreateSessionKey>` + envClose, client.CodeRequiredFields},
	} {
		x, err := e.c.Send(ctx(), http.MethodPost, "", []byte(tc.body), tc.header)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r, err := e.c.ParseCreateSessionKey(x)
		switch {
		case err != nil:
			t.Errorf("%s: %v\n%s", tc.name, err, x.Body)
		case tc.want == "" && (!r.Success || r.ClientID != a.ClientID):
			t.Errorf("%s: want a session, got %s", tc.name, describe(r.Error, r.Fault))
		case tc.want != "":
			wantError(t, tc.name, r, tc.want)
		}
	}
}

// TestEscaping logs in the demo client whose password holds XML-special
// characters, in SOAP and HTTP-GET.
func TestEscaping(t *testing.T) {
	e := start(t, refkit.Options{})
	if !strings.ContainsAny(e.other.Password, `&<>"'`) {
		t.Fatal("the second demo account should have XML-special characters in its password")
	}
	r := e.login(e.other)
	wantSchedules(t, "escaped login", e.schedule(r.ClientID, r.SessionKey), e.other)
	g, err := e.c.CreateSessionKeyGET(ctx(), e.other.Username, e.other.Password, e.other.Key)
	if err != nil || !g.Success {
		t.Fatalf("GET login with special characters: %v %+v", err, g)
	}
}

// TestPaths checks that the service path is case-insensitive (IIS), the
// HTTP-GET method names too, and that other paths and methods are refused.
func TestPaths(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	for _, p := range []string{"/Users.asmx", "/users.asmx", "/USERS.ASMX"} {
		c := *e.c
		c.Path = p
		if r, err := c.CreateSessionKey(ctx(), a.Username, a.Password, a.Key); err != nil || !r.Success {
			t.Errorf("SOAP at %s: %v %+v", p, err, r)
		}
		x, err := c.Send(ctx(), http.MethodGet, p+"/createsessionkey?username="+a.Username+"&PASSWORD=Wy7%23kQ2v!pLm&key="+a.Key, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := c.ParseCreateSessionKeyGET(x); err != nil || !r.Success {
			t.Errorf("GET at %s with lower-case names: %v %+v", p, err, r)
		}
	}
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/", 404, ""},
		{http.MethodGet, "/Other.asmx", 404, ""},
		{http.MethodPost, "/Users.asmxx", 404, ""},
		{http.MethodGet, "/Users.asmx/DeleteAllUsers", 404, ""},
		{http.MethodGet, "/Users.asmx/", 404, ""},
		{http.MethodPut, "/Users.asmx", 405, "GET, POST"},
		{http.MethodDelete, "/users.asmx", 405, "GET, POST"},
		{http.MethodPost, "/Users.asmx/CreateSessionKey", 405, "GET"},
	} {
		x, err := e.c.Send(ctx(), tc.method, tc.path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != tc.status || x.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: HTTP %d Allow %q, want %d %q", tc.method, tc.path, x.Status, x.Header.Get("Allow"), tc.status, tc.allow)
		}
	}
	x, err := e.c.Send(ctx(), http.MethodGet, "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x.Status != 200 || x.ContentType() != "text/html" || !bytes.Contains(x.Body, []byte("CreateSessionKey")) {
		t.Errorf("help page: HTTP %d %s", x.Status, x.ContentType())
	}
}

// TestWSDL checks the service description: served for ?wsdl in any case,
// well-formed, with the namespace, both operations, the SOAPActions and the
// address the request came to.
func TestWSDL(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, q := range []string{"?wsdl", "?WSDL", "?Wsdl=", "?x=1&wsdl"} {
		x, err := e.c.Send(ctx(), http.MethodGet, "/users.asmx"+q, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w, err := client.ParseWSDL(x)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if w.TargetNamespace != client.DefaultNamespace || !w.HasOperation("CreateSessionKey") || !w.HasOperation("GetUserSchedule") {
			t.Errorf("%s: namespace %q, operations %v", q, w.TargetNamespace, w.Operations)
		}
		for _, port := range []string{"UsersSoap", "UsersSoap12", "UsersHttpGet"} {
			if got := w.Addresses[port]; got != e.url+"/users.asmx" {
				t.Errorf("%s: port %s at %q, want %q", q, port, got, e.url+"/users.asmx")
			}
		}
		if got := w.SOAPActions["CreateSessionKey"]; got != "http://tempuri.org/CreateSessionKey" {
			t.Errorf("%s: soapAction %q", q, got)
		}
	}
	// The address follows the Host header and TLS, as ASMX writes it.
	h := ishare.New(refkit.Options{})
	r := httptest.NewRequest(http.MethodGet, "/Users.asmx?wsdl", nil)
	r.Host = "maps.example.gov.uk"
	r.TLS = &tls.ConnectionState{}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	info, err := client.ParseWSDL(&wire.Exchange{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Addresses["UsersSoap"]; got != "https://maps.example.gov.uk/Users.asmx" {
		t.Errorf("address %q, want https://maps.example.gov.uk/Users.asmx", got)
	}
}

// TestCustomNamespace runs a server whose namespace has no trailing slash
// and XML-special characters: the WSDL, the payloads and the SOAPAction
// (namespace + "/" + method, as .NET derives it) all follow it.
func TestCustomNamespace(t *testing.T) {
	ns := "urn:astun:myalerts?a=1&b=2"
	e := startWith(t, refkit.Options{}, ishare.Config{Namespace: ns})
	w, err := e.c.WSDL(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if w.TargetNamespace != ns || w.SOAPActions["GetUserSchedule"] != ns+"/GetUserSchedule" {
		t.Fatalf("WSDL namespace %q, action %q", w.TargetNamespace, w.SOAPActions["GetUserSchedule"])
	}
	for _, v := range []client.SOAPVersion{client.SOAP11, client.SOAP12} {
		e.c.Version = v
		r := e.login(e.acct)
		wantSchedules(t, "custom namespace SOAP "+v.String(), e.schedule(r.ClientID, r.SessionKey), e.acct)
	}
	g, err := e.c.CreateSessionKeyGET(ctx(), e.acct.Username, e.acct.Password, e.acct.Key)
	if err != nil || !g.Success {
		t.Fatalf("custom namespace GET: %v %+v", err, g)
	}
	def := client.New(e.url, nil)
	x, err := def.Send(ctx(), http.MethodPost, "", def.Envelope(client.MethodCreateSessionKey), def.SOAPHeader(client.MethodCreateSessionKey))
	if err != nil {
		t.Fatal(err)
	}
	wantFault(t, def, "tempuri action against a custom namespace", x, 500, "Client", "did not recognize the value of HTTP Header SOAPAction")
}

// TestAnswersAreWellFormed decodes every kind of answer with encoding/xml
// and checks that each has a Content-Length (small and large bodies).
func TestAnswersAreWellFormed(t *testing.T) {
	e := start(t, refkit.Options{}, ishare.FaultInternalsLeaked)
	r := e.login(e.acct)
	bad, _ := e.c.CreateSessionKey(ctx(), e.acct.Username, "wrong", e.acct.Key)
	s := e.schedule(r.ClientID, r.SessionKey)
	w, _ := e.c.WSDL(ctx())
	for _, x := range []*wire.Exchange{r.Exchange, bad.Exchange, s.Exchange, w.Exchange} {
		if cl := x.Header.Get("Content-Length"); cl != strconv.Itoa(len(x.Body)) {
			t.Errorf("%s: Content-Length %q for a %d-byte body", x.URL, cl, len(x.Body))
		}
		d := xml.NewDecoder(bytes.NewReader(x.Body))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v\n%s", x.URL, err, x.Body)
				}
				break
			}
		}
	}
}
