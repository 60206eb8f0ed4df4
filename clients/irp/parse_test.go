package irp

import (
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"os"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseSeedErrorExample(t *testing.T) {
	x := exchange(200, "application/json; charset=utf-8", readFile(t, "testdata/seed_error_response.json"))
	r, err := ParseAuthenticate(x)
	if err != nil {
		t.Fatal(err)
	}
	if r.Success != SuccessFalse || r.Issued() || r.AuthenticationToken != "" || r.Signature != nil {
		t.Fatalf("error example parsed as %+v", r)
	}
	if !r.HasCode(CodeTooShort) || r.FirstCode() != 2005 || len(r.Codes()) != 1 || r.HasCode(CodeTooLong) {
		t.Fatalf("codes = %v", r.Codes())
	}
	if m := r.Messages[0]; m.Message != "Value Is Shorter Than The Minimum Length.(Parameter=APIKey)" || m.Parameter() != "APIKey" {
		t.Fatalf("message = %+v (parameter %q)", m, m.Parameter())
	}
	if st, err := r.ServerTime(); err != nil || st.Format("2006-01-02 15:04:05.0000000") != "2018-10-16 14:27:31.5523349" {
		t.Fatalf("server time = %v, %v", st, err)
	}
	if r.Exchange != x || r.Status() != 200 {
		t.Fatal("exchange not kept")
	}
	if issued, code := Classify(200, x.Body); issued || code != "2005" {
		t.Fatalf("Classify = %v, %q", issued, code)
	}
}

func TestParseSeedSuccessExample(t *testing.T) {
	x := exchange(200, "application/json", readFile(t, "testdata/seed_success_response.json"))
	r, err := ParseAuthenticate(x)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Issued() || r.Success != SuccessTrue || r.AuthenticationToken != "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq" {
		t.Fatalf("success example parsed as %+v", r)
	}
	if r.Signature == nil || *r.Signature != "80dbc28a0b835306471d06b20f2165155e68d9c3" || len(r.Messages) != 0 || r.Messages == nil {
		t.Fatalf("signature/messages = %v %v", r.Signature, r.Messages)
	}
	if r.TimeStamp != "2018-10-16 14:24:46.8838787Z" || r.FirstCode() != 0 {
		t.Fatal("timestamp")
	}
	if !containsSecret(x, "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq") {
		t.Fatal("issued token not registered as a secret")
	}
	if issued, code := Classify(200, x.Body); !issued || code != "" {
		t.Fatalf("Classify = %v, %q", issued, code)
	}
}

func containsSecret(x *wire.Exchange, v string) bool {
	for _, s := range x.Secrets {
		if s == v {
			return true
		}
	}
	return false
}

func TestParseCheckTokenTimeAnswer(t *testing.T) {
	body := `{"AuthenticationToken":"YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6","Messages":[],"Success":true,"Signature":"abc","TimeStamp":"2018-10-02 11:53:40.0000000Z","MinutesRemaining":"04:59"}`
	r, err := ParseCheckTokenTime(exchange(200, "application/json", body))
	if err != nil {
		t.Fatal(err)
	}
	if d, err := r.Remaining(); err != nil || d.Seconds() != 299 {
		t.Fatalf("Remaining = %v, %v", d, err)
	}
}

func TestParseSuccessVariants(t *testing.T) {
	for in, want := range map[string]Success{
		`true`: SuccessTrue, `false`: SuccessFalse, `"Warning"`: SuccessWarning, `"WARNING"`: SuccessWarning,
		`"True"`: SuccessTrue, `"false"`: SuccessFalse, `"FALSE"`: SuccessFalse, `"Warn\u0069ng"`: SuccessWarning,
	} {
		r, err := ParseResponse("t", exchange(200, "application/json", `{"Success":`+in+`,"AuthenticationToken":"t"}`))
		if err != nil || r.Success != want {
			t.Errorf("Success %s = %v, %v; want %v", in, r, err, want)
			continue
		}
		if r.Issued() != want.OK() {
			t.Errorf("Success %s: Issued = %v", in, r.Issued())
		}
	}
	for _, s := range []Success{SuccessTrue, SuccessFalse, SuccessWarning} {
		b, _ := s.MarshalJSON()
		back, err := parseSuccess(b)
		if err != nil || back != s {
			t.Errorf("%v does not round-trip: %s", s, b)
		}
	}
	if SuccessTrue.String() != "True" || SuccessWarning.String() != "Warning" || SuccessFalse.String() != "False" {
		t.Error("String")
	}
}

func TestParseMessageVariants(t *testing.T) {
	r, err := ParseResponse("t", exchange(200, "application/json",
		`{"Success":false,"Messages":[{"Code":"2003","Message":null},{"code":2001,"message":"TimeStamp Is Not Within Permitted Timespan.(Parameter=TimeStamp)"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Codes(); len(got) != 2 || got[0] != 2003 || got[1] != 2001 {
		t.Fatalf("codes = %v", got)
	}
	if r.Messages[0].Parameter() != "" || r.Messages[1].Parameter() != "TimeStamp" {
		t.Fatal("Parameter")
	}
	if (Message{Message: "x (Parameter=APIKey"}).Parameter() != "" {
		t.Fatal("unterminated parameter accepted")
	}
}

func TestParseDoubleEncoded(t *testing.T) {
	inner := readFile(t, "testdata/seed_success_response.json")
	body := string(jsontext.AppendString(nil, inner))
	r, err := ParseResponse("t", exchange(200, "application/json", body))
	if err != nil {
		t.Fatal(err)
	}
	if !r.DoubleEncoded || !r.Issued() {
		t.Fatalf("double-encoded answer parsed as %+v", r)
	}
	if issued, _ := Classify(200, []byte(body)); !issued {
		t.Fatal("Classify missed a double-encoded token")
	}
}

// The vendor documents JSON answers, not their media type (its example
// calls JSON.parse on what jQuery returns): the documented object is read
// under any Content-Type; anything else under a media type that is not JSON
// is a content-type error.
func TestParseMediaTypes(t *testing.T) {
	for _, ct := range []string{"text/html", "", "application/xml", "text/plain; charset=utf-8"} {
		r, err := ParseAuthenticate(exchange(200, ct, readFile(t, "testdata/seed_success_response.json")))
		if err != nil || !r.Issued() {
			t.Errorf("content type %q: the documented object: %v, %v", ct, r, err)
		}
		_, err = ParseAuthenticate(exchange(500, ct, "<html><body>Server Error</body></html>"))
		if wire.KindOf(err) != wire.KindContentType {
			t.Errorf("content type %q: err = %v, want a content-type error", ct, err)
		}
	}
}

func TestSuccessDocumented(t *testing.T) {
	for in, want := range map[string]bool{`true`: true, `false`: true, `"Warning"`: true, `"True"`: false, `"False"`: false, `"warning"`: false, `"true"`: false} {
		r, err := ParseResponse("t", exchange(200, "application/json", `{"Success":`+in+`}`))
		if err != nil || r.SuccessDocumented() != want || r.SuccessJSON != in {
			t.Errorf("Success %s: documented %v (%q), %v; want %v", in, r.SuccessDocumented(), r.SuccessJSON, err, want)
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	cases := map[string]string{
		"empty":                 "",
		"blank":                 "  \n",
		"html":                  "<html><body>Server Error</body></html>",
		"truncated":             `{"Success":true,"AuthenticationToken":"ab`,
		"array":                 `[{"Success":true}]`,
		"null":                  `null`,
		"number":                `42`,
		"string without object": `"hello"`,
		"no Success":            `{"AuthenticationToken":"x","Messages":[]}`,
		"null Success":          `{"Success":null}`,
		"Success number":        `{"Success":1}`,
		"Success other word":    `{"Success":"yes"}`,
		"token number":          `{"Success":true,"AuthenticationToken":123}`,
		"Messages object":       `{"Success":false,"Messages":{"Code":2005}}`,
		"message not object":    `{"Success":false,"Messages":[2005]}`,
		"message null":          `{"Success":false,"Messages":[null]}`,
		"message without code":  `{"Success":false,"Messages":[{"Message":"x"}]}`,
		"code fraction":         `{"Success":false,"Messages":[{"Code":20.5}]}`,
		"code word":             `{"Success":false,"Messages":[{"Code":"abc"}]}`,
		"code exponent":         `{"Success":false,"Messages":[{"Code":2e3}]}`,
		"message text number":   `{"Success":false,"Messages":[{"Code":1,"Message":5}]}`,
		"Signature number":      `{"Success":true,"Signature":5}`,
		"TimeStamp object":      `{"Success":true,"TimeStamp":{}}`,
		"MinutesRemaining num":  `{"Success":true,"MinutesRemaining":4.98}`,
		"trailing garbage":      `{"Success":true} x`,
		"double-encoded array":  `"[1,2]"`,
	}
	for name, body := range cases {
		x := exchange(200, "application/json", body)
		_, err := ParseAuthenticate(x)
		if wire.KindOf(err) != wire.KindMalformed {
			t.Errorf("%s: err = %v, want malformed", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "expected a JSON object") {
			t.Errorf("%s: error does not say what was expected: %v", name, err)
		}
		if issued, code := Classify(200, x.Body); issued || code != ClassMalformed {
			t.Errorf("%s: Classify = %v, %q; want malformed", name, issued, code)
		}
	}
	if _, err := ParseResponse("t", nil); wire.KindOf(err) != wire.KindMalformed {
		t.Error("nil exchange")
	}
}

func TestParseAcceptsAnyStatus(t *testing.T) {
	body := readFile(t, "testdata/seed_error_response.json")
	r, err := ParseAuthenticate(exchange(500, "application/json", body))
	if err != nil || r.Status() != 500 || !r.HasCode(2005) {
		t.Fatalf("500 with a documented body: %v, %v", r, err)
	}
	if (&Response{}).Status() != 0 {
		t.Fatal("Status without exchange")
	}
}

// RFC 8259 lets a parser ignore a byte order mark.
func TestParseIgnoresBOM(t *testing.T) {
	body := "\xef\xbb\xbf" + readFile(t, "testdata/seed_success_response.json")
	r, err := ParseAuthenticate(exchange(200, "application/json", body))
	if err != nil || !r.Issued() {
		t.Fatalf("a BOM before the object: %v, %v", r, err)
	}
	if issued, _ := Classify(200, []byte(body)); !issued {
		t.Fatal("Classify missed a token after a BOM")
	}
}

// TestParseTheReferenceForms: the three forms the reference server answers
// in are all read as the documented object — its default (the JSON text as
// text/plain, which jQuery hands to the seed's JSON.parse unparsed),
// json-content-type (application/json) and json-in-string (application/json
// holding a JSON string of the text) — while a body that is not JSON at all
// is still an error under each of their media types.
func TestParseTheReferenceForms(t *testing.T) {
	text := readFile(t, "testdata/seed_success_response.json")
	inString := string(jsontext.AppendString(nil, text))
	for _, c := range []struct{ name, ct, body string }{
		{"default", "text/plain; charset=utf-8", text},
		{"json-content-type", "application/json; charset=utf-8", text},
		{"json-in-string", "application/json; charset=utf-8", inString},
	} {
		r, err := ParseAuthenticate(exchange(200, c.ct, c.body))
		if err != nil || !r.Issued() || r.AuthenticationToken != "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq" {
			t.Errorf("%s (%s): %+v, %v", c.name, c.ct, r, err)
		}
		if issued, _ := Classify(200, []byte(c.body)); !issued {
			t.Errorf("%s: Classify missed the token", c.name)
		}
		_, err = ParseAuthenticate(exchange(200, c.ct, "Bad Request"))
		if k := wire.KindOf(err); k != wire.KindContentType && k != wire.KindMalformed {
			t.Errorf("%s (%s): a body that is not JSON: err = %v, want an error", c.name, c.ct, err)
		}
	}
}
