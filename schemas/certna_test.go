package schemas

import (
	"errors"
	"strings"
	"testing"
)

// CeRTNA answers: the seed's three examples, verbatim
// (../shared/seeds/003_a2ee3775b80ef6fd.txt), and the answers of
// docs/profiles/certna.md.
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
	certnaSalt     = `{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`
	certnaStored   = `{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e"}`
	certnaNotFound = `{"code":"NOT_FOUND","message":"No such endpoint."}`
)

// certnaRefusal is a {"code","message"} refusal of the reference server's shape.
func certnaRefusal(code string) string {
	return `{"code":"` + code + `","message":"The parameter 'user_name' is required."}`
}

func TestCertnaSchemasAcceptDocumentedAnswers(t *testing.T) {
	refusals := func(codes ...string) []string {
		var out []string
		for _, c := range codes {
			out = append(out, certnaRefusal(c))
		}
		return out
	}
	cases := map[string][]string{
		"certna/login.schema.json": append([]string{certnaSeedSuccess, certnaSeedException1, certnaSeedException2,
			`{"access_token":"534D4C30-28A0-48C8-A76D-BBD265D7A1AC"}`},
			refusals("MISSING_PARAMETER", "INVALID_PARAMETER", "MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "BODY_TOO_LARGE", "METHOD_NOT_ALLOWED")...),
		"certna/salt.schema.json": append([]string{certnaSalt, `{"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}`, `{"salt":"/////////////////////w=="}`},
			refusals("MISSING_PARAMETER", "INVALID_PARAMETER", "METHOD_NOT_ALLOWED")...),
		"certna/storechecksum.schema.json": append([]string{certnaStored},
			refusals("MISSING_TOKEN", "INVALID_TOKEN", "MISSING_PARAMETER", "INVALID_PARAMETER", "MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "BODY_TOO_LARGE", "METHOD_NOT_ALLOWED")...),
		"certna/logout.schema.json": refusals("MISSING_TOKEN", "INVALID_TOKEN", "METHOD_NOT_ALLOWED"),
		"certna/response.schema.json": append([]string{certnaSeedSuccess, certnaSeedException1, certnaSeedException2, certnaSalt, certnaStored, certnaNotFound},
			refusals("MISSING_PARAMETER", "INVALID_PARAMETER", "MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "BODY_TOO_LARGE", "MISSING_TOKEN", "INVALID_TOKEN", "METHOD_NOT_ALLOWED")...),
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
	common := map[string]string{
		"plain text crash":          "runtime error: invalid memory address or nil pointer dereference\n",
		"HTML":                      "<html><body>500</body></html>",
		"JSON array":                `[` + certnaSeedSuccess + `]`,
		"empty object":              `{}`,
		"refusal without message":   `{"code":"INVALID_TOKEN"}`,
		"refusal without code":      `{"message":"The access token is invalid or has expired."}`,
		"empty message":             `{"code":"INVALID_TOKEN","message":""}`,
		"numeric code":              `{"code":401,"message":"The access token is invalid or has expired."}`,
		"undocumented code":         `{"code":"UNKNOWN_USER","message":"No user with that name exists."}`,
		"lower-case code":           `{"code":"invalid_token","message":"The access token is invalid or has expired."}`,
		"Exception without Code":    `{"Exception":{"Message":"The user name or/and password are invalid."}}`,
		"Exception with other Code": `{"Exception":{"Code":"SqlException","Message":"Timeout expired."}}`,
	}
	perSchema := map[string]map[string]string{
		"certna/login.schema.json": {
			"access_token not a GUID":   `{"access_token":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"}`,
			"empty access_token":        `{"access_token":""}`,
			"numeric access_token":      `{"access_token":534}`,
			"token with a refusal":      `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","code":"MISSING_PARAMETER","message":"x"}`,
			"token with an Exception":   `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","Exception":{"Code":"DatabaseError","Message":"x"}}`,
			"Exception message missing": `{"Exception":{"Code":"DatabaseError"}}`,
			"Exception not an object":   `{"Exception":"DatabaseError"}`,
			"token code":                certnaRefusal("INVALID_TOKEN"),
			"not found code":            certnaNotFound,
		},
		"certna/salt.schema.json": {
			"8-byte salt":       `{"salt":"AAAAAAAAAAA="}`,
			"32-byte salt":      `{"salt":"` + strings.Repeat("A", 43) + `="}`,
			"unpadded salt":     `{"salt":"bx2244Wk8w2tOFAF6dISjw"}`,
			"URL-safe salt":     `{"salt":"bx2244Wk8w2tOFAF6dISj_=="}`,
			"hex salt":          `{"salt":"6f1db6e385a4f30b6d3850057e8492"}`,
			"numeric salt":      `{"salt":12345}`,
			"no salt":           `{"user_name":"sample1"}`,
			"Exception":         certnaSeedException1,
			"salt with refusal": `{"salt":"bx2244Wk8w2tOFAF6dISjw==","code":"MISSING_PARAMETER","message":"x"}`,
			"token code":        certnaRefusal("MISSING_TOKEN"),
		},
		"certna/storechecksum.schema.json": {
			"checksum-key-missing fault": `{}`,
			"checksum_key not a GUID":    `{"checksum_key":"12345"}`,
			"empty checksum_key":         `{"checksum_key":""}`,
			"Exception":                  certnaSeedException1,
			"key with refusal":           `{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e","code":"INVALID_TOKEN","message":"x"}`,
			"not found code":             certnaNotFound,
		},
		"certna/logout.schema.json": {
			"Exception":       certnaSeedException1,
			"parameter code":  certnaRefusal("MISSING_PARAMETER"),
			"an access token": certnaSeedSuccess,
		},
		"certna/response.schema.json": {
			"access_token not a GUID":  `{"access_token":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"}`,
			"8-byte salt":              `{"salt":"AAAAAAAAAAA="}`,
			"checksum_key not a GUID":  `{"checksum_key":"12345"}`,
			"token with an Exception":  `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac","Exception":{"Code":"DatabaseError","Message":"x"}}`,
			"salt with a refusal code": `{"salt":"bx2244Wk8w2tOFAF6dISjw==","code":"NOT_FOUND","message":"x"}`,
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

// A violation says what is wrong in a tester's words: the undocumented code
// and the list of documented ones.
func TestCertnaViolationNamesTheProblem(t *testing.T) {
	err := Validate("certna/salt.schema.json", []byte(`{"code":"UNKNOWN_USER","message":"No user with that name exists."}`))
	if err == nil || !strings.Contains(err.Error(), "code") || !strings.Contains(err.Error(), "MISSING_PARAMETER") {
		t.Fatalf("want a violation naming code and the documented values, got %v", err)
	}
	err = Validate("certna/storechecksum.schema.json", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "checksum_key") {
		t.Fatalf("want a violation naming checksum_key, got %v", err)
	}
}
