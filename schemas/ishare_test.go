package schemas

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// iShare answers: the seed's Syntax block (../shared/seeds/000_766ae4704cebab05.txt) with its
// placeholders ("string", "boolean", "int") filled in the two ways the seed's prose allows, the
// example of docs/profiles/ishare.md, and the shapes profiles.md documents.
const (
	ishareEnv11Open = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <soap:Body>
`
	ishareEnv12Open = `<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
`
	ishareEnv11Close = "\n  </soap:Body>\n</soap:Envelope>\n"
	ishareEnv12Close = "\n  </soap12:Body>\n</soap12:Envelope>\n"

	// The seed's Syntax block, a failure: "An error code and description if the call to the web
	// service is unsuccessful and the Success if False".
	ishareSeedFailure = `<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult>
        <Error>
          <Code>1024</Code>
          <Description>Client authentication failed</Description>
        </Error>
        <Success>false</Success>
</CreateSessionKeyResult></CreateSessionKeyResponse>`

	// The seed's Syntax block, a success: "if True the ClientId and SessionKey will be provided".
	ishareSeedSuccess = `<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult>
        <Success>true</Success>
        <ClientId>7</ClientId>
        <SessionKey>3c0b7a52-5f0e-4d55-9f5c-2b8e6d0a4f13</SessionKey>
</CreateSessionKeyResult></CreateSessionKeyResponse>`

	// docs/profiles/ishare.md, "CreateSessionKey".
	ishareDocSuccess = `<CreateSessionKeyResponse xmlns="http://tempuri.org/">
  <CreateSessionKeyResult>
    <Success>true</Success>
    <ClientId>7</ClientId>
    <SessionKey>3c0b7a52-5f0e-4d55-9f5c-2b8e6d0a4f13</SessionKey>
  </CreateSessionKeyResult>
</CreateSessionKeyResponse>`

	ishare1019 = `<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult><Error><Code> 1019 </Code><Description>Error creating Session key</Description></Error><Success>0</Success></CreateSessionKeyResult></CreateSessionKeyResponse>`
	ishare1023 = `<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult><Error><Code>1023</Code><Description>Required fields incomplete</Description></Error><Success>false</Success></CreateSessionKeyResult></CreateSessionKeyResponse>`

	// profiles.md doc: GetUserSchedule → list of UserScheduleDefinition{UserId, Interval, LastRun}.
	ishareSchedules = `<GetUserScheduleResponse xmlns="http://tempuri.org/">
      <GetUserScheduleResult>
        <Success>true</Success>
        <UserSchedule>
          <UserScheduleDefinition><UserId>1041</UserId><Interval>86400</Interval><LastRun>2024-03-04T06:30:00Z</LastRun></UserScheduleDefinition>
          <UserScheduleDefinition><UserId>1042</UserId><Interval>604800</Interval><LastRun>2024-03-01T06:30:00.1234567+01:00</LastRun></UserScheduleDefinition>
          <UserScheduleDefinition><UserId>1057</UserId><Interval>3600</Interval><LastRun>2024-03-04T11:00:00</LastRun></UserScheduleDefinition>
        </UserSchedule>
      </GetUserScheduleResult>
    </GetUserScheduleResponse>`
	ishareNoSchedules     = `<GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success><UserSchedule /></GetUserScheduleResult></GetUserScheduleResponse>`
	ishareNullSchedules   = `<GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success></GetUserScheduleResult></GetUserScheduleResponse>`
	ishare1001            = `<GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Error><Code>1001</Code><Description>Invalid Session key provided</Description></Error><Success>false</Success></GetUserScheduleResult></GetUserScheduleResponse>`
	ishareSchedule1023    = `<GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Error><Code>1023</Code><Description>Required fields incomplete</Description></Error><Success>false</Success></GetUserScheduleResult></GetUserScheduleResponse>`
	ishareGETOpen         = `<?xml version="1.0" encoding="utf-8"?>` + "\r\n"
	ishareGETSuccess      = ishareGETOpen + `<SessionKeyResult xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://tempuri.org/"><Success>true</Success><ClientId>12</ClientId><SessionKey>a1d5c3e9-0b7f-4a26-8c41-9e3f5b2d7a60</SessionKey></SessionKeyResult>`
	ishareGETFailure      = ishareGETOpen + `<SessionKeyResult xmlns="http://tempuri.org/"><Error><Code>1023</Code><Description>Required fields incomplete</Description></Error><Success>false</Success></SessionKeyResult>`
	ishareGETSchedules    = ishareGETOpen + `<UserScheduleResult xmlns="http://tempuri.org/"><Success>true</Success><UserSchedule><UserScheduleDefinition><UserId>2210</UserId><Interval>86400</Interval><LastRun>2024-02-28T07:15:00Z</LastRun></UserScheduleDefinition></UserSchedule></UserScheduleResult>`
	ishareGETSchedule1001 = ishareGETOpen + `<UserScheduleResult xmlns="http://tempuri.org/"><Error><Code>1001</Code><Description>Invalid Session key provided</Description></Error><Success>false</Success></UserScheduleResult>`

	ishareFault11 = `<soap:Fault>
      <faultcode>soap:Client</faultcode>
      <faultstring>System.Web.Services.Protocols.SoapException: Server did not recognize the value of HTTP Header SOAPAction: http://tempuri.org/Nope.</faultstring>
      <detail />
    </soap:Fault>`
	ishareFault12 = `<soap12:Fault>
      <soap12:Code><soap12:Value>soap12:Sender</soap12:Value></soap12:Code>
      <soap12:Reason><soap12:Text xml:lang="en">Server was unable to read request. ---&gt; There is an error in XML document (1, 40).</soap12:Text></soap12:Reason>
      <soap12:Detail />
    </soap12:Fault>`
)

