package ishare

import (
	"strings"
	"testing"
)

const (
	tEnv11 = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>`
	tEnv12 = `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>`
	tClose = `</soap:Body></soap:Envelope>`
	tLogin = `<CreateSessionKey xmlns="http://tempuri.org/"><Username>mycouncil</Username><Password>Wy7#kQ2v!pLm</Password><Key>8C1D5B7E</Key></CreateSessionKey>`
)

// fastCorpus are requests the fast path must take (fast: true) or may
// leave to encoding/xml.
var fastCorpus = []struct {
	name string
	body string
	v    soapVersion
	fast bool
}{
	{"client SOAP 1.1", `<?xml version="1.0" encoding="utf-8"?>` + tEnv11 + tLogin + tClose, soap11, true},
	{"client SOAP 1.2", `<?xml version="1.0" encoding="utf-8"?>` + tEnv12 + tLogin + tClose, soap12, true},
	{"no declaration", tEnv11 + tLogin + tClose, soap11, true},
	{"suds", `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:ns0="http://tempuri.org/" xmlns:ns1="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><ns1:Body><ns0:CreateSessionKey><ns0:Username>u</ns0:Username><ns0:Password>p</ns0:Password><ns0:Key>k</ns0:Key></ns0:CreateSessionKey></ns1:Body></SOAP-ENV:Envelope>`, soap11, true},
	{".NET style with whitespace", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n  <soap:Body>\n    <GetUserSchedule xmlns=\"http://tempuri.org/\">\n      <ClientId>7</ClientId>\n      <SessionKey>abc</SessionKey>\n    </GetUserSchedule>\n  </soap:Body>\n</soap:Envelope>\n", soap11, true},
	{"entities", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>a&amp;b</Username><Password>&lt;&quot;&apos;&gt;</Password><Key>k</Key></CreateSessionKey>` + tClose, soap11, true},
	{"empty and self-closing params", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username/><Password></Password></CreateSessionKey>` + tClose, soap11, true},
	{"self-closing method", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"/>` + tClose, soap11, true},
	{"header with content", `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><a:Action xmlns:a="urn:a" s:mustUnderstand="1">x</a:Action></s:Header><s:Body>` + tLogin + `</s:Body></s:Envelope>`, soap11, true},
	{"unknown element skipped", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><X a='1'><Y/>t</X><Username>u</Username></CreateSessionKey>` + tClose, soap11, true},
	{"duplicate parameter", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>a</Username><Username>b</Username></CreateSessionKey>` + tClose, soap11, true},
	{"parameter in no namespace", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username xmlns="">u</Username></CreateSessionKey>` + tClose, soap11, true},
	{"single quotes, spaces around =", `<soap:Envelope xmlns:soap = 'http://schemas.xmlsoap.org/soap/envelope/' ><soap:Body >` + tLogin + `</soap:Body ></soap:Envelope >`, soap11, true},
	{"standalone declaration", `<?xml version='1.0' encoding='UTF-8' standalone='yes'?>` + tEnv11 + tLogin + tClose, soap11, true},

	// Left to encoding/xml (valid or not): the results must agree anyway.
	{"comment", `<!-- c -->` + tEnv11 + tLogin + tClose, soap11, false},
	{"CDATA", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username><![CDATA[u<]]></Username></CreateSessionKey>` + tClose, soap11, false},
	{"character reference", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&#65;</Username></CreateSessionKey>` + tClose, soap11, false},
	{"CR in text", tEnv11 + "<CreateSessionKey xmlns=\"http://tempuri.org/\"><Username>a\r\nb</Username></CreateSessionKey>" + tClose, soap11, false},
	{"non-ASCII", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>Zoë</Username></CreateSessionKey>` + tClose, soap11, false},
	{"xsi:nil", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username xsi:nil="true"/></CreateSessionKey>` + tClose, soap11, true},
	{"version mismatch", tEnv12 + tLogin + tClose, soap11, false},
	{"malformed", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>u</Key>`, soap11, false},
	{"unclosed", tEnv11 + tLogin, soap11, false},
	{"trailing element", tEnv11 + tLogin + tClose + `<x/>`, soap11, false},
	{"trailing comment", tEnv11 + tLogin + tClose + `<!-- x -->`, soap11, false},
	{"two methods", tEnv11 + tLogin + tLogin + tClose, soap11, false},
	{"unbound prefix", `<soap:Envelope><soap:Body>` + tLogin + tClose, soap11, false},
	{"DTD", `<!DOCTYPE x>` + tEnv11 + tLogin + tClose, soap11, false},
	{"unknown entity", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&x;</Username></CreateSessionKey>` + tClose, soap11, false},
	{"latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?>` + tEnv11 + tLogin + tClose, soap11, false},
	{"duplicate attribute", `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" a="1" a="2"><soap:Body>` + tLogin + tClose, soap11, false},
	{"element in parameter", tEnv11 + `<CreateSessionKey xmlns="http://tempuri.org/"><Username><b/></Username></CreateSessionKey>` + tClose, soap11, false},
	{"text in Body", tEnv11 + `x` + tLogin + tClose, soap11, false},
	{"empty", ``, soap11, false},
	{"BOM", "\ufeff" + tEnv11 + tLogin + tClose, soap11, false},
	{"deep header", `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>` + strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20) + `</s:Header><s:Body>` + tLogin + `</s:Body></s:Envelope>`, soap11, false},
	{"mismatched end tag", tEnv11 + tLogin + `</soap:Bodyx></soap:Envelope>`, soap11, false},
	{"prefix redeclared inside", `<a:Envelope xmlns:a="http://schemas.xmlsoap.org/soap/envelope/"><a:Body><a:CreateSessionKey xmlns:a="http://tempuri.org/"><a:Username>u</a:Username></a:CreateSessionKey></a:Body></a:Envelope>`, soap11, true},
}

// TestFastParseAgreesWithEncodingXML checks the fast path on the corpus:
// it takes the common shapes, and whenever it accepts a request,
// parseEnvelope accepts it too with the same method and parameters.
func TestFastParseAgreesWithEncodingXML(t *testing.T) {
	for _, tc := range fastCorpus {
		c, ok := fastParse([]byte(tc.body), tc.v, "http://tempuri.org/", false)
		if ok != tc.fast {
			t.Errorf("%s: fast path ok=%v, want %v", tc.name, ok, tc.fast)
		}
		if ok {
			agree(t, tc.name, []byte(tc.body), tc.v, c)
		}
	}
}

// agree fails unless parseEnvelope decodes body to c.
func agree(t *testing.T, name string, body []byte, v soapVersion, c call) {
	t.Helper()
	want, rerr := parseEnvelope(body, v, "http://tempuri.org/", false)
	if rerr != nil {
		t.Fatalf("%s: the fast path accepted what encoding/xml refuses (%s):\n%q", name, rerr.reason, body)
	}
	if want.op != c.op || want.args != c.args {
		t.Fatalf("%s: fast path %s %+v, encoding/xml %s %+v:\n%q", name, opName(c.op), c.args, opName(want.op), want.args, body)
	}
}

func opName(op *operation) string {
	if op == nil {
		return "<nil>"
	}
	return op.name
}

// FuzzFastParse holds the fast path to encoding/xml on arbitrary input, and
// checks that neither parser panics.
func FuzzFastParse(f *testing.F) {
	for _, tc := range fastCorpus {
		f.Add([]byte(tc.body), tc.v == soap12)
	}
	f.Fuzz(func(t *testing.T, body []byte, v12 bool) {
		v := soap11
		if v12 {
			v = soap12
		}
		slow, rerr := parseEnvelope(body, v, "http://tempuri.org/", false)
		if rerr == nil && slow.op == nil {
			t.Fatalf("parseEnvelope accepted a request without a method: %q", body)
		}
		if rerr != nil && (rerr.status < 400 || rerr.reason == "") {
			t.Fatalf("parseEnvelope refusal without status or reason: %+v", rerr)
		}
		if c, ok := fastParse(body, v, "http://tempuri.org/", false); ok {
			agree(t, "fuzz", body, v, c)
		}
	})
}

// TestFastParseUnqualifiedParameters checks both parsers with unqualified
// parameters (DialectUnqualified): the method element in the namespace,
// its parameters in none - or qualified, which is read too.
func TestFastParseUnqualifiedParameters(t *testing.T) {
	const ns = "http://tempuri.org/"
	unq := []byte(tEnv11 + `<tns:CreateSessionKey xmlns:tns="http://tempuri.org/"><Username>u</Username><Password>p</Password><Key>k</Key></tns:CreateSessionKey></soap:Body></soap:Envelope>`)
	qual := []byte(tEnv11 + tLogin + `</soap:Body></soap:Envelope>`)
	for _, tc := range []struct {
		name string
		body []byte
		// byQualified says whether a server reading qualified parameters
		// only reads them all.
		byQualified bool
	}{{"unqualified", unq, false}, {"qualified", qual, true}} {
		if slow, _ := parseEnvelope(tc.body, soap11, ns, false); slow.args.complete(3) != tc.byQualified {
			t.Errorf("%s parameters read whole by a qualified server: %v, want %v", tc.name, slow.args.complete(3), tc.byQualified)
		}
		slow, rerr := parseEnvelope(tc.body, soap11, ns, true)
		if rerr != nil || slow.op == nil || !slow.args.complete(3) {
			t.Errorf("%s: parseEnvelope %+v %v", tc.name, slow.args, rerr)
		}
		if c, ok := fastParse(tc.body, soap11, ns, true); ok && (c.op != slow.op || c.args != slow.args) {
			t.Errorf("%s: fast path %+v, encoding/xml %+v", tc.name, c.args, slow.args)
		}
	}
}
