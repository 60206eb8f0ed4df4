package ishare

import (
	"encoding/xml"
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
	"io"
	"net/http"
	"strings"
	"testing"
)

// decodedCall is what a server reads from one of the client's envelopes.
type decodedCall struct {
	XMLName xml.Name
	Body    struct {
		Method struct {
			XMLName xml.Name
			Params  []struct {
				XMLName xml.Name
				Value   string `xml:",chardata"`
			} `xml:",any"`
		} `xml:",any"`
	} `xml:"Body"`
}

func decodeCall(t *testing.T, body []byte) decodedCall {
	t.Helper()
	var d decodedCall
	if err := xml.Unmarshal(body, &d); err != nil {
		t.Fatalf("the client's envelope is not well-formed: %v\n%s", err, body)
	}
	return d
}

// TestCreateSessionKeyRequest checks the SOAP 1.1 request: POST to the
// service path, text/xml, the quoted SOAPAction, and an envelope whose
// values round-trip through a strict XML decoder, special characters
// included.
func TestCreateSessionKeyRequest(t *testing.T) {
	c := New("https://maps.example.gov.uk/MyAlerts/", nil)
	pass := "p&ss<w>rd\"'\r\n\t\x00\xff"
	req, body, err := c.CreateSessionKeyRequest("mycouncil", pass, "KEY-1")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.String() != "https://maps.example.gov.uk/MyAlerts/Users.asmx" {
		t.Errorf("request %s %s", req.Method, req.URL)
	}
	if got := req.Header.Get("Content-Type"); got != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got := req.Header.Get("SOAPAction"); got != `"http://tempuri.org/CreateSessionKey"` {
		t.Errorf("SOAPAction %q", got)
	}
	sent, _ := io.ReadAll(req.Body)
	if string(sent) != string(body) {
		t.Error("the request body differs from the returned body")
	}
	d := decodeCall(t, body)
	if d.XMLName.Space != NamespaceSOAP11 || d.XMLName.Local != "Envelope" {
		t.Errorf("root %v", d.XMLName)
	}
	m := d.Body.Method
	if m.XMLName.Space != DefaultNamespace || m.XMLName.Local != "CreateSessionKey" || len(m.Params) != 3 {
		t.Fatalf("method %v with %d params", m.XMLName, len(m.Params))
	}
	want := []struct{ name, value string }{{"Username", "mycouncil"}, {"Password", "p&ss<w>rd\"'\r\n\t\uFFFD\uFFFD"}, {"Key", "KEY-1"}}
	for i, w := range want {
		p := m.Params[i]
		if p.XMLName.Local != w.name || p.XMLName.Space != DefaultNamespace || p.Value != w.value {
			t.Errorf("param %d: {%s}%s=%q, want %s=%q", i, p.XMLName.Space, p.XMLName.Local, p.Value, w.name, w.value)
		}
	}
}

// TestSOAP12Request checks the SOAP 1.2 media type with its action
// parameter, the 1.2 envelope and a namespace without a trailing slash.
func TestSOAP12Request(t *testing.T) {
	c := &Client{BaseURL: "http://h", Version: SOAP12, Namespace: "urn:astun:myalerts", Path: "users.asmx"}
	req, body, err := c.GetUserScheduleRequest(7, "k-1")
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.String() != "http://h/users.asmx" {
		t.Errorf("URL %s", req.URL)
	}
	if got := req.Header.Get("Content-Type"); got != `application/soap+xml; charset=utf-8; action="urn:astun:myalerts/GetUserSchedule"` {
		t.Errorf("Content-Type %q", got)
	}
	if _, ok := req.Header["Soapaction"]; ok {
		t.Error("a SOAP 1.2 request carries a SOAPAction header")
	}
	d := decodeCall(t, body)
	if d.XMLName.Space != NamespaceSOAP12 || d.Body.Method.XMLName.Space != "urn:astun:myalerts" || d.Body.Method.Params[0].Value != "7" || d.Body.Method.Params[1].Value != "k-1" {
		t.Errorf("decoded %+v", d)
	}
}