func soap11(payload string) string { return ishareEnv11Open + payload + ishareEnv11Close }
func soap12(payload string) string { return ishareEnv12Open + payload + ishareEnv12Close }

// Legal variants of the documented shapes: what the seed and profiles.md leave open (element
// order, prefixes, the result's name, bare results, xsi:type and xsi:nil annotations, codes of
// either type, a failure code the docs list for another method, untyped schedule values).
const (
	ishareVariantPrefixed   = `<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/"><tns:SessionKeyResult><tns:SessionKey>k</tns:SessionKey><tns:ClientId>7</tns:ClientId><tns:Success>1</tns:Success></tns:SessionKeyResult></tns:CreateSessionKeyResponse>`
	ishareVariantTypedCode  = `<CreateSessionKeyResult xmlns="http://tempuri.org/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Success>false</Success><Error><Description>Invalid Session key provided</Description><Code xsi:type="xsd:int">1001</Code></Error><ClientId xsi:nil="true"/><SessionKey xsi:nil="true"/></CreateSessionKeyResult>`
	ishareVariantStringCode = `<CreateSessionKeyResult xmlns="http://tempuri.org/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Error><Code xsi:type="xsd:string">1024</Code></Error><Success>0</Success></CreateSessionKeyResult>`
	ishareVariantSchedules  = `<GetUserScheduleResult xmlns="http://tempuri.org/"><UserSchedule><UserScheduleDefinition><LastRun>2024-03-04 06:30</LastRun><Interval>daily</Interval><UserId>u-1041</UserId></UserScheduleDefinition></UserSchedule><Success>true</Success></GetUserScheduleResult>`
	ishareVariantFault11    = `<soap:Fault><faultcode xmlns:app="urn:app">app:InvalidInput</faultcode><faultstring/><app:trace xmlns:app="urn:app">1</app:trace></soap:Fault>`
)

