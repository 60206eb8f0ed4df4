package irp

import (
	"encoding/json"
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"net/url"
	"os"
	"regexp"
	"testing"
)

// seedRequest reads the field values of a vendor example request object
// (a JavaScript literal) in order.
func seedRequest(t *testing.T, path string) [][2]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(\w+): "([^"]*)"`)
	var out [][2]string
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	if len(out) != 3 {
		t.Fatalf("%s: found %d fields, want 3", path, len(out))
	}
	return out
}

func TestAuthenticateBodyMatchesSeedExample(t *testing.T) {
	f := seedRequest(t, "testdata/seed_authenticate_request.js")
	form := string(AppendAuthenticateBody(nil, Form, f[0][1], f[1][1], f[2][1]))
	want := "APIKey=WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN&TimeStamp=2018-10-01+15%3A10%3A54&Signature=1615814919621920710221623417615224420914820125013020012150"
	if form != want {
		t.Fatalf("form body\n got %s\nwant %s", form, want)
	}
	q, err := url.ParseQuery(form)
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range f {
		if q.Get(kv[0]) != kv[1] {
			t.Errorf("form field %s = %q, want %q", kv[0], q.Get(kv[0]), kv[1])
		}
	}
	js := string(AppendAuthenticateBody(nil, JSON, f[0][1], f[1][1], f[2][1]))
	wantJS := `{"APIKey":"WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN","TimeStamp":"2018-10-01 15:10:54","Signature":"1615814919621920710221623417615224420914820125013020012150"}`
	if js != wantJS {
		t.Fatalf("json body\n got %s\nwant %s", js, wantJS)
	}
}

func TestCheckTokenTimeBodyMatchesSeedExample(t *testing.T) {
	f := seedRequest(t, "testdata/seed_checktokentime_request.js")
	if f[0][0] != FieldAuthenticationToken || f[1][0] != FieldTimeStamp || f[2][0] != FieldSignature {
		t.Fatalf("seed fields %v", f)
	}
	form := string(AppendCheckTokenTimeBody(nil, Form, f[0][1], f[1][1], f[2][1]))
	want := "AuthenticationToken=YmWaLx5DyTrZbKrxq2cfhKGw3%2F1XC8q6&TimeStamp=2018-10-02+11%3A53%3A39&Signature=107240227137141176892730201158482262021231351582078422"
	if form != want {
		t.Fatalf("form body\n got %s\nwant %s", form, want)
	}
	var m map[string]string
	if err := json.Unmarshal(AppendCheckTokenTimeBody(nil, JSON, f[0][1], f[1][1], f[2][1]), &m); err != nil {
		t.Fatal(err)
	}
	for _, kv := range f {
		if m[kv[0]] != kv[1] {
			t.Errorf("json field %s = %q, want %q", kv[0], m[kv[0]], kv[1])
		}
	}
}

func TestBodyBuildersDoNotAllocate(t *testing.T) {
	dst := make([]byte, 0, 512)
	for _, enc := range []Encoding{Form, JSON} {
		n := testing.AllocsPerRun(100, func() {
			dst = AppendAuthenticateBody(dst[:0], enc, "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "2018-10-01 15:10:54", "80dbc28a0b835306471d06b20f2165155e68d9c3")
			dst = AppendCheckTokenTimeBody(dst[:0], enc, "YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6", "2018-10-01 15:10:54", "80dbc28a0b835306471d06b20f2165155e68d9c3")
		})
		if n != 0 {
			t.Errorf("%s: %v allocations per call", enc, n)
		}
	}
}

// hostile values survive both encodings exactly.
var hostile = []string{"", "plain", "a b+c&d=e%f", "quote\" back\\slash", "ctl\x00\x01\n\r\t\x7f", "ünïcødé €", "<script>&amp;", "!~*'()-_.", "/?#[]@"}

func TestEncodingsRoundTrip(t *testing.T) {
	for _, v := range hostile {
		form := string(AppendAuthenticateBody(nil, Form, v, v, v))
		q, err := url.ParseQuery(form)
		if err != nil || q.Get(FieldAPIKey) != v || q.Get(FieldTimeStamp) != v || q.Get(FieldSignature) != v {
			t.Errorf("form round trip of %q: %q (%v)", v, q, err)
		}
		var m map[string]string
		raw := AppendAuthenticateBody(nil, JSON, v, v, v)
		if err := json.Unmarshal(raw, &m); err != nil || m[FieldAPIKey] != v {
			t.Errorf("json round trip of %q: %s -> %q (%v)", v, raw, m[FieldAPIKey], err)
		}
	}
	var s string
	if err := json.Unmarshal(jsontext.AppendString(nil, "bad\xffutf8"), &s); err != nil || s != "bad\ufffdutf8" {
		t.Errorf("invalid UTF-8 = %q, %v", s, err)
	}
}

func FuzzJSONString(f *testing.F) {
	for _, v := range hostile {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		raw := jsontext.AppendString(nil, v)
		var got string
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("%q encoded as invalid JSON %s: %v", v, raw, err)
		}
		want, _ := json.Marshal(v)
		var std string
		_ = json.Unmarshal(want, &std)
		if got != std {
			t.Fatalf("%q decoded as %q, encoding/json gives %q", v, got, std)
		}
		q, err := url.ParseQuery(string(appendFormEscaped([]byte("k="), v)))
		if err != nil || q.Get("k") != v {
			t.Fatalf("form escape of %q: %v %v", v, q, err)
		}
	})
}

func TestEncodingNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Encoding
	}{{"form", Form}, {"FORM", Form}, {" json ", JSON}, {"application/json", JSON}, {"application/x-www-form-urlencoded", Form}} {
		got, err := ParseEncoding(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseEncoding(%q) = %v, %v", tc.in, got, err)
		}
	}
	if _, err := ParseEncoding("xml"); err == nil {
		t.Error("xml accepted")
	}
	if Form.ContentType() != ContentTypeForm || JSON.ContentType() != ContentTypeJSON {
		t.Error("content types")
	}
	if Form.String() != "form" || JSON.String() != "json" || Encoding(7).String() != "Encoding(7)" {
		t.Error("names")
	}
}

func TestFields(t *testing.T) {
	base := AuthenticateFields("key", "2018-10-01 15:10:54", "sig")
	if got := string(base.Encode(Form)); got != "APIKey=key&TimeStamp=2018-10-01+15%3A10%3A54&Signature=sig" {
		t.Fatalf("base form = %s", got)
	}
	f := base.With("signature", "other").Without(FieldTimeStamp).With("Extra", "x")
	if got := string(f.Encode(JSON)); got != `{"APIKey":"key","signature":"other","Extra":"x"}` {
		t.Fatalf("edited json = %s", got)
	}
	if got := string(base.WithRaw(FieldTimeStamp, "12345").WithRaw(FieldAPIKey, "null").Encode(JSON)); got != `{"APIKey":null,"TimeStamp":12345,"Signature":"sig"}` {
		t.Fatalf("raw json = %s", got)
	}
	if got := string(base.Renamed(FieldTimeStamp, "Timestamp").Encode(Form)); got != "APIKey=key&Timestamp=2018-10-01+15%3A10%3A54&Signature=sig" {
		t.Fatalf("renamed = %s", got)
	}
	if v, ok := base.Get("apikey"); !ok || v != "key" {
		t.Fatal("Get")
	}
	if _, ok := base.Without(FieldAPIKey).Get(FieldAPIKey); ok {
		t.Fatal("Without kept the field")
	}
	if string(base.Encode(Form)) != "APIKey=key&TimeStamp=2018-10-01+15%3A10%3A54&Signature=sig" {
		t.Fatal("edits changed the original")
	}
	if got := string(Fields{}.Encode(JSON)); got != "{}" {
		t.Fatalf("empty json = %s", got)
	}
	signed := SignedAuthenticateFields("k", "s", mustTime("2018-10-01 15:10:54"))
	if v, _ := signed.Get(FieldSignature); v != Sign("k", "2018-10-01 15:10:54", "s") {
		t.Fatal("SignedAuthenticateFields signature")
	}
	check := SignedCheckTokenTimeFields("tok", "s", mustTime("2018-10-01 15:10:54"))
	if v, _ := check.Get(FieldSignature); v != Sign("tok", "2018-10-01 15:10:54", "s") {
		t.Fatal("SignedCheckTokenTimeFields signature")
	}
	if got := check.secretValues(); len(got) != 1 || got[0] != Sign("tok", "2018-10-01 15:10:54", "s") {
		t.Fatalf("secretValues = %q (short values and the TimeStamp are not secrets)", got)
	}
}
