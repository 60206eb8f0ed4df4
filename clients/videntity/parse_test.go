package videntity

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

func exchange(status int, contentType string, body string) *wire.Exchange {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &wire.Exchange{Status: status, Header: h, Body: []byte(body)}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseSeedLoginError(t *testing.T) {
	r, err := ParseLogin(exchange(200, "text/xml; charset=utf-8", readTestdata(t, "seed_login_error.xml")))
	if err != nil {
		t.Fatal(err)
	}
	want := Response{APIMethod: "/user/login", Status: StatusError, TxNumber: 12, TxText: "12", LabelledXML: true, ErrorNumber: 1,
		ErrorName: NameAuthentication, ErrorDetail: DetailAuthentication, Timestamp: "2008-09-30 15:56:42"}
	checkResponse(t, r, want)
	if r.OK() || r.Code() != "1" {
		t.Errorf("OK() = %v, Code() = %q; want false, \"1\"", r.OK(), r.Code())
	}
	if m := r.MissingFields(); len(m) != 0 {
		t.Errorf("the seed's error example lacks nothing documented, got MissingFields %v", m)
	}
}

func TestParseSeedLoginSuccess(t *testing.T) {
	x := exchange(200, "text/xml", readTestdata(t, "seed_login_success.xml"))
	r, err := ParseLogin(x)
	if err != nil {
		t.Fatal(err)
	}
	want := Response{APIMethod: "/session/login", Status: StatusSuccess, TxNumber: 182737893, TxText: "182737893", LabelledXML: true,
		SessionKey: "Ry5NvPAbceAS123", Timestamp: "2008-09-30 15:56:42"}
	checkResponse(t, r, want)
	if !r.OK() || r.Code() != "" {
		t.Errorf("OK() = %v, Code() = %q; want true, \"\"", r.OK(), r.Code())
	}
	if m := r.MissingFields(); len(m) != 0 {
		t.Errorf("MissingFields = %v, want none (detail is optional)", m)
	}
	if !slices.Contains(x.Secrets, "Ry5NvPAbceAS123") {
		t.Errorf("the session key is not registered as a secret: %v", x.Secrets)
	}
	ts, err := r.ParseTimestamp()
	if err != nil || !ts.Equal(time.Date(2008, 9, 30, 15, 56, 42, 0, time.UTC)) {
		t.Errorf("ParseTimestamp = %v, %v", ts, err)
	}
}

func TestParseProfileShapes(t *testing.T) {
	for _, tc := range []struct {
		file, method, detail string
		parse                func(*wire.Exchange) (*Response, error)
	}{
		{"profile_login_success.xml", "/session/login", DetailLogin, ParseLogin},
		{"profile_ping_success.xml", "/session/ping", DetailPing, ParsePing},
		{"profile_logout_success.xml", "/session/logout", DetailLogout, ParseLogout},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := tc.parse(exchange(200, "text/xml; charset=utf-8", readTestdata(t, tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() || r.APIMethod != tc.method || r.Detail != tc.detail || r.SessionKey == "" || r.TxNumber == 0 {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestParseErrorShapes(t *testing.T) {
	body := `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/ping"><status>ERROR</status><api_tx_number>7</api_tx_number>
<error_number>4</error_number><error_name>MISSING_MANDATORY_FIELD</error_name>
<error_detail>Mandatory field session_key is missing</error_detail><timestamp>2030-01-02 03:04:05</timestamp></response>`
	r, err := ParsePing(exchange(500, "application/xml", body))
	if err != nil {
		t.Fatalf("an ERROR with HTTP 500 is still a documented answer: %v", err)
	}
	if r.ErrorNumber != ErrMissingMandatoryField || r.ErrorDetail != MissingFieldDetail("session_key") || r.HTTPStatus() != 500 {
		t.Errorf("got %+v (HTTP %d)", r, r.HTTPStatus())
	}
}

func TestParseToleratesWhitespaceAndUnknownElements(t *testing.T) {
	body := "\n  <response api_method=\" /session/ping \">\n <status> SUCCESS </status>\n" +
		"<api_tx_number> 9 </api_tx_number><extra>x</extra><!-- note --></response>\n<!-- end -->\n"
	r, err := ParsePing(exchange(200, "text/xml", body))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusSuccess || r.TxNumber != 9 || r.APIMethod != "/session/ping" {
		t.Errorf("got %+v", r)
	}
	if m := r.MissingFields(); !slices.Equal(m, []string{"timestamp"}) {
		t.Errorf("MissingFields = %v, want [timestamp]", m)
	}
	if _, err := r.ParseTimestamp(); !errors.Is(err, ErrNoTimestamp) {
		t.Errorf("ParseTimestamp without a timestamp: %v", err)
	}
}

func TestMissingFieldsOfBareError(t *testing.T) {
	r, err := ParseResponse(exchange(200, "text/xml", `<response><status>ERROR</status><error_number>2</error_number></response>`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"api_tx_number", "timestamp", "error_name", "error_detail"}
	if m := r.MissingFields(); !slices.Equal(m, want) {
		t.Errorf("MissingFields = %v, want %v (api_method is not required on an ERROR)", m, want)
	}
	r, err = ParseResponse(exchange(200, "text/xml", `<response><status>SUCCESS</status><api_tx_number>1</api_tx_number><timestamp>2008-09-30 15:56:42</timestamp></response>`))
	if err != nil {
		t.Fatal(err)
	}
	if m := r.MissingFields(); !slices.Equal(m, []string{"api_method"}) {
		t.Errorf("MissingFields of a SUCCESS without api_method = %v, want [api_method]", m)
	}
}

// Legal variations the vendor leaves open are read: an XML answer under
// another media type, a transaction number beyond int64, a UTF-8 alias in
// the declaration, a byte order mark, single quotes, CRLF, indentation,
// extra elements and another element order.
func TestParseAcceptsLegalVariations(t *testing.T) {
	seed := readTestdata(t, "seed_login_success.xml")
	cases := map[string]struct{ ct, body string }{
		"no content type":     {"", seed},
		"text/html label":     {"text/html; charset=utf-8", seed},
		"application/xml":     {"application/xml", seed},
		"huge tx number":      {"text/xml", strings.Replace(seed, "182737893", "98765432109876543210", 1)},
		"empty tx number":     {"text/xml", strings.Replace(seed, "<api_tx_number>182737893</api_tx_number>", "<api_tx_number/>", 1)},
		"utf8 alias":          {"text/xml", strings.Replace(seed, `encoding="utf-8"`, `encoding="utf8"`, 1)},
		"US-ASCII":            {"text/xml", strings.Replace(seed, `encoding="utf-8"`, `encoding="US-ASCII"`, 1)},
		"byte order mark":     {"text/xml", "\ufeff" + seed},
		"no declaration":      {"text/xml", seed[strings.Index(seed, "<response"):]},
		"single quotes, CRLF": {"text/xml", strings.ReplaceAll(strings.ReplaceAll(seed, `"`, "'"), "\n", "\r\n  ")},
		"extra elements, other order": {"text/xml", `<response api_method="/session/login" version="2"><timestamp>2008-09-30 15:56:42</timestamp>` +
			`<response_name_value><expires_in>1800</expires_in><session_key>Ry5NvPAbceAS123</session_key></response_name_value>` +
			`<server>eu-1</server><api_tx_number>7</api_tx_number><status>SUCCESS</status></response>`},
	}
	for name, tc := range cases {
		r, err := ParseLogin(exchange(200, tc.ct, tc.body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !r.OK() || r.SessionKey != "Ry5NvPAbceAS123" || len(r.MissingFields()) != 0 {
			t.Errorf("%s: got %+v", name, r)
		}
		if want := strings.Contains(tc.ct, "xml"); r.LabelledXML != want {
			t.Errorf("%s: LabelledXML = %v, want %v", name, r.LabelledXML, want)
		}
	}
	r, _ := ParseLogin(exchange(200, "text/xml", cases["huge tx number"].body))
	if r == nil || r.TxText != "98765432109876543210" || r.TxNumber != 0 {
		t.Errorf("a transaction number beyond int64: %+v", r)
	}
}

func TestParseTimestampBadFormat(t *testing.T) {
	r := &Response{Timestamp: "2008-09-30T15:56:42Z"}
	if _, err := r.ParseTimestamp(); err == nil || !strings.Contains(err.Error(), "2008-09-30T15:56:42Z") {
		t.Fatalf("want an error naming the bad timestamp, got %v", err)
	}
}

func TestParseRejects(t *testing.T) {
	const ok = `<api_tx_number>1</api_tx_number><timestamp>2008-09-30 15:56:42</timestamp>`
	cases := []struct {
		name, ct, body string
		parse          func(*wire.Exchange) (*Response, error)
		kind           wire.Kind
		says           string
	}{
		{"json content type", "application/json", `{"status":"SUCCESS"}`, ParseLogin, wire.KindContentType, `"application/json"`},
		{"html error page", "text/html", `<html>oops</html>`, ParsePing, wire.KindContentType, "text/html"},
		{"no content type, not XML", "", "Method Not Allowed", ParseLogin, wire.KindContentType, "none"},
		{"html page labelled html", "text/html", `<html><body>405</body></html>`, ParseLogin, wire.KindContentType, "text/html"},
		{"empty body", "text/xml", "  \n", ParseLogin, wire.KindMalformed, "empty"},
		{"not XML", "text/xml", "hello", ParseLogin, wire.KindMalformed, "text \"hello\" before the root"},
		{"wrong root", "text/xml", `<result><status>SUCCESS</status></result>`, ParseLogin, wire.KindMalformed, "root element is <result>"},
		{"truncated", "text/xml", `<response><status>SUCC`, ParseLogin, wire.KindMalformed, "unexpected EOF"},
		{"no status", "text/xml", `<response>` + ok + `</response>`, ParseLogin, wire.KindMalformed, "got no <status>"},
		{"odd status", "text/xml", `<response><status>OK</status>` + ok + `</response>`, ParseLogin, wire.KindMalformed, `got "OK"`},
		{"success without key", "text/xml", `<response><status>SUCCESS</status>` + ok + `</response>`, ParseLogin, wire.KindMalformed, "session_key"},
		{"success with empty key", "text/xml", `<response><status>SUCCESS</status><response_name_value><session_key> </session_key></response_name_value>` + ok + `</response>`, ParseLogin, wire.KindMalformed, "session_key"},
		{"error without number", "text/xml", `<response><status>ERROR</status><error_name>X</error_name>` + ok + `</response>`, ParsePing, wire.KindMalformed, "want <error_number>"},
		{"error number not a number", "text/xml", `<response><status>ERROR</status><error_number>one</error_number>` + ok + `</response>`, ParsePing, wire.KindMalformed, `got "one"`},
		{"tx number not a number", "text/xml", `<response><status>ERROR</status><error_number>1</error_number><api_tx_number>x1</api_tx_number></response>`, ParsePing, wire.KindMalformed, "api_tx_number"},
		{"tx number negative", "text/xml", `<response><status>ERROR</status><error_number>1</error_number><api_tx_number>-1</api_tx_number></response>`, ParsePing, wire.KindMalformed, "api_tx_number"},
		{"trailing element", "text/xml", `<response><status>ERROR</status><error_number>1</error_number></response><response/>`, ParsePing, wire.KindMalformed, "after </response>"},
		{"trailing text", "text/xml", `<response><status>ERROR</status><error_number>1</error_number></response>junk`, ParsePing, wire.KindMalformed, "after </response>"},
		{"undefined entity", "text/xml", `<response><status>&bogus;</status></response>`, ParsePing, wire.KindMalformed, "entity"},
		{"external entity", "text/xml", `<?xml version="1.0"?><!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><response><status>ERROR</status><error_number>1</error_number><error_detail>&xxe;</error_detail></response>`, ParsePing, wire.KindMalformed, "xxe"},
		{"foreign charset", "text/xml", `<?xml version="1.0" encoding="iso-8859-1"?><response><status>ERROR</status><error_number>1</error_number></response>`, ParsePing, wire.KindMalformed, "iso-8859-1"},
		{"mismatched tags", "text/xml", `<response><status>ERROR</error_number></response>`, ParsePing, wire.KindMalformed, "element <status> closed by </error_number>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if body == readSeed {
				body = readTestdata(t, "seed_login_success.xml")
			}
			r, err := tc.parse(exchange(200, tc.ct, body))
			if err == nil {
				t.Fatalf("accepted: %+v", r)
			}
			if r != nil {
				t.Errorf("a rejected answer also returned a Response")
			}
			if k := wire.KindOf(err); k != tc.kind {
				t.Errorf("kind %q, want %q (%v)", k, tc.kind, err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %q does not say %q", err, tc.says)
			}
			var we *wire.Error
			if errors.As(err, &we) && we.Exchange == nil {
				t.Errorf("the error carries no exchange as evidence")
			}
		})
	}
}

// readSeed marks a case whose body is the seed's success example.
const readSeed = "\x00seed"

func TestParseNilExchange(t *testing.T) {
	if _, err := ParseResponse(nil); wire.KindOf(err) != wire.KindMalformed {
		t.Fatalf("want a malformed error, got %v", err)
	}
}

func TestNilResponseHelpers(t *testing.T) {
	var r *Response
	if r.OK() || r.Code() != "" || r.HTTPStatus() != 0 || r.MissingFields() != nil {
		t.Fatal("nil Response helpers must be safe and empty")
	}
	if _, err := r.ParseTimestamp(); !errors.Is(err, ErrNoTimestamp) {
		t.Fatalf("nil ParseTimestamp: %v", err)
	}
}

func TestErrorNamesAndDetails(t *testing.T) {
	if len(ErrorNames) != 5 || ErrorNames[ErrServerError] != NameServerError || ErrorNames[ErrSessionExpired] != NameSessionExpired {
		t.Fatalf("ErrorNames = %v", ErrorNames)
	}
	if got := MissingFieldDetail("username"); got != "Mandatory field username is missing" {
		t.Fatalf("MissingFieldDetail = %q", got)
	}
}

func FuzzParseResponse(f *testing.F) {
	for _, name := range []string{"seed_login_error.xml", "seed_login_success.xml", "profile_ping_success.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<response><status>ERROR</status><error_number>99999999999999999999</error_number></response>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><response>&a;</response>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseLogin(exchange(200, "text/xml", string(body)))
		if err == nil && (r == nil || (r.Status != StatusSuccess && r.Status != StatusError)) {
			t.Fatalf("accepted without a valid status: %+v", r)
		}
		if err == nil && r.OK() && r.SessionKey == "" {
			t.Fatalf("login SUCCESS accepted without a key")
		}
	})
}

// checkResponse compares every exported field but Exchange.
func checkResponse(t *testing.T, got *Response, want Response) {
	t.Helper()
	if got.Exchange == nil {
		t.Error("Response.Exchange is nil")
	}
	g := *got
	g.Exchange, g.missing = nil, nil
	if !reflect.DeepEqual(g, want) {
		t.Errorf("got  %+v\nwant %+v", g, want)
	}
}
