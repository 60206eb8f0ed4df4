package certna

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

func exchange(status int, contentType, body string) *wire.Exchange {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &wire.Exchange{Status: status, Header: h, Body: []byte(body)}
}

func seed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wantErr checks err is a wire error of kind whose message has every
// fragment.
func wantErr(t *testing.T, err error, kind wire.Kind, fragments ...string) {
	t.Helper()
	if wire.KindOf(err) != kind {
		t.Fatalf("error %v, want kind %s", err, kind)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not say %q", err, f)
		}
	}
}

func TestParseLoginSeedExamples(t *testing.T) {
	x := exchange(200, "application/json; charset=utf-8", seed(t, "seed_login_200_success.json"))
	r, err := ParseLogin(x)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.AccessToken != "534d4c30-28a0-48c8-a76d-bbd265d7a1ac" || r.Failed() || r.Exchange != x {
		t.Errorf("success parsed as %+v", r)
	}
	if !slices.Contains(x.Secrets, r.AccessToken) {
		t.Errorf("token not registered as a secret: %v", x.Secrets)
	}

	r, err = ParseLogin(exchange(500, "application/json", seed(t, "seed_login_500_invalid_credentials.json")))
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.Exception == nil || r.Exception.Code != "DatabaseError" || r.Code != "" {
		t.Errorf("example 1 parsed as %+v", r)
	}
	if r.FailureCode() != CodeDatabaseError || r.FailureMessage() != MessageInvalidCredentials {
		t.Errorf("example 1: %q %q", r.FailureCode(), r.FailureMessage())
	}

	r, err = ParseLogin(exchange(500, "application/json", seed(t, "seed_login_500_procedure_leak.json")))
	if err != nil {
		t.Fatal(err)
	}
	if r.FailureCode() != CodeDatabaseError || !strings.Contains(r.FailureMessage(), "'spLogin_New' expects parameter '@PASSWORD'") {
		t.Errorf("example 2: %q %q", r.FailureCode(), r.FailureMessage())
	}
}

