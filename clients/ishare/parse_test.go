package ishare

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// exchange builds an answer as wire.Do would return it.
func exchange(status int, contentType, body string) *wire.Exchange {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &wire.Exchange{Status: status, Header: h, Body: []byte(body)}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedSyntaxElements reads the seed's CreateSessionKeyResult syntax
// block verbatim: every documented element is found (the placeholders are
// the documented types).
func TestSeedSyntaxElements(t *testing.T) {
	r, err := parseTree([]byte(readFile(t, "seed_createsessionkeyresult.xml")))
	if err != nil {
		t.Fatal(err)
	}
	e := r.child("Error")
	got := []*node{e.child("Code"), e.child("Description"), r.child("Success"), r.child("ClientId"), r.child("SessionKey")}
	want := []string{"string", "string", "boolean", "int", "string"}
	for i, g := range got {
		if g == nil || g.value() != want[i] {
			t.Fatalf("element %d of the seed's syntax: got %v, want %q", i, g, want[i])
		}
	}
	s, err := parseTree([]byte(readFile(t, "vendor_getuserscheduleresult.xml")))
	if err != nil {
		t.Fatal(err)
	}
	defs := s.descendants("UserScheduleDefinition", 2)
	if s.child("Error") == nil || s.child("Success").value() != "boolean" || len(defs) != 2 ||
		defs[1].child("UserId").value() != "int" || defs[1].child("Interval").value() != "int" || defs[1].child("LastRun").value() != "dateTime" {
		t.Fatalf("the vendor's GetUserScheduleResult syntax was not read whole: %+v", s)
	}
}

// TestSeedSyntaxAsAnswer sends the seed's syntax block as a server would
// (in a CreateSessionKeyResponse, and bare for HTTP-GET): placeholders are
// not values, and the errors say which element holds what.
func TestSeedSyntaxAsAnswer(t *testing.T) {
	var c Client
	block := readFile(t, "seed_createsessionkeyresult.xml")
	soap := `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/">` + block + `</CreateSessionKeyResponse></soap:Body></soap:Envelope>`
	_, err := c.ParseCreateSessionKey(exchange(200, "text/xml; charset=utf-8", soap))
	if wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), `Success "boolean" is not an xs:boolean`) {
		t.Errorf("seed syntax in SOAP: got %v", err)
	}
	_, err = c.ParseCreateSessionKeyGET(exchange(200, "text/xml", block))
	if wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), `Success "boolean" is not an xs:boolean`) {
		t.Errorf("seed syntax as an HTTP-GET answer (its root, CreateSessionKeyResult, is one of the two legal ones): got %v", err)
	}
	typed := strings.NewReplacer("<Code>string", "<Code>1024", "<Description>string", "<Description>Client authentication failed",
		"boolean", "false", "<ClientId>int</ClientId>", "", "<SessionKey>string</SessionKey>", "").Replace(block)
	soap = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/">` + typed + `</CreateSessionKeyResponse></soap:Body></soap:Envelope>`
	r, err := c.ParseCreateSessionKey(exchange(200, "text/xml", soap))
	if err != nil || r.Success || r.Code() != CodeClientAuthFailed || r.Error.Description != "Client authentication failed" {
		t.Errorf("seed syntax with the documented failure values: %v %+v", err, r)
	}
}

