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

// TestAnswersCheckTheResult: the answer adapters validate the client's
// canonical copy of every result (the copy's own legal forms and
// violations are clients/ishare's TestCanonical* tests): legal forms read as
// documented, a schema violation the client let through is no documented
// answer, and a fault is judged by its code alone.
func TestAnswersCheckTheResult(t *testing.T) {
	c := &client.Client{}
	for _, tc := range []struct {
		what, body string
		get        bool
	}{
		{"prefixed", prefixedAnswer, false},
		{"HTTP-GET with the method-named root", bareGET, true},
	} {
		parse := c.ParseCreateSessionKey
		if tc.get {
			parse = c.ParseCreateSessionKeyGET
		}
		r, err := parse(&wire.Exchange{Status: 200, Body: []byte(tc.body)})
		if ans := keyAnswer(tc.what, client.OpCreateSessionKey, r, err); !ans.Documented() {
			t.Errorf("%s: %s", tc.what, ans)
		}
	}
	r, err := c.ParseGetUserSchedule(&wire.Exchange{Status: 200, Body: []byte(unqualifiedAnswer)})
	if ans := scheduleAnswer("unqualified children, another list element, extras", client.OpGetUserSchedule, r, err); !ans.Documented() || !ans.OK {
		t.Errorf("%s", ans)
	}
	// Two Success elements: the client reads the first, the schema refuses the pair.
	two := strings.Replace(prefixedAnswer, "<tns:Success>true</tns:Success>", "<tns:Success>true</tns:Success><Success>true</Success>", 1)
	k, err := c.ParseCreateSessionKey(&wire.Exchange{Status: 200, Body: []byte(two)})
	if ans := keyAnswer("two Success", client.OpCreateSessionKey, k, err); ans.Err == nil || !strings.Contains(ans.Err.Error(), "does not match") {
		t.Errorf("two Success: want a schema violation, got %s", ans)
	}
	f, err := c.ParseCreateSessionKey(&wire.Exchange{Status: 500, Body: []byte(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`)})
	if ans := keyAnswer("a fault", client.OpCreateSessionKey, f, err); !ans.Refused || ans.Err != nil {
		t.Errorf("a fault: %s", ans)
	}
	if err := checkPayload(client.MethodCreateSessionKey, nil); err != nil {
		t.Errorf("no result copy: %v", err)
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