func TestParseLoginCodeMessageShape(t *testing.T) {
	r, err := ParseLogin(exchange(400, "application/json", `{"code":"MISSING_PARAMETER","message":"The parameter 'password' is required."}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.Code != CodeMissingParameter || r.Exception != nil || r.FailureCode() != CodeMissingParameter ||
		r.FailureMessage() != "The parameter 'password' is required." || !r.Failed() {
		t.Errorf("parsed as %+v", r)
	}
	r, err = ParseLogin(exchange(500, "application/json", `{"code":"E1","message":"m","Exception":{"Code":"DatabaseError","Message":"x"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.FailureCode() != "E1" || r.Exception == nil || r.Exception.Code != "DatabaseError" {
		t.Errorf("both shapes parsed as %+v", r)
	}
}

func TestParseLoginRejects(t *testing.T) {
	cases := []struct {
		name         string
		status       int
		ct, body     string
		kind         wire.Kind
		wantInReason []string
	}{
		{"html", 200, "text/html", `<html>ok</html>`, wire.KindContentType, []string{"text/html", "json"}},
		{"no content type, no JSON", 500, "", `crash`, wire.KindContentType, []string{"none"}},
		{"200 without token", 200, "application/json", `{}`, wire.KindMalformed, []string{"status 200", "without access_token", `"{}"`}},
		{"empty token", 200, "application/json", `{"access_token":""}`, wire.KindMalformed, []string{"without access_token"}},
		{"null token", 200, "application/json", `{"access_token":null}`, wire.KindMalformed, []string{"without access_token"}},
		{"numeric token", 200, "application/json", `{"access_token":123}`, wire.KindMalformed, []string{"not the documented JSON", "access_token"}},
		{"array", 200, "application/json", `["534d4c30"]`, wire.KindMalformed, []string{"not a JSON object"}},
		{"empty body", 200, "application/json", ``, wire.KindMalformed, []string{"empty body"}},
		{"truncated", 200, "application/json", `{"access_token":"534d`, wire.KindMalformed, []string{"not the documented JSON"}},
		{"trailing garbage", 200, "application/json", `{"access_token":"a"} x`, wire.KindMalformed, []string{"not the documented JSON"}},
		{"unknown 500 shape", 500, "application/json", `{"error":"boom"}`, wire.KindMalformed, []string{"no documented shape", `{"code":"…","message":"…"}`, "boom"}},
		{"exception without code", 500, "application/json", `{"Exception":{"Message":"m"}}`, wire.KindMalformed, []string{"Exception without Code"}},
		{"exception without message", 500, "application/json", `{"Exception":{"Code":"DatabaseError"}}`, wire.KindMalformed, []string{"Exception without Code or Message"}},
		{"code without message", 400, "application/json", `{"code":"X"}`, wire.KindMalformed, []string{"without message"}},
		{"empty code", 400, "application/json", `{"code":"","message":"m"}`, wire.KindMalformed, []string{"no documented shape"}},
		{"token at 500", 500, "application/json", `{"access_token":"a"}`, wire.KindMalformed, []string{"status 500", "carries access_token"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := exchange(tc.status, tc.ct, tc.body)
			r, err := ParseLogin(x)
			if r != nil {
				t.Errorf("result %+v returned with the error", r)
			}
			wantErr(t, err, tc.kind, append([]string{OpLogin}, tc.wantInReason...)...)
			var we *wire.Error
			if e, ok := err.(*wire.Error); ok {
				we = e
			}
			if we == nil || we.Exchange != x {
				t.Errorf("error does not carry the exchange")
			}
		})
	}
}

// Lenient reading: null fields are absent, extra fields are ignored, a
// refusal may come at any status, a token with code/message at 2xx is a
// success, a BOM and a non-JSON media type do not matter.
func TestParseLoginLenient(t *testing.T) {
	for _, tc := range []struct {
		status      int
		ct, body    string
		token, code string
	}{
		{200, "application/json", `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","code":null,"message":null,"Exception":null}`, "534d4c30-28a0-48c8-a76d-bbd265d7a1ac", ""},
		{200, "application/json", `{"access_token":"A","code":"OK","message":"Login successful","expires_in":1200}`, "A", ""},
		{200, "text/plain", "\xef\xbb\xbf{\"access_token\":\"B\"}", "B", ""},
		{200, "application/json", `{"code":"LoginFailed","message":"Invalid user name or password."}`, "", "LoginFailed"},
		{401, "application/json", `{"access_token":null,"code":"LoginFailed","message":"no"}`, "", "LoginFailed"},
		{401, "application/json", `{"access_token":"","code":"LoginFailed","message":""}`, "", "LoginFailed"},
		{500, "application/problem+json", `{"Exception":{"Code":"SqlException","Message":"m","StackTrace":null},"traceId":"x"}`, "", "SqlException"},
	} {
		r, err := ParseLogin(exchange(tc.status, tc.ct, tc.body))
		if err != nil || r.AccessToken != tc.token || r.FailureCode() != tc.code {
			t.Errorf("%d %s parsed as %+v, %v; want token %q code %q", tc.status, tc.body, r, err, tc.token, tc.code)
		}
	}
}

func TestIsGUID(t *testing.T) {
	for _, s := range []string{"534d4c30-28a0-48c8-a76d-bbd265d7a1ac", "534D4C30-28A0-48C8-A76D-BBD265D7A1AC",
		"{534d4c30-28a0-48c8-a76d-bbd265d7a1ac}", "(534d4c30-28a0-48c8-a76d-bbd265d7a1ac)", "534d4c3028a048c8a76dbbd265d7a1ac"} {
		if !IsGUID(s) {
			t.Errorf("IsGUID(%q) = false", s)
		}
	}
	for _, s := range []string{"", "534d4c30-28a0-48c8-a76d-bbd265d7a1a", "534d4c30-28a0-48c8-a76d-bbd265d7a1acX",
		"{534d4c30-28a0-48c8-a76d-bbd265d7a1ac", "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", "g34d4c30-28a0-48c8-a76d-bbd265d7a1ac"} {
		if IsGUID(s) {
			t.Errorf("IsGUID(%q) = true", s)
		}
	}
}

func TestParseLoginLongBodySnippet(t *testing.T) {
	_, err := ParseLogin(exchange(502, "application/json", `{"error":"`+strings.Repeat("x", 5000)+`"}`))
	wantErr(t, err, wire.KindMalformed, "(5012 bytes)")
	if len(err.Error()) > 400 {
		t.Errorf("error message is %d characters; the body must be cut", len(err.Error()))
	}
}

func TestParseSalt(t *testing.T) {
	x := exchange(200, "application/json", `{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`)
	r, err := ParseSalt(x)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || len(r.Salt) != 16 || r.Encoded != "bx2244Wk8w2tOFAF6dISjw==" || r.Salt[0] != 0x6f {
		t.Errorf("parsed as %+v", r)
	}
	if !slices.Contains(x.Secrets, r.Encoded) {
		t.Errorf("salt not registered as a secret")
	}
	r, err = ParseSalt(exchange(400, "application/json", `{"code":"MISSING_PARAMETER","message":"m"}`))
	if err != nil || r.OK() || r.FailureCode() != CodeMissingParameter {
		t.Errorf("refusal parsed as %+v, %v", r, err)
	}
	r, err = ParseSalt(exchange(404, "application/json", `{"code":"UNKNOWN_USER","message":"m"}`))
	if err != nil || r.OK() || r.FailureCode() != "UNKNOWN_USER" || r.Exchange.Status != 404 {
		t.Errorf("404 parsed as %+v, %v", r, err)
	}
	_, err = ParseSalt(exchange(200, "application/json", `{"salt":"not base64!"}`))
	wantErr(t, err, wire.KindMalformed, "salt", "not Base64")
	_, err = ParseSalt(exchange(200, "application/json", `{"token":"x"}`))
	wantErr(t, err, wire.KindMalformed, "without salt")
	// A salt is a success only at 2xx: CERTNA-SALT-001 relies on OK meaning 2xx.
	_, err = ParseSalt(exchange(302, "application/json", `{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`))
	wantErr(t, err, wire.KindMalformed, "status 302", "carries salt")
	_, err = ParseSalt(exchange(200, "text/plain", `salt=bx2244Wk8w2tOFAF6dISjw==`))
	wantErr(t, err, wire.KindContentType, OpSalt, "text/plain")
	// The media type is not documented: a JSON object under another type
	// is read, and the salt may come without padding or URL-safe.
	for _, body := range []string{`{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`, `{"salt":"bx2244Wk8w2tOFAF6dISjw"}`, `{"salt":"bx2244Wk8w2tOFAF6dISjw","code":null}`} {
		r, err = ParseSalt(exchange(200, "text/plain", body))
		if err != nil || len(r.Salt) != 16 {
			t.Errorf("salt %s parsed as %+v, %v", body, r, err)
		}
	}
}

func TestParseStoreChecksum(t *testing.T) {
	r, err := ParseStoreChecksum(exchange(200, "application/json", `{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e"}`))
	if err != nil || !r.OK() || r.ChecksumKey != "0f8fad5b-d9cb-469f-a165-70867728950e" {
		t.Fatalf("parsed as %+v, %v", r, err)
	}
	r, err = ParseStoreChecksum(exchange(401, "application/json", `{"code":"INVALID_TOKEN","message":"m"}`))
	if err != nil || r.OK() || r.FailureCode() != CodeInvalidToken {
		t.Errorf("401 parsed as %+v, %v", r, err)
	}
	// A refusal at 200 is a result; the status is the spec's to judge.
	r, err = ParseStoreChecksum(exchange(200, "application/json", `{"code":"INVALID_TOKEN","message":"m"}`))
	if err != nil || r.OK() || r.FailureCode() != CodeInvalidToken || r.Exchange.Status != 200 {
		t.Errorf("200 refusal parsed as %+v, %v", r, err)
	}
	_, err = ParseStoreChecksum(exchange(200, "application/json", `{}`))
	wantErr(t, err, wire.KindMalformed, OpStoreChecksum, "without checksum_key")
	// A checksum_key is a success only at 2xx: CERTNA-CHK-001 relies on OK meaning 2xx.
	_, err = ParseStoreChecksum(exchange(500, "application/json", `{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e"}`))
	wantErr(t, err, wire.KindMalformed, "status 500", "carries checksum_key")
	_, err = ParseStoreChecksum(exchange(401, "text/html", `<h1>401</h1>`))
	wantErr(t, err, wire.KindContentType, "text/html")
}

func TestParseLogout(t *testing.T) {
	for _, x := range []*wire.Exchange{
		exchange(204, "", ""),
		exchange(200, "text/plain", "bye"),
		exchange(200, "application/json", `{"status":"logged out"}`),
		exchange(200, "application/json", `"ok"`),
	} {
		r, err := ParseLogout(x)
		if err != nil || !r.OK() {
			t.Errorf("%d %q parsed as %+v, %v; want OK", x.Status, x.Body, r, err)
		}
	}
	// The status decides: a logout answer is documented by none of the
	// texts, so a 2xx with a code is a logout done (the specs judge the
	// status where profiles.md promises 401).
	r, err := ParseLogout(exchange(200, "application/json", `{"code":"LOGGED_OUT","message":"m"}`))
	if err != nil || !r.OK() {
		t.Errorf("200 with a code parsed as %+v, %v", r, err)
	}
	r, err = ParseLogout(exchange(401, "application/json", `{"code":"MISSING_TOKEN","message":"m"}`))
	if err != nil || r.OK() || r.FailureCode() != CodeMissingToken {
		t.Errorf("401 parsed as %+v, %v", r, err)
	}
	_, err = ParseLogout(exchange(401, "application/json", `{}`))
	wantErr(t, err, wire.KindMalformed, OpLogout, "no documented refusal")
	_, err = ParseLogout(exchange(500, "text/plain", "crash"))
	wantErr(t, err, wire.KindContentType, "text/plain")
	_, err = ParseLogout(exchange(401, "application/json", `nope`))
	wantErr(t, err, wire.KindMalformed, "not a JSON object")
	_, err = ParseLogout(exchange(401, "application/json", `{"code":7}`))
	wantErr(t, err, wire.KindMalformed, "not the documented JSON")
	_, err = ParseLogout(exchange(401, "application/json", `{"code":"X"}`))
	wantErr(t, err, wire.KindMalformed, "without message")
}

func TestClassify(t *testing.T) {
	cases := []struct {
		status int
		body   string
		issued bool
		code   string
	}{
		{200, seed(t, "seed_login_200_success.json"), true, ""},
		{500, seed(t, "seed_login_500_invalid_credentials.json"), false, "DatabaseError"},
		{500, seed(t, "seed_login_500_procedure_leak.json"), false, "DatabaseError"},
		{400, `{"code":"MISSING_PARAMETER","message":"m"}`, false, "MISSING_PARAMETER"},
		{200, `{"access_token":""}`, false, ""},
		{500, `{"access_token":"x"}`, false, ""},
		{200, `{}`, false, ""},
		{200, `not json`, false, ""},
		{200, ``, false, ""},
		{502, `<html>`, false, ""},
		{200, `{"code":"X","message":"access_token"}`, false, "X"},
	}
	for _, tc := range cases {
		issued, code := Classify(tc.status, []byte(tc.body))
		if issued != tc.issued || code != tc.code {
			t.Errorf("Classify(%d, %q) = %v, %q; want %v, %q", tc.status, tc.body, issued, code, tc.issued, tc.code)
		}
	}
}

func TestFailureZeroValue(t *testing.T) {
	var f Failure
	if f.Failed() || f.FailureCode() != "" || f.FailureMessage() != "" {
		t.Errorf("zero Failure reports a failure")
	}
	var lr LogoutResult
	if lr.OK() {
		t.Errorf("LogoutResult without exchange is OK")
	}
}

// FuzzParsers: no answer makes a parser panic, and an accepted answer is
// exactly one of success or documented refusal.
func FuzzParsers(f *testing.F) {
	f.Add(200, "application/json", `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac"}`)
	f.Add(500, "application/json", `{"Exception":{"Code":"DatabaseError","Message":"m"}}`)
	f.Add(400, "application/json", `{"code":"MISSING_PARAMETER","message":"m"}`)
	f.Add(200, "application/json", `{"salt":"bx2244Wk8w2tOFAF6dISjw==","checksum_key":"k"}`)
	f.Add(204, "", ``)
	f.Add(401, "text/html", `<h1>`)
	f.Add(200, "application/json", `{"Exception":null,"code":null}`)
	f.Fuzz(func(t *testing.T, status int, ct, body string) {
		x := exchange(status, ct, body)
		if r, err := ParseLogin(x); err == nil && r.OK() == r.Failed() {
			t.Errorf("login %d %q: OK %v and Failed %v", status, body, r.OK(), r.Failed())
		}
		if r, err := ParseSalt(x); err == nil && r.OK() == r.Failed() {
			t.Errorf("salt %d %q: OK %v and Failed %v", status, body, r.OK(), r.Failed())
		}
		if r, err := ParseStoreChecksum(x); err == nil && r.OK() == r.Failed() {
			t.Errorf("store %d %q: OK %v and Failed %v", status, body, r.OK(), r.Failed())
		}
		if r, err := ParseLogout(x); err == nil && r.OK() == r.Failed() {
			t.Errorf("logout %d %q: OK %v and Failed %v", status, body, r.OK(), r.Failed())
		}
		issued, code := Classify(status, []byte(body))
		if issued && code != "" {
			t.Errorf("Classify: issued with code %q", code)
		}
	})
}
