package ishare

import (
	"encoding/xml"
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

// TestSeedSyntaxElements decodes the seed's CreateSessionKeyResult syntax
// block verbatim: every documented element is read (the placeholders are
// the documented types).
func TestSeedSyntaxElements(t *testing.T) {
	var r xmlSessionKeyResult
	if err := xml.Unmarshal([]byte(readFile(t, "seed_createsessionkeyresult.xml")), &r); err != nil {
		t.Fatal(err)
	}
	got := []*string{r.Error.Code, r.Error.Description, r.Success, r.ClientID, r.SessionKey}
	want := []string{"string", "string", "boolean", "int", "string"}
	for i, g := range got {
		if g == nil || *g != want[i] {
			t.Fatalf("element %d of the seed's syntax: got %v, want %q", i, g, want[i])
		}
	}
	var s xmlScheduleResult
	if err := xml.Unmarshal([]byte(readFile(t, "vendor_getuserscheduleresult.xml")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Error == nil || *s.Error.Code != "string" || *s.Success != "boolean" || s.UserSchedule == nil || len(s.UserSchedule.Items) != 2 ||
		*s.UserSchedule.Items[1].UserID != "int" || *s.UserSchedule.Items[1].Interval != "int" || *s.UserSchedule.Items[1].LastRun != "dateTime" {
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
	if wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), `expected <SessionKeyResult xmlns="http://tempuri.org/">, got <CreateSessionKeyResult>`) {
		t.Errorf("seed syntax as an HTTP-GET answer: got %v", err)
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
		{"empty Body", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>`, 200, wire.KindMalformed, "the soap:Body is empty (expected <CreateSessionKeyResponse> or a soap:Fault)"},
		{"unclosed", "text/xml", open + `<Success>true`, 200, wire.KindMalformed, "unexpected EOF"},
		{"mismatched tags", "text/xml", open + `<Success>true</ClientId>` + close, 200, wire.KindMalformed, "closed by </ClientId>"},
		{"undefined entity", "text/xml", open + `<Success>&xxe;</Success>` + close, 200, wire.KindMalformed, "invalid character entity &xxe;"},
		{"DTD", "text/xml", `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + open + close, 200, wire.KindMalformed, "a DTD is not allowed"},
		{"trailing element", "text/xml", open + `<Success>false</Success><Error><Code>1</Code></Error>` + close + `<x/>`, 200, wire.KindMalformed, "a second root element <x>"},
		{"other element", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetUserScheduleResponse xmlns="http://tempuri.org/"/></soap:Body></soap:Envelope>`, 200, wire.KindMalformed, `expected <CreateSessionKeyResponse xmlns="http://tempuri.org/"> or a soap:Fault in the soap:Body, got <{http://tempuri.org/}GetUserScheduleResponse>`},
		{"wrong namespace", "text/xml", strings.Replace(open, "http://tempuri.org/", "http://example.com/", 1) + close, 200, wire.KindMalformed, "got <{http://example.com/}CreateSessionKeyResponse>"},
		{"no Result", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/"/></soap:Body></soap:Envelope>`, 200, wire.KindMalformed, "has no CreateSessionKeyResult element"},
		{"no Success", "text/xml", open + `<ClientId>7</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "no Success element (expected true or false)"},
		{"Success yes", "text/xml", open + `<Success>yes</Success>` + close, 200, wire.KindMalformed, `Success "yes" is not an xs:boolean`},
		{"Success true without ClientId", "text/xml", open + `<Success>true</Success><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "Success is true but there is no ClientId"},
		{"Success true without SessionKey", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId>` + close, 200, wire.KindMalformed, "Success is true but the SessionKey is missing or empty"},
		{"Success true with an empty SessionKey", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId><SessionKey> </SessionKey>` + close, 200, wire.KindMalformed, "SessionKey is missing or empty"},
		{"ClientId not an int", "text/xml", open + `<Success>true</Success><ClientId>seven</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, `ClientId: "seven" is not an xs:int`},
		{"ClientId beyond xs:int", "text/xml", open + `<Success>true</Success><ClientId>2147483648</ClientId><SessionKey>k</SessionKey>` + close, 200, wire.KindMalformed, "is not an xs:int"},
		{"Success false without Error", "text/xml", open + `<Success>false</Success>` + close, 200, wire.KindMalformed, "Success is false but there is no Error element"},
		{"Error without Code", "text/xml", open + `<Error><Description>x</Description></Error><Success>false</Success>` + close, 200, wire.KindMalformed, "Error/Code is missing or empty"},
		{"result with HTTP 500", "text/xml", open + `<Success>true</Success><ClientId>7</ClientId><SessionKey>k</SessionKey>` + close, 500, wire.KindMalformed, "a CreateSessionKeyResponse came with HTTP 500 (expected 200)"},
		{"fault without code", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><detail/></soap:Fault></soap:Body></soap:Envelope>`, 500, wire.KindMalformed, "neither faultcode (SOAP 1.1) nor Code (SOAP 1.2)"},
		{"two elements in Body", "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>a</faultcode></soap:Fault><x/></soap:Body></soap:Envelope>`, 500, wire.KindMalformed, "more than one element in the soap:Body"},
		{"latin-1", "text/xml", `<?xml version="1.0" encoding="ISO-8859-1"?>` + open + close, 200, wire.KindMalformed, "ISO-8859-1"},
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
		{"bad UserId", `<UserScheduleDefinition><UserId>x</UserId><Interval>2</Interval><LastRun>2024-01-01T00:00:00Z</LastRun></UserScheduleDefinition>`, `UserId: "x" is not an xs:int`},
		{"bad Interval", `<UserScheduleDefinition><UserId>1</UserId><Interval>1.5</Interval><LastRun>2024-01-01T00:00:00Z</LastRun></UserScheduleDefinition>`, `Interval: "1.5" is not an xs:int`},
		{"bad LastRun", `<UserScheduleDefinition><UserId>1</UserId><Interval>2</Interval><LastRun>yesterday</LastRun></UserScheduleDefinition>`, `LastRun: "yesterday" is not an xs:dateTime`},
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
	_, err = c.ParseGetUserScheduleGET(exchange(200, "text/plain", "System.ArgumentException"))
	if wire.KindOf(err) != wire.KindContentType {
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
		{"HTML", exchange(200, "text/html", "<html/>"), "content type"},
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