// TestParseCreateSessionKey parses the documented answer shapes.
func TestParseCreateSessionKey(t *testing.T) {
	var c Client
	r, err := c.ParseCreateSessionKey(exchange(200, "text/xml; charset=utf-8", readFile(t, "soap11_success.xml")))
	if err != nil || !r.Success || r.ClientID != 7 || !r.HasClientID || r.SessionKey != "3c0b7a52-5f0e-4d55-9f5c-2b8e6d0a4f13" || r.Error != nil || r.Fault != nil || r.Code() != "" {
		t.Fatalf("SOAP 1.1 success: %v %+v", err, r)
	}
	if len(r.Exchange.Secrets) != 1 || r.Exchange.Secrets[0] != r.SessionKey {
		t.Errorf("the session key was not registered as a secret: %v", r.Exchange.Secrets)
	}
	r, err = c.ParseCreateSessionKey(exchange(200, "text/xml", readFile(t, "soap11_failure_1024.xml")))
	if err != nil || r.Success || r.HasClientID || r.SessionKey != "" || r.Code() != "1024" || r.Error.Description != Descriptions["1024"] {
		t.Fatalf("SOAP 1.1 1024: %v %+v", err, r)
	}
	r, err = c.ParseCreateSessionKey(exchange(200, "application/soap+xml; charset=utf-8", readFile(t, "soap12_failure_1019_int.xml")))
	if err != nil || r.Success || r.Code() != "1019" {
		t.Fatalf("SOAP 1.2 1019 typed int: %v %+v", err, r)
	}
	if n, err := r.Error.CodeInt(); err != nil || n != 1019 {
		t.Errorf("CodeInt: %d %v", n, err)
	}
	for _, tc := range []struct {
		file, ct, code, text string
		v                    SOAPVersion
	}{
		{"soap11_fault.xml", "text/xml", "soap:Client", "Server did not recognize the value of HTTP Header SOAPAction", SOAP11},
		{"soap12_fault.xml", "application/soap+xml", "soap:Sender", "Server was unable to read request. ---> There is an error", SOAP12},
	} {
		r, err := c.ParseCreateSessionKey(exchange(500, tc.ct, readFile(t, tc.file)))
		if err != nil || r.Fault == nil || r.Success || r.Code() != CodeSOAPFault {
			t.Fatalf("%s: %v %+v", tc.file, err, r)
		}
		if r.Fault.Code != tc.code || !strings.HasPrefix(r.Fault.String, tc.text) && !strings.Contains(r.Fault.String, tc.text) || r.Fault.Version != tc.v {
			t.Errorf("%s: fault %+v", tc.file, r.Fault)
		}
	}
}

// TestParseHTTPGet parses the bare HTTP-GET answers.
func TestParseHTTPGet(t *testing.T) {
	var c Client
	r, err := c.ParseCreateSessionKeyGET(exchange(200, "text/xml; charset=utf-8", readFile(t, "get_success.xml")))
	if err != nil || !r.Success || r.ClientID != 12 || r.SessionKey == "" {
		t.Fatalf("GET success: %v %+v", err, r)
	}
	r, err = c.ParseCreateSessionKeyGET(exchange(200, "text/xml", readFile(t, "get_failure_1023.xml")))
	if err != nil || r.Success || r.Code() != CodeRequiredFields {
		t.Fatalf("GET 1023: %v %+v", err, r)
	}
	s, err := c.ParseGetUserScheduleGET(exchange(200, "text/xml", readFile(t, "get_schedule_1001.xml")))
	if err != nil || s.Success || s.Code() != CodeInvalidSessionKey || len(s.Schedules) != 0 {
		t.Fatalf("GET 1001: %v %+v", err, s)
	}
}

// TestParseGetUserSchedule parses a schedule list with the three
// xs:dateTime forms .NET writes (UTC, offset, unspecified).
func TestParseGetUserSchedule(t *testing.T) {
	var c Client
	s, err := c.ParseGetUserSchedule(exchange(200, "text/xml", readFile(t, "soap11_schedule.xml")))
	if err != nil || !s.Success || s.Error != nil || len(s.Schedules) != 3 {
		t.Fatalf("schedules: %v %+v", err, s)
	}
	want := []UserScheduleDefinition{
		{UserID: 1041, Interval: 86400, LastRun: time.Date(2024, 3, 4, 6, 30, 0, 0, time.UTC)},
		{UserID: 1042, Interval: 604800, LastRun: time.Date(2024, 3, 1, 5, 30, 0, 123456700, time.UTC)},
		{UserID: 1057, Interval: 3600, LastRun: time.Date(2024, 3, 4, 11, 0, 0, 0, time.UTC)},
	}
	for i, w := range want {
		g := s.Schedules[i]
		if g.UserID != w.UserID || g.Interval != w.Interval || !g.LastRun.Equal(w.LastRun) {
			t.Errorf("schedule %d: %+v, want %+v", i, g, w)
		}
	}
	if d := s.Schedules[0].IntervalDuration(); d != 24*time.Hour {
		t.Errorf("IntervalDuration %s", d)
	}
}