// TestAppendCreateSessionKeyBody checks the load runner's builder: it
// appends to dst, equals the request builder's body and does not allocate
// once dst has room.
func TestAppendCreateSessionKeyBody(t *testing.T) {
	c := New("http://h", nil)
	_, body, _ := c.CreateSessionKeyRequest("u", "p&", "k")
	got := AppendCreateSessionKeyBody([]byte("prefix:"), SOAP11, DefaultNamespace, "u", "p&", "k")
	if string(got) != "prefix:"+string(body) {
		t.Fatalf("appended %q", got)
	}
	buf := make([]byte, 0, 1024)
	if n := testing.AllocsPerRun(100, func() {
		buf = AppendCreateSessionKeyBody(buf[:0], SOAP11, DefaultNamespace, "mycouncil", "Wy7#kQ2v!pLm&", "8C1D5B7E")
	}); n != 0 {
		t.Errorf("%v allocations per body", n)
	}
	if !strings.Contains(string(buf), "<Password>Wy7#kQ2v!pLm&amp;</Password>") {
		t.Errorf("escaping: %s", buf)
	}
}

// TestEnvelopeWithChosenParams checks the raw envelope builder: only the
// given params, in order, empty values kept.
func TestEnvelopeWithChosenParams(t *testing.T) {
	c := New("http://h", nil)
	body := c.Envelope(MethodCreateSessionKey, Param{Name: "Key", Value: "k"}, Param{Name: "Username"})
	m := decodeCall(t, body).Body.Method
	if len(m.Params) != 2 || m.Params[0].XMLName.Local != "Key" || m.Params[1].XMLName.Local != "Username" || m.Params[1].Value != "" {
		t.Errorf("params %+v", m.Params)
	}
	h := c.SOAPHeader(MethodGetUserSchedule)
	if h.Get("SOAPAction") != `"http://tempuri.org/GetUserSchedule"` {
		t.Errorf("header %v", h)
	}
}

// TestGETRequests checks the HTTP-GET binding URLs, escaped.
func TestGETRequests(t *testing.T) {
	c := New("http://h/", nil)
	req, body, err := c.CreateSessionKeyGETRequest("u", "p&=#", "k")
	if err != nil || body != nil || req.Method != http.MethodGet {
		t.Fatal(err, body, req.Method)
	}
	if got := req.URL.String(); got != "http://h/Users.asmx/CreateSessionKey?Key=k&Password=p%26%3D%23&Username=u" {
		t.Errorf("URL %s", got)
	}
	req, _, _ = c.GetUserScheduleGETRequest(7, "a b")
	if got := req.URL.String(); got != "http://h/Users.asmx/GetUserSchedule?ClientId=7&SessionKey=a+b" {
		t.Errorf("URL %s", got)
	}
	req, _, _ = c.WSDLRequest()
	if got := req.URL.String(); got != "http://h/Users.asmx?wsdl" {
		t.Errorf("WSDL URL %s", got)
	}
	if _, _, err := (&Client{BaseURL: "http://[::1"}).CreateSessionKeyRequest("u", "p", "k"); err == nil {
		t.Error("a bad base URL was accepted")
	}
}

// TestAction checks the .NET SOAPAction rule.
func TestAction(t *testing.T) {
	for ns, want := range map[string]string{
		"http://tempuri.org/": "http://tempuri.org/CreateSessionKey",
		"http://tempuri.org":  "http://tempuri.org/CreateSessionKey",
		"urn:astun":           "urn:astun/CreateSessionKey",
	} {
		if got := Action(ns, MethodCreateSessionKey); got != want {
			t.Errorf("Action(%q) = %q, want %q", ns, got, want)
		}
	}
}

// TestAppendEscaped checks the escaping rule on its own.
func TestAppendEscaped(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "plain",
		`<a href="x">&'`:  "&lt;a href=&#34;x&#34;&gt;&amp;&#39;",
		"line\r\nnext\t":  "line&#xD;&#xA;next&#x9;",
		"nul\x00bell\x07": "nul\uFFFDbell\uFFFD",
		"bad\xffutf8":     "bad\uFFFDutf8",
		"zoë ✓ \uFFFD":    "zoë ✓ \uFFFD",
		"\uFFFE":          "\uFFFD",
		"😀":               "😀",
	} {
		if got := string(xmltext.AppendEscaped(nil, in)); got != want {
			t.Errorf("xmltext.AppendEscaped(%q) = %q, want %q", in, got, want)
		}
	}
}
