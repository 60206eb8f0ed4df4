package schemas

import (
	"errors"
	"strings"
	"testing"
)

// CeRTNA answers: the seed's three examples, verbatim
// (../shared/seeds/003_a2ee3775b80ef6fd.txt), and other answers the seed
// and profiles.md allow. The schemas describe the documented contract
// only: no code string is required, extra fields are allowed, null fields
// are absent.
const (
	certnaSeedSuccess = `{
    "access_token": "534d4c30-28a0-48c8-a76d-bbd265d7a1ac"
}`
	certnaSeedException1 = `{
    "Exception": {
        "Code": "DatabaseError",
        "Message": "The user name or/and password are invalid."
    }
}`
	certnaSeedException2 = `{
    "Exception": {
        "Code": "DatabaseError",
        "Message": "Procedure or function 'spLogin_New' expects parameter '@PASSWORD', which was not supplied."
    }
}`
	certnaSalt   = `{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`
	certnaStored = `{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e"}`
)

func TestCertnaSchemasAcceptDocumentedAnswers(t *testing.T) {
	// "a JSON formatted response with a code and message property
	// populated": any code string, in either shape, with extra or null
	// fields.
	refusals := []string{
		`{"code":"LoginFailed","message":"The user name or/and password are invalid."}`,
		`{"code":"MISSING_PARAMETER","message":"The parameter 'user_name' is required."}`,
		`{"code":"E42","message":""}`,
		`{"access_token":null,"code":"LoginFailed","message":"no","Exception":null}`,
		`{"access_token":"","code":"LoginFailed","message":"no"}`,
		`{"code":"LoginFailed","message":"no","traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00","status":401}`,
		`{"Exception":{"Code":"SqlException","Message":"Timeout expired.","StackTrace":null}}`,
		`{"code":"LoginFailed","message":"no","Exception":{"Code":"DatabaseError","Message":"x"}}`,
	}
	cases := map[string][]string{
		"certna/login.schema.json": append([]string{certnaSeedSuccess, certnaSeedException1, certnaSeedException2,
			`{"access_token":"534D4C30-28A0-48C8-A76D-BBD265D7A1AC"}`,
			`{"access_token":"{534d4c30-28a0-48c8-a76d-bbd265d7a1ac}"}`,
			`{"access_token":"(534d4c30-28a0-48c8-a76d-bbd265d7a1ac)"}`,
			`{"access_token":"534d4c3028a048c8a76dbbd265d7a1ac"}`,
			`{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","code":null,"message":null,"Exception":null}`,
			`{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","token_type":"bearer","expires_in":1200}`,
			"{\r\n  \"access_token\" : \"534d4c30-28a0-48c8-a76d-bbd265d7a1ac\"\r\n}"},
			refusals...),
		"certna/salt.schema.json": append([]string{certnaSalt, `{"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}`, `{"salt":"/////////////////////w=="}`,
			`{"salt":"bx2244Wk8w2tOFAF6dISjw"}`, `{"salt":"bx2244Wk8w2tOFAF6dISjw==","code":null,"user_name":"sample1"}`, `{"salt":"_-__________________-w=="}`},
			refusals...),
		"certna/storechecksum.schema.json": append([]string{certnaStored, `{"checksum_key":"0F8FAD5B-D9CB-469F-A165-70867728950E"}`,
			`{"checksum_key":"{0f8fad5b-d9cb-469f-a165-70867728950e}","code":null,"message":null}`},
			refusals...),
		"certna/token-refusal.schema.json": {
			`{"code":"INVALID_TOKEN","message":"The access token is invalid or has expired."}`,
			`{"code":"InvalidToken","message":"Session expired.","checksum_key":null}`,
			`{"code":"401","message":""}`,
		},
	}
	for schema, bodies := range cases {
		for i, b := range bodies {
			if err := Validate(schema, []byte(b)); err != nil {
				t.Errorf("%s rejects documented answer %d %s: %v", schema, i, b, err)
			}
		}
	}
}