// TestParseRejectsMalformed checks every answer of no documented shape: a
// Go error of the right kind whose message says what was expected and
// what came.
func TestParseRejectsMalformed(t *testing.T) {
	const (
		open  = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult>`
		close = `</CreateSessionKeyResult></CreateSessionKeyResponse></soap:Body></soap:Envelope>`
	)
	var c Client
	for _, tc := range []struct {
		name, ct, body string
		status         int
		kind           wire.Kind
		msg            string
	}{
		{"HTML", "text/html", "<html><body>Server Error</body></html>", 500, wire.KindContentType, `unexpected content type "text/html" (want xml)`},
		{"JSON", "application/json", `{"Success":true}`, 200, wire.KindContentType, `"application/json"`},
		{"no content type", "", "<x/>", 200, wire.KindContentType, `"none"`},
		{"empty body", "text/xml", "", 200, wire.KindMalformed, "the body has no XML element"},
		{"not an Envelope", "text/xml", `<html/>`, 200, wire.KindMalformed, "expected a soap:Envelope in the SOAP 1.1 or 1.2 namespace, got <html>"},
		{"Envelope in no namespace", "text/xml", `<Envelope><Body/></Envelope>`, 200, wire.KindMalformed, "got <Envelope>"},
		{"no Body", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/></soap:Envelope>`, 200, wire.KindMalformed, "has no soap:Body"},
		{"empty Body", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>`, 200, wire.KindMalformed, "the soap:Body is empty (expected the method's answer or a soap:Fault)"},
		{"unclosed", "text/xml", open + `<Success>true`, 200, wire.KindMalformed, "unexpected EOF"},
		{"mismatched tags", "text/xml", open + `<Success>true</ClientId>` + close, 200, wire.KindMalformed, "closed by </ClientId>"},
		{"undefined entity", "text/xml", open + `<Success>&xxe;</Success>` + close, 200, wire.KindMalformed, "invalid character entity &xxe;"},
		{"DTD", "text/xml", `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + open + close, 200, wire.KindMalformed, "a DTD is not allowed"},
		{"trailing element", "text/xml", open + `<Success>false</Success><Error><Code>1</Code></Error>` + close + `<x/>`, 200, wire.KindMalformed, "a second root element <x>"},
		{"other element", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetUserScheduleResponse xmlns="http://tempuri.org/"/></soap:Body></soap:Envelope>`, 200, wire.KindMalformed, `expected <CreateSessionKeyResponse> (or a bare <CreateSessionKeyResult> or <SessionKeyResult>) or a soap:Fault in the soap:Body, got <{http://tempuri.org/}GetUserScheduleResponse>`},
		{"wrong namespace", "text/xml", strings.Replace(open, "http://tempuri.org/", "http://example.com/", 1) + close, 200, wire.KindMalformed, "got <{http://example.com/}CreateSessionKeyResponse>"},
		{"no Result", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/"/></soap:Body></soap:Envelope>`, 200, wire.KindMalformed, "CreateSessionKeyResponse has no <CreateSessionKeyResult> or <SessionKeyResult> element"},
		{"no Success", "text/xml", open + `<ClientId>7</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "no Success element (expected true or false)"},
		{"Success yes", "text/xml", open + `<Success>yes</Success>` + close, 200, wire.KindMalformed, `Success "yes" is not an xs:boolean`},
		{"Success true without ClientId", "text/xml", open + `<Success>true</Success><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "Success is true but there is no ClientId"},
		{"Success true without SessionKey", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId>` + close, 200, wire.KindMalformed, "Success is true but the SessionKey is missing or empty"},
		{"Success true with an empty SessionKey", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId><SessionKey> </SessionKey>` + close, 200, wire.KindMalformed, "SessionKey is missing or empty"},
		{"ClientId not an int", "text/xml", open + `<Success>true</Success><ClientId>seven</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, `ClientId: "seven" is not an xs:int`},
		{"ClientId beyond xs:int", "text/xml", open + `<Success>true</Success><ClientId>2147483648</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "is not an xs:int"},
		{"Success false without Error", "text/xml", open + `<Success>false</Success>` + close, 200, wire.KindMalformed, "Success is false but there is no Error element"},
		{"Error without Code", "text/xml", open + `<Error><Description>x</Description></Error><Success>false</Success>` + close, 200, wire.KindMalformed, "Error/Code is missing or empty"},
		{"result with HTTP 500", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId><SessionKey>k</SessionKey>` + close, 500, wire.KindMalformed, "a CreateSessionKey result came with HTTP 500"},
		{"failure with a ClientId", "text/xml", open + `<Error><Code>1024</Code></Error><Success>false</Success><ClientId>0</ClientId>` + close, 200, wire.KindMalformed, "on failure ClientId/SessionKey are absent"},
		{"failure with a SessionKey", "text/xml", open + `<Error><Code>1024</Code></Error><Success>false</Success><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "on failure ClientId/SessionKey are absent"},
		{"Success True (not an xs:boolean)", "text/xml", open + `<Success>True</Success>` + close, 200, wire.KindMalformed, `Success "True" is not an xs:boolean`},
		{"utf-16", "text/xml", `<?xml version="1.0" encoding="UTF-16"?>` + open + close, 200, wire.KindMalformed, "unsupported encoding"},
		{"fault without code", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><detail/></soap:Fault></soap:Body></soap:Envelope>`, 500, wire.KindMalformed, "neither faultcode (SOAP 1.1) nor Code (SOAP 1.2)"},
		{"two elements in Body", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>a</faultcode></soap:Fault><x/></soap:Body></soap:Envelope>`, 500, wire.KindMalformed, "more than one element in the soap:Body"},
	} {
		_, err := c.ParseCreateSessionKey(exchange(tc.status, tc.ct, tc.body))
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if wire.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v (kind %s), want kind %s with %q", tc.name, err, wire.KindOf(err), tc.kind, tc.msg)
		}
	}
}

// TestParseScheduleRejectsMalformed checks the schedule-specific shapes.
func TestParseScheduleRejectsMalformed(t *testing.T) {
	const open = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success><UserSchedule>`
	const close = `</UserSchedule></GetUserScheduleResult></GetUserScheduleResponse></soap:Body></soap:Envelope>`
	var c Client
	for _, tc := range []struct{ name, items, msg string }{
		{"missing LastRun", `<UserScheduleDefinition><UserId>1</UserId><Interval>2</Interval></UserScheduleDefinition>`, "UserScheduleDefinition 1: UserId, Interval and LastRun are all required"},
		{"missing UserId", `<UserScheduleDefinition><Interval>2</Interval><LastRun>x</LastRun></UserScheduleDefinition>`, "UserScheduleDefinition 1: UserId, Interval and LastRun are all required"},
	} {
		_, err := c.ParseGetUserSchedule(exchange(200, "text/xml", open+tc.items+close))
		if wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.msg)
		}
	}
	s, err := c.ParseGetUserSchedule(exchange(200, "text/xml", strings.Replace(open, "<UserSchedule>", "", 1)+strings.Replace(close, "</UserSchedule>", "", 1)))
	if err != nil || !s.Success || len(s.Schedules) != 0 {
		t.Errorf("success without UserSchedule (no users): %v %+v", err, s)
	}
	// profiles.md names the elements of a definition, not their types: the
	// text is kept, and read as types where it reads so.
	s, err = c.ParseGetUserSchedule(exchange(200, "text/xml", open+`<UserScheduleDefinition><UserId>u1</UserId><Interval>daily</Interval><LastRun>yesterday</LastRun></UserScheduleDefinition>`+close))
	if err != nil || len(s.Schedules) != 1 || s.Schedules[0].IntervalText != "daily" || s.Schedules[0].UserID != 0 || !s.Schedules[0].LastRun.IsZero() {
		t.Errorf("untyped definition: %v %+v", err, s)
	}
	_, err = c.ParseGetUserScheduleGET(exchange(200, "text/plain", "System.ArgumentException"))
	if wire.KindOf(err) != wire.KindMalformed {
		t.Errorf("GET text/plain: %v", err)
	}
}

// TestParseWSDLRejects checks the WSDL parser's refusals.
func TestParseWSDLRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    *wire.Exchange
		msg  string
	}{
		{"404", exchange(404, "text/plain", "not found"), "expected HTTP 200 with the WSDL, got HTTP 404"},
		{"HTML", exchange(200, "text/html", "<html/>"), "expected wsdl:definitions, got <html>"},
		{"not WSDL", exchange(200, "text/xml", "<definitions/>"), "expected wsdl:definitions, got <definitions>"},
	} {
		if _, err := ParseWSDL(tc.x); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.msg)
		}
	}
}

// TestCodeInt checks the int view of a string-typed code.
func TestCodeInt(t *testing.T) {
	if n, err := (&Error{Code: "1024"}).CodeInt(); err != nil || n != 1024 {
		t.Errorf("1024: %d %v", n, err)
	}
	if _, err := (&Error{Code: "E1024"}).CodeInt(); err == nil || !strings.Contains(err.Error(), `"E1024" is not an integer`) {
		t.Errorf("E1024: %v", err)
	}
}

// TestParseAcceptsLegalVariants reads the forms the vendor's page and
// profiles.md leave open alike: prefixes or default namespaces, qualified
// or unqualified children, any element order, a bare result in the Body,
// xsi:type and xsi:nil annotations, extra elements, CRLF, single quotes,
// no declaration, a byte order mark, ISO-8859-1, either HTTP-GET root.
func TestParseAcceptsLegalVariants(t *testing.T) {
	var c Client
	const env = `<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>` + "\r\n" + `<s:Header><t:Trace xmlns:t='urn:t'>1</t:Trace></s:Header><s:Body>`
	const end = `</s:Body></s:Envelope>`
	success := []string{
		`<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/"><tns:CreateSessionKeyResult><tns:Success>true</tns:Success><tns:ClientId>7</tns:ClientId><tns:SessionKey>k1</tns:SessionKey></tns:CreateSessionKeyResult></tns:CreateSessionKeyResponse>`,
		`<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/"><CreateSessionKeyResult><SessionKey>k1</SessionKey><ClientId> 7 </ClientId><Success>1</Success></CreateSessionKeyResult></tns:CreateSessionKeyResponse>`,
		`<CreateSessionKeyResponse xmlns="http://tempuri.org/">` + "\r\n  " + `<SessionKeyResult><Success>true</Success><ClientId>7</ClientId><SessionKey>k1</SessionKey><Expires xmlns="urn:x">2030-01-01</Expires><Note>extra</Note></SessionKeyResult></CreateSessionKeyResponse>`,
		`<CreateSessionKeyResult xmlns="http://tempuri.org/"><Error xsi:nil="true"/><Success>true</Success><ClientId>7</ClientId><SessionKey>k1</SessionKey></CreateSessionKeyResult>`,
	}
	for i, p := range success {
		for _, doc := range []string{env + p + end, "\xef\xbb\xbf" + `<?xml version="1.0" encoding="ISO-8859-1"?>` + env + p + end} {
			r, err := c.ParseCreateSessionKey(exchange(200, "text/xml", doc))
			if err != nil || !r.Success || r.ClientID != 7 || r.SessionKey != "k1" {
				t.Errorf("success variant %d: %v %+v", i, err, r)
			}
		}
	}
	failure := `<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult><Success>0</Success><Error><Description>Required fields incomplete</Description><Code xsi:type="xsd:int" xmlns:xsd="http://www.w3.org/2001/XMLSchema">1023</Code></Error><ClientId xsi:nil="true"/><SessionKey xsi:nil="true"/></CreateSessionKeyResult></CreateSessionKeyResponse>`
	r, err := c.ParseCreateSessionKey(exchange(200, "text/xml", env+failure+end))
	if err != nil || r.Success || r.Code() != CodeRequiredFields || r.HasClientID {
		t.Errorf("failure variant: %v %+v", err, r)
	}
	for _, root := range []string{"SessionKeyResult", "CreateSessionKeyResult"} {
		for _, ns := range []string{` xmlns="http://tempuri.org/"`, ""} {
			doc := `<` + root + ns + `><Success>true</Success><ClientId>7</ClientId><SessionKey>k1</SessionKey></` + root + `>`
			if r, err := c.ParseCreateSessionKeyGET(exchange(200, "application/xml", doc)); err != nil || !r.Success {
				t.Errorf("GET root %s%s: %v", root, ns, err)
			}
		}
	}
	if r, err := c.ParseCreateSessionKey(exchange(200, "", env+success[0]+end)); err != nil || !r.Success {
		t.Errorf("an envelope without a media type: %v", err)
	}
	if r, err := c.ParseGetUserScheduleGET(exchange(401, "text/plain", `<UserScheduleResult><Error><Code>1001</Code></Error><Success>false</Success></UserScheduleResult>`)); err != nil || r.Code() != CodeInvalidSessionKey {
		t.Errorf("an HTTP-GET refusal with HTTP 401: %v", err)
	}
	pinned := Client{GETRoots: map[string][]string{MethodCreateSessionKey: {"SessionKeyResult"}}}
	if _, err := pinned.ParseCreateSessionKeyGET(exchange(200, "text/xml", `<CreateSessionKeyResult xmlns="http://tempuri.org/"><Success>true</Success><ClientId>7</ClientId><SessionKey>k</SessionKey></CreateSessionKeyResult>`)); err == nil {
		t.Error("a pinned HTTP-GET root accepted another")
	}
	sched := `<GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success><Schedules><UserScheduleDefinition><LastRun>2024-03-04T06:30:00Z</LastRun><UserId>1</UserId><Interval>60</Interval></UserScheduleDefinition></Schedules></GetUserScheduleResult></GetUserScheduleResponse>`
	s, err := c.ParseGetUserSchedule(exchange(200, "text/xml", env+sched+end))
	if err != nil || !s.Success || len(s.Schedules) != 1 || s.Schedules[0].Interval != 60 {
		t.Errorf("schedule variant: %v %+v", err, s)
	}
	f, err := c.ParseCreateSessionKey(exchange(400, "text/xml", env+`<s:Fault><faultcode>s:Client.Input</faultcode><faultstring>bad</faultstring></s:Fault>`+end))
	if err != nil || f.Fault == nil || f.Fault.Local() != "Client.Input" || f.Fault.BlamesServer() {
		t.Errorf("fault with HTTP 400: %v %+v", err, f)
	}
}
