package ishare

import (
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
)

const (
	prefixedAnswer = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://tempuri.org/">
  <s:Header><x:Trace xmlns:x="urn:x">1</x:Trace></s:Header>
  <s:Body>
    <tns:CreateSessionKeyResponse><tns:CreateSessionKeyResult><tns:Success>true</tns:Success><tns:ClientId>7</tns:ClientId><tns:SessionKey>3c0b7a52-5f0e-4d55-9f5c-2b8e6d0a4f13</tns:SessionKey></tns:CreateSessionKeyResult></tns:CreateSessionKeyResponse>
  </s:Body>
</s:Envelope>`
	unqualifiedAnswer = `<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body><t:GetUserScheduleResponse xmlns:t="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success><Extra>x</Extra><Schedules><UserScheduleDefinition><LastRun>now</LastRun><UserId>1</UserId><Interval>60</Interval></UserScheduleDefinition></Schedules></GetUserScheduleResult></t:GetUserScheduleResponse></soap12:Body></soap12:Envelope>`
	bareGET           = `<?xml version='1.0'?>` + "\r\n" + `<CreateSessionKeyResult xmlns='http://tempuri.org/' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><Success>false</Success><Error><Code xsi:type='xsd:int' xmlns:xsd='http://www.w3.org/2001/XMLSchema'>1023</Code></Error><ClientId xsi:nil='true'/></CreateSessionKeyResult>`
)

func TestCheckPayloadAcceptsLegalForms(t *testing.T) {
	for _, tc := range []struct {
		what, method, body string
		b                  binding
	}{
		{"prefixed", client.MethodCreateSessionKey, prefixedAnswer, bySOAP},
		{"unqualified children, another list element, extras", client.MethodGetUserSchedule, unqualifiedAnswer, bySOAP},
		{"HTTP-GET with the method-named root", client.MethodCreateSessionKey, bareGET, byGET},
	} {
		if err := checkPayload(tc.method, tc.b, &wire.Exchange{Body: []byte(tc.body)}, client.DefaultNamespace); err != nil {
			t.Errorf("%s: %v", tc.what, err)
		}
	}
	other := strings.ReplaceAll(prefixedAnswer, "http://tempuri.org/", "urn:astun")
	if err := checkPayload(client.MethodCreateSessionKey, bySOAP, &wire.Exchange{Body: []byte(other)}, "urn:astun"); err != nil {
		t.Errorf("another namespace setting: %v", err)
	}
}

func TestCheckPayloadReportsViolations(t *testing.T) {
	broken := map[string]string{
		"no Success":         strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "", 1),
		"two Success":        strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "<tns:Success>true</tns:Success><Success>true</Success>", 1),
		"ClientId not int":   strings.Replace(prefixedAnswer, ">7<", ">seven<", 1),
		"Success an element": strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "<tns:Success><b>true</b></tns:Success>", 1),
		"error without code": strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "<tns:Error><tns:Description>x</tns:Description></tns:Error><tns:Success>false</tns:Success>", 1),
		"Success True":       strings.Replace(prefixedAnswer, ">true<", ">True<", 1),
		"nil with content":   strings.Replace(prefixedAnswer, "<tns:ClientId>7", `<tns:ClientId xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">7`, 1),
	}
	for what, body := range broken {
		err := checkPayload(client.MethodCreateSessionKey, bySOAP, &wire.Exchange{Body: []byte(body)}, client.DefaultNamespace)
		if err == nil || !strings.Contains(err.Error(), "does not match") {
			t.Errorf("%s: want a schema violation, got %v", what, err)
		}
	}
	def := strings.Replace(unqualifiedAnswer, "<UserId>1</UserId>", "", 1)
	if err := checkPayload(client.MethodGetUserSchedule, bySOAP, &wire.Exchange{Body: []byte(def)}, client.DefaultNamespace); err == nil {
		t.Error("a definition without UserId passed")
	}
	// Faults, other documents and unreadable bodies are not the payload check's business.
	for _, body := range []string{
		`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
		`<html><body>error</body></html>`,
		`<soap:Envelope`,
		``,
	} {
		if err := checkPayload(client.MethodCreateSessionKey, bySOAP, &wire.Exchange{Body: []byte(body)}, client.DefaultNamespace); err != nil {
			t.Errorf("%q: want no payload check, got %v", body, err)
		}
	}
}

func TestSchemaForPicksTheEnvelopeByNamespace(t *testing.T) {
	for body, want := range map[string]string{
		prefixedAnswer:        schemaSOAP11,
		unqualifiedAnswer:     schemaSOAP12,
		"<html>oops</html>":   "",
		"plain text, not XML": "",
	} {
		if got := schemaFor(client.OpCreateSessionKey, &wire.Exchange{Status: 500, Body: []byte(body)}); got != want {
			t.Errorf("%.30q: %q, want %q", body, got, want)
		}
	}
	if got := schemaFor(client.OpWSDL, &wire.Exchange{Status: 404, Body: []byte("<html/>")}); got != "" {
		t.Errorf("a 404 WSDL answer is checked against %s", got)
	}
}
