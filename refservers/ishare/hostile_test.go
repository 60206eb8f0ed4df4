package ishare_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// wantDocumentedAnswer fails unless x is an answer the profile documents:
// a result (200), a soap:Fault (500, 413, 415), or a plain 404/405.
func wantDocumentedAnswer(t testing.TB, c *client.Client, what string, x *wire.Exchange) {
	t.Helper()
	switch x.Status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return
	case http.StatusOK:
		if x.ContentType() == "text/html" { // the help page
			return
		}
		if bytes.Contains(x.Body, []byte("definitions")) {
			if _, err := client.ParseWSDL(x); err != nil {
				t.Errorf("%s: WSDL: %v", what, err)
			}
			return
		}
	case http.StatusInternalServerError, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		r, err := c.ParseCreateSessionKey(x)
		if err != nil || r.Fault == nil {
			t.Errorf("%s: HTTP %d without a soap:Fault: %v\n%.300s", what, x.Status, err, x.Body)
		}
		return
	default:
		t.Errorf("%s: undocumented HTTP %d\n%.300s", what, x.Status, x.Body)
		return
	}
	for _, parse := range []func(*wire.Exchange) error{
		func(x *wire.Exchange) error { _, err := c.ParseCreateSessionKey(x); return err },
		func(x *wire.Exchange) error { _, err := c.ParseGetUserSchedule(x); return err },
		func(x *wire.Exchange) error { _, err := c.ParseCreateSessionKeyGET(x); return err },
		func(x *wire.Exchange) error { _, err := c.ParseGetUserScheduleGET(x); return err },
	} {
		if parse(x) == nil {
			return
		}
	}
	t.Errorf("%s: HTTP 200 with no documented shape:\n%.300s", what, x.Body)
}

// TestHostileRequests sends requests built to break a server: every one
// gets a documented answer (no other 5xx, no panic, no HTML).
func TestHostileRequests(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	h := e.c.SOAPHeader(client.MethodCreateSessionKey)
	ct := func(v string) http.Header { return http.Header{"Content-Type": {v}} }
	nested := env11Open + strings.Repeat("<a>", 5000) + strings.Repeat("</a>", 5000) + envClose
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` + env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&lol2;</Username></CreateSessionKey>` + envClose
	longValue := client.AppendCreateSessionKeyBody(nil, client.SOAP11, client.DefaultNamespace, a.Username, strings.Repeat("p", 60<<10), a.Key)
	for _, tc := range []struct {
		name, method, path string
		body               []byte
		header             http.Header
	}{
		{"1 MiB body", "POST", "", bytes.Repeat([]byte("<a>"), 350_000), h},
		{"60 KiB password", "POST", "", longValue, h},
		{"5000 nested elements", "POST", "", []byte(nested), h},
		{"nested in the Header", "POST", "", []byte(strings.Replace(nested, "<soap:Body><a>", "<soap:Header><a>", 1)), h},
		{"billion laughs", "POST", "", []byte(laughs), h},
		{"binary", "POST", "", []byte{0, 1, 2, 0xff, 0xfe, '<', 0}, h},
		{"invalid UTF-8 in a value", "POST", "", []byte(env11Open + "<CreateSessionKey xmlns=\"http://tempuri.org/\"><Username>\xff\xfe</Username></CreateSessionKey>" + envClose), h},
		{"NUL character reference", "POST", "", []byte(env11Open + `<CreateSessionKey xmlns="http://tempuri.org/"><Username>&#0;</Username></CreateSessionKey>` + envClose), h},
		{"60 KiB SOAPAction", "POST", "", longValue, http.Header{"Content-Type": {"text/xml"}, "Soapaction": {strings.Repeat("x", 60<<10)}}},
		{"bad media type parameters", "POST", "", longValue, ct(`application/soap+xml; action="unterminated`)},
		{"media type garbage", "POST", "", longValue, ct(";;;==")},
		{"text/xml with a SOAP 1.2 action", "POST", "", longValue, ct(`text/xml; action="http://tempuri.org/GetUserSchedule"`)},
		{"GET with a body", "GET", "/Users.asmx/CreateSessionKey", longValue, h},
		{"bad query escapes", "GET", "/Users.asmx/CreateSessionKey?Username=%zz&Password=%&Key=%%", nil, nil},
		{"huge query", "GET", "/Users.asmx/GetUserSchedule?ClientId=7&SessionKey=" + strings.Repeat("k", 30<<10), nil, nil},
		{"repeated parameters", "GET", "/Users.asmx/CreateSessionKey?Username=a&Username=" + a.Username + "&Password=x&Key=y", nil, nil},
		{"ClientId overflow", "GET", "/Users.asmx/GetUserSchedule?ClientId=99999999999999999999&SessionKey=k", nil, nil},
		{"dot segments", "GET", "/Users.asmx/../Users.asmx/CreateSessionKey", nil, nil},
		{"encoded slash", "GET", "/Users.asmx%2FCreateSessionKey", nil, nil},
		{"OPTIONS", "OPTIONS", "", nil, nil},
		{"HEAD", "HEAD", "?wsdl", nil, nil},
		{"TRACE", "TRACE", "/Users.asmx/GetUserSchedule", nil, nil},
		{"WSDL with a body", "GET", "?wsdl", []byte("x"), ct("text/xml")},
	} {
		x, err := e.c.Send(ctx(), tc.method, tc.path, tc.body, tc.header)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		wantDocumentedAnswer(t, e.c, tc.name, x)
	}
	// The server still works.
	wantSchedules(t, "after the hostile requests", e.schedule(a.ClientID, e.login(a).SessionKey), a)
}

// FuzzHandler sends arbitrary bodies, media types and actions to the
// handler: it never panics and always answers a documented shape.
func FuzzHandler(f *testing.F) {
	a := ishare.DemoAccounts()[0]
	good := string(client.AppendCreateSessionKeyBody(nil, client.SOAP11, client.DefaultNamespace, a.Username, a.Password, a.Key))
	f.Add(good, "text/xml; charset=utf-8", `"http://tempuri.org/CreateSessionKey"`, "/Users.asmx")
	f.Add(strings.Replace(good, "schemas.xmlsoap.org/soap/envelope/", "www.w3.org/2003/05/soap-envelope", 1), "application/soap+xml", "", "/users.asmx")
	f.Add(env11Open+`<GetUserSchedule xmlns="http://tempuri.org/"><ClientId>7</ClientId><SessionKey>k</SessionKey></GetUserSchedule>`+envClose, "text/xml", "", "/Users.asmx")
	f.Add("", "", "", "/Users.asmx/CreateSessionKey?Username=a&Password=b&Key=c")
	f.Add("<x", "text/xml", "x", "/Users.asmx?wsdl")
	c := &client.Client{}
	h := ishare.New(refkit.Options{MaxBody: 8 << 10, MaxSessions: 64})
	f.Fuzz(func(t *testing.T, body, contentType, action, target string) {
		if _, err := url.ParseRequestURI(target); err != nil || !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " #") {
			target = "/Users.asmx"
		}
		method := http.MethodPost
		if body == "" && strings.Contains(target, "?") {
			method = http.MethodGet
		}
		r := httptest.NewRequest(method, "http://example.test"+target, strings.NewReader(body))
		r.Header["Content-Type"] = []string{contentType}
		r.Header["Soapaction"] = []string{action}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		wantDocumentedAnswer(t, c, "fuzz", &wire.Exchange{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()})
	})
}