func TestIshareSchemasAcceptDocumentedAnswers(t *testing.T) {
	csk := []string{ishareSeedFailure, ishareSeedSuccess, ishareDocSuccess, ishare1019, ishare1023, ishareVariantPrefixed, ishareVariantTypedCode, ishareVariantStringCode,
		strings.Replace(ishareSeedFailure, "1024", "1001", 1), strings.Replace(ishareSeedFailure, "<Description>Client authentication failed</Description>", "", 1)}
	gus := []string{ishareSchedules, ishareNoSchedules, ishareNullSchedules, ishare1001, ishareSchedule1023, ishareVariantSchedules,
		strings.Replace(ishare1001, "1001", "1024", 1)}
	cases := map[string][]string{
		"ishare/createsessionkey.xsd": append(append([]string{}, csk...), ishareGETSuccess, ishareGETFailure),
		"ishare/getuserschedule.xsd":  append(append([]string{}, gus...), ishareGETSchedules, ishareGETSchedule1001),
		"ishare/soap11.xsd": {soap11(ishareFault11), soap11(ishareVariantFault11), strings.Replace(soap11(ishareDocSuccess), "</soap:Body>", "</soap:Body><x:After xmlns:x=\"urn:x\"/>", 1),
			strings.Replace(soap11(ishareDocSuccess), "<soap:Envelope ", `<soap:Envelope soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" `, 1)},
		"ishare/soap12.xsd": {soap12(ishareFault12)},
	}
	for _, p := range append(csk, gus...) {
		cases["ishare/soap11.xsd"] = append(cases["ishare/soap11.xsd"], soap11(p))
		cases["ishare/soap12.xsd"] = append(cases["ishare/soap12.xsd"], soap12(p))
	}
	for schema, bodies := range cases {
		for i, b := range bodies {
			if err := Validate(schema, []byte(b)); err != nil {
				t.Errorf("%s rejects documented answer %d: %v", schema, i, err)
			}
		}
	}
}

func TestIshareSchemasRejectBrokenAnswers(t *testing.T) {
	broken := map[string]map[string]string{
		"ishare/createsessionkey.xsd": {
			"no Success":                strings.Replace(ishareDocSuccess, "<Success>true</Success>", "", 1),
			"two Success elements":      strings.Replace(ishareDocSuccess, "<Success>true</Success>", "<Success>true</Success><Success>false</Success>", 1),
			"Success not a boolean":     strings.Replace(ishareDocSuccess, ">true<", ">yes<", 1),
			"Success True capitalised":  strings.Replace(ishareDocSuccess, ">true<", ">True<", 1),
			"ClientId not an int":       strings.Replace(ishareDocSuccess, "<ClientId>7<", "<ClientId>seven<", 1),
			"ClientId over xs:int":      strings.Replace(ishareDocSuccess, "<ClientId>7<", "<ClientId>4294967296<", 1),
			"no Code":                   strings.Replace(ishareSeedFailure, "<Code>1024</Code>", "", 1),
			"Code holding an element":   strings.Replace(ishareSeedFailure, "<Code>1024</Code>", "<Code><Value>1024</Value></Code>", 1),
			"no result element":         `<CreateSessionKeyResponse xmlns="http://tempuri.org/"/>`,
			"another namespace":         strings.Replace(ishareDocSuccess, "http://tempuri.org/", "http://example.org/", 1),
			"no namespace":              strings.Replace(ishareDocSuccess, ` xmlns="http://tempuri.org/"`, "", 1),
			"the other method's answer": ishareSchedules,
			"HTML error page":           "<!DOCTYPE html>\n<html><head><title>Runtime Error</title></head><body></body></html>",
			"plain text":                "System.NullReferenceException: Object reference not set to an instance of an object.\r\n",
		},
		"ishare/getuserschedule.xsd": {
			"no Success":                  strings.Replace(ishareSchedules, "<Success>true</Success>", "", 1),
			"definition without LastRun":  strings.Replace(ishareSchedules, "<LastRun>2024-03-04T11:00:00</LastRun>", "", 1),
			"definition without UserId":   strings.Replace(ishareSchedules, "<UserId>1057</UserId>", "", 1),
			"definition with two UserIds": strings.Replace(ishareSchedules, "<UserId>1057</UserId>", "<UserId>1057</UserId><UserId>1058</UserId>", 1),
			"Success not a boolean":       strings.Replace(ishare1001, "<Success>false<", "<Success>no<", 1),
			"the other method's answer":   ishareDocSuccess,
			"bare result missing Success": strings.Replace(ishareGETSchedules, "<Success>true</Success>", "", 1),
		},
		"ishare/soap11.xsd": {
			"SOAP 1.2 envelope":               soap12(ishareDocSuccess),
			"empty Body":                      soap11(""),
			"two elements in the Body":        soap11(ishareDocSuccess + ishareDocSuccess),
			"an unqualified answer":           soap11(strings.Replace(ishareDocSuccess, ` xmlns="http://tempuri.org/"`, "", 1)),
			"fault without faultstring":       soap11(`<soap:Fault><faultcode>soap:Client</faultcode></soap:Fault>`),
			"fault with an unqualified extra": soap11(`<soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring><extra/></soap:Fault>`),
			"text in the Body":                soap11("text"),
			"fault code with unbound prefix":  soap11(`<soap:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring></soap:Fault>`),
			"fault with qualified children":   soap11(`<soap:Fault><soap:faultcode>soap:Client</soap:faultcode><soap:faultstring>x</soap:faultstring></soap:Fault>`),
			"no Body":                         ishareEnv11Open[:strings.Index(ishareEnv11Open, "<soap:Body>")] + "</soap:Envelope>",
			"HTML error page":                 "<!DOCTYPE html>\n<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>",
			"bare result":                     ishareGETSuccess,
		},
		"ishare/soap12.xsd": {
			"SOAP 1.1 envelope":           soap11(ishareDocSuccess),
			"SOAP 1.1 fault in 1.2":       soap12(`<soap12:Fault><faultcode>soap12:Client</faultcode><faultstring>x</faultstring></soap12:Fault>`),
			"fault without Reason":        soap12(`<soap12:Fault><soap12:Code><soap12:Value>soap12:Sender</soap12:Value></soap12:Code></soap12:Fault>`),
			"fault with a 1.1 code value": soap12(strings.Replace(ishareFault12, "soap12:Sender", "soap12:Client", 1)),
			"empty Body":                  soap12(""),
		},
	}
	for schema, cases := range broken {
		for what, body := range cases {
			err := Validate(schema, []byte(body))
			var v *Violation
			if !errors.As(err, &v) {
				t.Errorf("%s accepts an answer with %s: %v", schema, what, err)
			}
		}
	}
}

