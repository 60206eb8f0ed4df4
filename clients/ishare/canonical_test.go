package ishare

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/schemas"
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

// schemaOf is the payload schema of a method's canonical copy.
func schemaOf(method string) string {
	if method == MethodGetUserSchedule {
		return "ishare/getuserschedule.xsd"
	}
	return "ishare/createsessionkey.xsd"
}

// canonicalOf finds the result of method in body as the parsers do (a SOAP
// answer, or bare for the HTTP-GET binding) without their other checks, and
// validates its canonical copy against the method's schema.
func canonicalOf(t *testing.T, method, body string, bare bool, ns string) error {
	t.Helper()
	var n *node
	var err error
	if bare {
		n, err = decodeBare([]byte(body), ns, ResultNames(method))
	} else {
		var env *envelope
		if env, err = decodeEnvelope([]byte(body)); err == nil {
			n, err = findResult(env.body, ns, method)
		}
	}
	if err != nil {
		t.Fatalf("no %s result in %s: %v", method, body, err)
	}
	return schemas.Validate(schemaOf(method), payload{n, ns}.canonical(method))
}

func TestCanonicalAcceptsLegalForms(t *testing.T) {
	for _, tc := range []struct {
		what, method, body string
		bare               bool
	}{
		{"prefixed", MethodCreateSessionKey, prefixedAnswer, false},
		{"unqualified children, another list element, extras", MethodGetUserSchedule, unqualifiedAnswer, false},
		{"HTTP-GET with the method-named root", MethodCreateSessionKey, bareGET, true},
	} {
		if err := canonicalOf(t, tc.method, tc.body, tc.bare, DefaultNamespace); err != nil {
			t.Errorf("%s: %v", tc.what, err)
		}
	}
	other := strings.ReplaceAll(prefixedAnswer, "http://tempuri.org/", "urn:astun")
	if err := canonicalOf(t, MethodCreateSessionKey, other, false, "urn:astun"); err != nil {
		t.Errorf("another namespace setting: %v", err)
	}
	// What the parsers read carries the same copy.
	c := &Client{}
	r, err := c.ParseGetUserSchedule(exchange(200, "text/xml", unqualifiedAnswer))
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(schemaOf(MethodGetUserSchedule), r.Canonical()); err != nil {
		t.Errorf("the parsed result's copy: %v", err)
	}
}

func TestCanonicalReportsViolations(t *testing.T) {
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
		if err := canonicalOf(t, MethodCreateSessionKey, body, false, DefaultNamespace); err == nil {
			t.Errorf("%s: want a schema violation", what)
		}
	}
	def := strings.Replace(unqualifiedAnswer, "<UserId>1</UserId>", "", 1)
	if err := canonicalOf(t, MethodGetUserSchedule, def, false, DefaultNamespace); err == nil {
		t.Error("a definition without UserId passed")
	}
}

// TestCanonicalOnlyOfResults: a fault carries no result to copy, and what
// is no answer of the method never reaches the payload check.
func TestCanonicalOnlyOfResults(t *testing.T) {
	c := &Client{}
	f, err := c.ParseCreateSessionKey(exchange(500, "text/xml", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`))
	if err != nil || f.Fault == nil {
		t.Fatalf("a fault: %v %+v", err, f)
	}
	if cp := f.Canonical(); cp != nil {
		t.Errorf("a fault has a result copy %q", cp)
	}
	for _, body := range []string{`<html><body>error</body></html>`, `<soap:Envelope`, ``} {
		if r, err := c.ParseCreateSessionKey(exchange(200, "text/xml", body)); err == nil {
			t.Errorf("%q: read as %+v", body, r)
		}
	}
}