func TestCertnaSchemasRejectBrokenAnswers(t *testing.T) {
	// Violations of what the texts fix: a JSON object, the field types
	// ("[string]"), a populated code, a message with every code, a GUID
	// token, a 16-byte Base64 salt.
	common := map[string]string{
		"plain text crash":        "runtime error: invalid memory address or nil pointer dereference\n",
		"HTML":                    "<html><body>500</body></html>",
		"JSON array":              `[` + certnaSeedSuccess + `]`,
		"empty object":            `{}`,
		"refusal without message": `{"code":"INVALID_TOKEN"}`,
		"refusal without code":    `{"message":"The access token is invalid or has expired."}`,
		"empty code":              `{"code":"","message":"x"}`,
		"numeric code":            `{"code":401,"message":"The access token is invalid or has expired."}`,
		"null message":            `{"code":"INVALID_TOKEN","message":null}`,
	}
	perSchema := map[string]map[string]string{
		"certna/login.schema.json": {
			"access_token not a GUID":   `{"access_token":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"}`,
			"GUID with a stray brace":   `{"access_token":"{534d4c30-28a0-48c8-a76d-bbd265d7a1ac"}`,
			"empty access_token":        `{"access_token":""}`,
			"numeric access_token":      `{"access_token":534}`,
			"bad token with a refusal":  `{"access_token":"x","code":"LoginFailed","message":"no"}`,
			"Exception message missing": `{"Exception":{"Code":"DatabaseError"}}`,
			"Exception without Code":    `{"Exception":{"Message":"The user name or/and password are invalid."}}`,
			"Exception not an object":   `{"Exception":"DatabaseError"}`,
			"ProblemDetails":            `{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"Bad Request","status":400}`,
		},
		"certna/salt.schema.json": {
			"8-byte salt":   `{"salt":"AAAAAAAAAAA="}`,
			"32-byte salt":  `{"salt":"` + strings.Repeat("A", 43) + `="}`,
			"hex salt":      `{"salt":"6f1db6e385a4f30b6d3850057e8492"}`,
			"numeric salt":  `{"salt":12345}`,
			"empty salt":    `{"salt":""}`,
			"no salt":       `{"user_name":"sample1"}`,
			"bad padding":   `{"salt":"bx2244Wk8w2tOFAF6dISjw="}`,
			"salt in array": `{"salt":["bx2244Wk8w2tOFAF6dISjw=="]}`,
		},
		"certna/storechecksum.schema.json": {
			"checksum-key-missing fault": `{}`,
			"checksum_key not a GUID":    `{"checksum_key":"12345"}`,
			"empty checksum_key":         `{"checksum_key":""}`,
			"numeric checksum_key":       `{"checksum_key":7}`,
		},
		"certna/token-refusal.schema.json": {
			"Exception shape": certnaSeedException1,
			"an access token": certnaSeedSuccess,
		},
	}
	for schema, extra := range perSchema {
		for what, body := range common {
			checkRejected(t, schema, what, body)
		}
		for what, body := range extra {
			checkRejected(t, schema, what, body)
		}
	}
}

func checkRejected(t *testing.T, schema, what, body string) {
	t.Helper()
	err := Validate(schema, []byte(body))
	var v *Violation
	if !errors.As(err, &v) {
		t.Errorf("%s accepts an answer with %s (%s): %v", schema, what, body, err)
	}
}

// A violation says what is wrong in a tester's words.
func TestCertnaViolationNamesTheProblem(t *testing.T) {
	err := Validate("certna/token-refusal.schema.json", []byte(`{"code":"INVALID_TOKEN"}`))
	if err == nil || !strings.Contains(err.Error(), "message") {
		t.Fatalf("want a violation naming message, got %v", err)
	}
	err = Validate("certna/storechecksum.schema.json", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "checksum_key") {
		t.Fatalf("want a violation naming checksum_key, got %v", err)
	}
}