// soapPayload returns the element in the soap:Body of a reference server answer (the server
// declares its namespace on the element itself).
func soapPayload(t *testing.T, body []byte) string {
	t.Helper()
	s := string(body)
	_, rest, ok := strings.Cut(s, "<soap:Body>")
	if !ok {
		t.Fatalf("no soap:Body in %s", s)
	}
	payload, _, ok := strings.Cut(rest, "</soap:Body>")
	if !ok {
		t.Fatalf("no soap:Body end in %s", s)
	}
	return payload
}

// TestIshareSchemasAcceptTheReferenceServer validates every answer shape of the reference server,
// in both SOAP versions and the HTTP-GET binding, and its WSDL.
func TestIshareSchemasAcceptTheReferenceServer(t *testing.T) {
	ts := httptest.NewServer(ishare.New(refkit.Options{}))
	defer ts.Close()
	ctx := context.Background()
	demo := ishare.DemoAccounts()
	main, broken := demo[0], demo[3]
	for _, v := range []client.SOAPVersion{client.SOAP11, client.SOAP12} {
		c := client.New(ts.URL, ts.Client())
		c.Version = v
		envelope := "ishare/soap11.xsd"
		if v == client.SOAP12 {
			envelope = "ishare/soap12.xsd"
		}
		check := func(what, payloadSchema string, body []byte) {
			t.Helper()
			if err := Validate(envelope, body); err != nil {
				t.Errorf("SOAP %s %s: %v", v, what, err)
			}
			if payloadSchema == "" {
				return
			}
			if err := Validate(payloadSchema, []byte(soapPayload(t, body))); err != nil {
				t.Errorf("SOAP %s %s payload: %v", v, what, err)
			}
		}
		ok, err := c.CreateSessionKey(ctx, main.Username, main.Password, main.Key)
		if err != nil || !ok.Success {
			t.Fatalf("login: %v %+v", err, ok)
		}
		check("success", "ishare/createsessionkey.xsd", ok.Exchange.Body)
		for _, in := range []struct{ what, u, p, k string }{
			{"1024", main.Username, "wrong", main.Key},
			{"1019", broken.Username, broken.Password, broken.Key},
			{"1023", main.Username, "", main.Key},
		} {
			r, err := c.CreateSessionKey(ctx, in.u, in.p, in.k)
			if err != nil {
				t.Fatal(err)
			}
			check(in.what, "ishare/createsessionkey.xsd", r.Exchange.Body)
		}
		s, err := c.GetUserSchedule(ctx, ok.ClientID, ok.SessionKey)
		if err != nil || !s.Success {
			t.Fatalf("schedules: %v %+v", err, s)
		}
		check("schedules", "ishare/getuserschedule.xsd", s.Exchange.Body)
		for _, in := range []struct {
			what string
			id   int
			key  string
		}{{"1001", ok.ClientID, "nope"}, {"1023", ok.ClientID, ""}, {"1001 other client", ok.ClientID + 1, ok.SessionKey}} {
			r, err := c.GetUserSchedule(ctx, in.id, in.key)
			if err != nil {
				t.Fatal(err)
			}
			check(in.what, "ishare/getuserschedule.xsd", r.Exchange.Body)
		}
		x, err := c.Send(ctx, http.MethodPost, "", []byte("<soap:Envelope"), c.SOAPHeader(client.MethodCreateSessionKey))
		if err != nil {
			t.Fatal(err)
		}
		check("fault", "", x.Body)
		h := c.SOAPHeader(client.MethodCreateSessionKey)
		h.Set("SOAPAction", "urn:nope")
		h.Set("Content-Type", strings.Replace(h.Get("Content-Type"), "CreateSessionKey", "Nope", 1))
		x, err = c.Send(ctx, http.MethodPost, "", c.Envelope(client.MethodCreateSessionKey), h)
		if err != nil {
			t.Fatal(err)
		}
		check("unknown action fault", "", x.Body)
	}
	c := client.New(ts.URL, ts.Client())
	x, err := c.Send(ctx, http.MethodPost, "", []byte(`{"Username":"x"}`), http.Header{"Content-Type": {"application/json"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate("ishare/soap11.xsd", x.Body); err != nil {
		t.Errorf("415 fault: %v", err)
	}
	ok, err := c.CreateSessionKeyGET(ctx, main.Username, main.Password, main.Key)
	if err != nil || !ok.Success {
		t.Fatalf("GET login: %v %+v", err, ok)
	}
	bad, err := c.CreateSessionKeyGET(ctx, main.Username, "", main.Key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.GetUserScheduleGET(ctx, ok.ClientID, ok.SessionKey)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := c.GetUserScheduleGET(ctx, ok.ClientID, "nope")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		what, schema string
		body         []byte
	}{
		{"GET success", "ishare/createsessionkey.xsd", ok.Exchange.Body},
		{"GET 1023", "ishare/createsessionkey.xsd", bad.Exchange.Body},
		{"GET schedules", "ishare/getuserschedule.xsd", s.Exchange.Body},
		{"GET 1001", "ishare/getuserschedule.xsd", gone.Exchange.Body},
	} {
		if err := Validate(r.schema, r.body); err != nil {
			t.Errorf("%s: %v", r.what, err)
		}
	}
	w, err := c.WSDL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate("ishare/wsdl.xsd", w.Exchange.Body); err != nil {
		t.Errorf("WSDL: %v", err)
	}
}

func TestIshareWSDLSchemaRejectsBrokenDescriptions(t *testing.T) {
	ts := httptest.NewServer(ishare.New(refkit.Options{}))
	defer ts.Close()
	w, err := client.New(ts.URL, ts.Client()).WSDL(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	doc := string(w.Exchange.Body)
	broken := map[string]string{
		"no targetNamespace":       strings.Replace(doc, ` targetNamespace="http://tempuri.org/"`, "", 1),
		"operation without a name": strings.Replace(doc, `<wsdl:operation name="CreateSessionKey">`, `<wsdl:operation>`, 1),
		"port without a binding":   strings.Replace(doc, ` binding="tns:UsersSoap"`, "", 1),
		"an unknown WSDL element":  strings.Replace(doc, "<wsdl:types>", "<wsdl:typez/><wsdl:types>", 1),
		"not a WSDL":               "<html><body>Users Web Service</body></html>",
	}
	for what, body := range broken {
		err := Validate("ishare/wsdl.xsd", []byte(body))
		var v *Violation
		if !errors.As(err, &v) {
			t.Errorf("wsdl.xsd accepts a description with %s: %v", what, err)
		}
	}
}
