package ishare

import (
	"net/http"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

// FuzzParseAnswers throws arbitrary answers at every ishare parser (SOAP
// and HTTP-GET bindings, both methods, the WSDL) and at Classify: nothing
// panics, a refusal is a wire error of a documented kind, an accepted
// success carries a session key, and Classify never calls an answer the
// parser refuses an issued token.
func FuzzParseAnswers(f *testing.F) {
	ok := `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
		`<CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult><ClientId>7</ClientId><SessionKey>0b1c2d3e</SessionKey>` +
		`<Success>true</Success></CreateSessionKeyResult></CreateSessionKeyResponse></soap:Body></soap:Envelope>`
	f.Add(200, "text/xml; charset=utf-8", []byte(ok))
	f.Add(200, "text/xml", []byte(`<?xml version="1.0"?><SessionKeyResult xmlns="http://tempuri.org/"><Error><Code>1024</Code><Description>Invalid</Description></Error><Success>false</Success></SessionKeyResult>`))
	f.Add(500, "text/xml", []byte(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`))
	f.Add(200, "application/soap+xml", []byte(`<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code></env:Fault></env:Body></env:Envelope>`))
	f.Add(200, "text/xml", []byte(`<UserScheduleResult xmlns="http://tempuri.org/"><Success>true</Success><UserSchedule><UserScheduleDefinition><UserId>1</UserId><Interval>60</Interval><LastRun>2024-03-04T06:30:00</LastRun></UserScheduleDefinition></UserSchedule></UserScheduleResult>`))
	f.Add(200, "text/xml", []byte(`<!DOCTYPE x [<!ENTITY a SYSTEM "http://127.0.0.1:1/">]><x>&a;</x>`))
	f.Add(200, "text/xml", []byte(`<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		c := New("http://127.0.0.1:1", nil)
		x := func() *wire.Exchange {
			return &wire.Exchange{Status: status, Header: http.Header{"Content-Type": {contentType}}, Body: body}
		}
		refused := func(what string, err error) {
			t.Helper()
			if k := wire.KindOf(err); k != wire.KindMalformed && k != wire.KindContentType {
				t.Fatalf("%s refused with %v (kind %q)", what, err, k)
			}
		}
		for name, parse := range map[string]func(*wire.Exchange) (*SessionKeyResult, error){
			"CreateSessionKey": c.ParseCreateSessionKey, "CreateSessionKey GET": c.ParseCreateSessionKeyGET,
		} {
			r, err := parse(x())
			if err != nil {
				refused(name, err)
				continue
			}
			if r.Success && r.SessionKey == "" {
				t.Fatalf("%s: success without a session key", name)
			}
			_ = r.Code()
		}
		for name, parse := range map[string]func(*wire.Exchange) (*ScheduleResult, error){
			"GetUserSchedule": c.ParseGetUserSchedule, "GetUserSchedule GET": c.ParseGetUserScheduleGET,
		} {
			if r, err := parse(x()); err != nil {
				refused(name, err)
			} else {
				_ = r.Code()
			}
		}
		if _, err := ParseWSDL(x()); err != nil {
			refused("WSDL", err)
		}
		issued, code := Classify(status, body)
		if issued && code != "" {
			t.Fatalf("Classify: issued with code %q", code)
		}
	})
}
