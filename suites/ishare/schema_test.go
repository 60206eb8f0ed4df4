package ishare

import (
	"strings"
	"testing"

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
	defaultAnswer = `<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body><GetUserScheduleResponse xmlns="http://tempuri.org/"><GetUserScheduleResult><Success>true</Success><UserSchedule /></GetUserScheduleResult></GetUserScheduleResponse></soap12:Body></soap12:Envelope>`
)

func TestBodyElementCarriesTheDeclarationsInScope(t *testing.T) {
	name, frag, ok := bodyElement([]byte(prefixedAnswer))
	if !ok || name.Local != "CreateSessionKeyResponse" || name.Space != "http://tempuri.org/" {
		t.Fatalf("bodyElement = %v %v", name, ok)
	}
	if !strings.HasPrefix(string(frag), `<tns:CreateSessionKeyResponse xmlns:tns="http://tempuri.org/" xmlns:s=`) {
		t.Errorf("the fragment does not declare its prefix: %s", frag)
	}
	if err := checkPayload(&wire.Exchange{Body: []byte(prefixedAnswer)}); err != nil {
		t.Errorf("a valid prefixed answer: %v", err)
	}
	if err := checkPayload(&wire.Exchange{Body: []byte(defaultAnswer)}); err != nil {
		t.Errorf("a valid SOAP 1.2 answer: %v", err)
	}
}

func TestCheckPayloadReportsViolations(t *testing.T) {
	broken := map[string]string{
		"no Success":         strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "", 1),
		"ClientId not int":   strings.Replace(prefixedAnswer, ">7<", ">seven<", 1),
		"undocumented code":  strings.Replace(defaultAnswer, "<Success>true</Success><UserSchedule />", "<Error><Code>1099</Code><Description>x</Description></Error><Success>false</Success>", 1),
		"failure with a key": strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "<tns:Error><tns:Code>1024</tns:Code><tns:Description>x</tns:Description></tns:Error><tns:Success>false</tns:Success>", 1),
	}
	for what, body := range broken {
		err := checkPayload(&wire.Exchange{Body: []byte(body)})
		if err == nil || !strings.Contains(err.Error(), "does not match") {
			t.Errorf("%s: want a schema violation, got %v", what, err)
		}
	}
	// Faults, other documents and unreadable bodies are not the payload check's business.
	for _, body := range []string{
		`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
		`<SessionKeyResult xmlns="http://tempuri.org/"><Success>true</Success></SessionKeyResult>`,
		`<html><body>error</body></html>`,
		`<soap:Envelope`,
		``,
	} {
		if err := checkPayload(&wire.Exchange{Body: []byte(body)}); err != nil {
			t.Errorf("%q: want no payload check, got %v", body, err)
		}
	}
}
