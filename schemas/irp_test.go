package schemas

import (
	"errors"
	"strings"
	"testing"
)

// IRP answers from the seed (../shared/seeds/002_6819911a5bb8264a.txt,
// step 3 of "API - Authenticate Method") and the variants the seed and
// shared/profiles.md leave open. The schemas hold only what the vendor
// documents: every legal variant passes, a documented-shape violation
// fails.
const (
	irpSeedSuccess = `{
"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq",
"Messages":[],
"Success":true,
"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3",
"TimeStamp":"2018-10-16 14:24:46.8838787Z"
}`
	irpSeedError = `{
"Messages":[{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}],
"Success":false,
"Signature":null,
"TimeStamp":"2018-10-16 14:27:31.5523349Z"
}`
	// irpCheckSuccess is a CheckTokenTime success: the default fields
	// plus MinutesRemaining (seed: "one extra field from the default
	// fields: MinutesRemaining ... in MM:SS format"), with the seed's
	// CheckTokenTime example token.
	irpCheckSuccess = `{"AuthenticationToken":"YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6","Messages":[],"Success":true,"Signature":"5f3c9a0d2b1e4f6a7c8d9e0f1a2b3c4d5e6f7a8b","TimeStamp":"2018-10-02 11:53:40.1234567Z","MinutesRemaining":"04:59"}`
	irpCheckExpired = `{"Messages":[{"Code":1000,"Message":"Authentication Token Has Just Expired.(Parameter=AuthenticationToken)"}],"Success":false,"Signature":null,"TimeStamp":"2018-10-02 11:58:40.0000000Z"}`
)

const (
	irpAuthSchema  = "irp/authenticate.schema.json"
	irpCheckSchema = "irp/checktokentime.schema.json"
	irpAnySchema   = "irp/response.schema.json"
)

func TestIRPSchemasAcceptDocumentedAnswers(t *testing.T) {
	warn := strings.Replace(irpSeedSuccess, `"Success":true`, `"Success":"Warning"`, 1)
	for _, c := range []struct {
		name, schema, body string
	}{
		{"seed success", irpAuthSchema, irpSeedSuccess},
		{"seed error", irpAuthSchema, irpSeedError},
		{"seed success, any method", irpAnySchema, irpSeedSuccess},
		{"seed error, any method", irpAnySchema, irpSeedError},
		{"seed error, CheckTokenTime", irpCheckSchema, irpSeedError},
		{"check success", irpCheckSchema, irpCheckSuccess},
		{"check success, any method", irpAnySchema, irpCheckSuccess},
		{"check expired", irpCheckSchema, irpCheckExpired},
		// "accompanied by a warning message" and "Otherwise this will be an empty array": both.
		{"warning with a message", irpAuthSchema, strings.Replace(warn, `"Messages":[]`, `"Messages":[{"Code":3001,"Message":"Key expires soon"}]`, 1)},
		{"warning without a message", irpAuthSchema, warn},
		{"check warning", irpCheckSchema, strings.Replace(irpCheckSuccess, `"Success":true`, `"Success":"Warning"`, 1)},
		// First error or all errors; any documented code from either method.
		{"several messages", irpAuthSchema, `{"Messages":[{"Code":2003,"Message":"Could Not Authenticate Signature.(Parameter=Signature)"},{"Code":2004,"Message":"Required Value Not Present.(Parameter=APIKey)"}],"Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:27:31.5523349Z"}`},
		{"token code from Authenticate", irpAuthSchema, strings.Replace(irpSeedError, "2005", "1000", 1)},
		{"key code from CheckTokenTime", irpCheckSchema, strings.Replace(irpSeedError, "2005", "2014", 1)},
		// Message wording is the server's.
		{"other wording", irpAuthSchema, strings.Replace(irpSeedError, "Value Is Shorter Than The Minimum Length.(Parameter=APIKey)", "value is too short. Parameter name: apiKey", 1)},
		// TimeStamp: key spelled as in the prose, other fraction digits, no zone.
		{"Timestamp as the prose spells it", irpAuthSchema, strings.Replace(irpSeedSuccess, `"TimeStamp"`, `"Timestamp"`, 1)},
		{"timestamp without fraction or zone", irpAuthSchema, strings.Replace(irpSeedError, "14:27:31.5523349Z", "14:27:31", 1)},
		{"timestamp in milliseconds", irpAuthSchema, strings.Replace(irpSeedError, "14:27:31.5523349Z", "14:27:31.552", 1)},
		{"timestamp in nanoseconds", irpAuthSchema, strings.Replace(irpSeedError, "14:27:31.5523349Z", "14:27:31.552334912Z", 1)},
		{"timestamp with an offset", irpAuthSchema, strings.Replace(irpSeedError, "14:27:31.5523349Z", "14:27:31.5523349+00:00", 1)},
		// Extra fields, null or empty token and no Signature on an error.
		{"a field the vendor adds", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Success":true`, `"Success":true,"Version":"1.2"`, 1)},
		{"null token on an error", irpAuthSchema, strings.Replace(irpSeedError, `"Success":false`, `"Success":false,"AuthenticationToken":null`, 1)},
		{"empty token on an error", irpAuthSchema, strings.Replace(irpSeedError, `"Success":false`, `"Success":false,"AuthenticationToken":""`, 1)},
		{"no Signature on an error", irpAuthSchema, strings.Replace(irpSeedError, `"Signature":null,`, "", 1)},
		{"null MinutesRemaining on Authenticate", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Success":true`, `"Success":true,"MinutesRemaining":null`, 1)},
		// CheckTokenTime: the default fields' values are not documented.
		{"check success without token", irpCheckSchema, strings.Replace(irpCheckSuccess, `"AuthenticationToken":"YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6",`, "", 1)},
		{"check success with a null signature", irpCheckSchema, strings.Replace(irpCheckSuccess, `"5f3c9a0d2b1e4f6a7c8d9e0f1a2b3c4d5e6f7a8b"`, "null", 1)},
		{"many minutes", irpCheckSchema, strings.Replace(irpCheckSuccess, `"04:59"`, `"120:00"`, 1)},
		{"one digit of minutes", irpCheckSchema, strings.Replace(irpCheckSuccess, `"04:59"`, `"4:59"`, 1)},
	} {
		if err := Validate(c.schema, []byte(c.body)); err != nil {
			t.Errorf("%s rejected by %s: %v", c.name, c.schema, err)
		}
	}
}

func TestIRPSchemasRejectBrokenAnswers(t *testing.T) {
	for _, c := range []struct {
		name, schema, body, mention string
	}{
		{"missing TimeStamp", irpAuthSchema, strings.Replace(irpSeedError, `"TimeStamp":"2018-10-16 14:27:31.5523349Z"`, `"Time":"2018-10-16 14:27:31.5523349Z"`, 1), "TimeStamp is required"},
		{"missing Messages", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Messages":[],`, "", 1), "Messages"},
		{"missing Signature on success", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3",`, "", 1), "Signature"},
		{"missing Success", irpAnySchema, strings.Replace(irpSeedSuccess, `"Success":true,`, "", 1), "Success"},
		{"undocumented Success", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Success":true`, `"Success":"Maybe"`, 1), "Success"},
		// The seed's JSON shows the booleans: a string "True" is not them.
		{"Success as the string True", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Success":true`, `"Success":"True"`, 1), "Success"},
		{"Success as the string False", irpAuthSchema, strings.Replace(irpSeedError, `"Success":false`, `"Success":"False"`, 1), "Success"},
		{"Success as the string true, CheckTokenTime", irpCheckSchema, strings.Replace(irpCheckSuccess, `"Success":true`, `"Success":"true"`, 1), "Success"},
		{"success without token", irpAuthSchema, strings.Replace(irpSeedSuccess, `"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq",`, "", 1), "AuthenticationToken"},
		{"success with empty token", irpAuthSchema, strings.Replace(irpSeedSuccess, "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", "", 1), "AuthenticationToken"},
		{"warning without token", irpAuthSchema, strings.Replace(strings.Replace(irpSeedSuccess, `"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq",`, "", 1), `"Success":true`, `"Success":"Warning"`, 1), "AuthenticationToken"},
		{"success with messages", irpAuthSchema, strings.Replace(irpSeedSuccess, `"Messages":[]`, `"Messages":[{"Code":2003,"Message":"x"}]`, 1), "Messages"},
		{"success with null signature", irpAuthSchema, strings.Replace(irpSeedSuccess, `"80dbc28a0b835306471d06b20f2165155e68d9c3"`, "null", 1), "Signature"},
		{"error with a token", irpAuthSchema, strings.Replace(irpSeedError, `"Success":false`, `"Success":false,"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"`, 1), "AuthenticationToken"},
		{"error with a signature", irpAuthSchema, strings.Replace(irpSeedError, `"Signature":null`, `"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3"`, 1), "Signature"},
		{"error without messages", irpAuthSchema, strings.Replace(irpSeedError, `[{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}]`, "[]", 1), "Messages"},
		{"undocumented code", irpAnySchema, strings.Replace(irpSeedError, "2005", "2008", 1), "Code"},
		{"code as a string", irpAuthSchema, strings.Replace(irpSeedError, "2005", `"2005"`, 1), "Code"},
		{"message without code", irpAuthSchema, strings.Replace(irpSeedError, `"Code":2005,`, "", 1), "Code"},
		{"message without text", irpAuthSchema, strings.Replace(irpSeedError, `,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"`, "", 1), "Message"},
		{"TimeStamp of another form", irpAuthSchema, strings.Replace(irpSeedError, "2018-10-16 14:27:31.5523349Z", "16/10/2018 14:27", 1), "TimeStamp"},
		{"MinutesRemaining in decimal minutes", irpCheckSchema, strings.Replace(irpCheckSuccess, `"04:59"`, `"4.98"`, 1), "MinutesRemaining"},
		{"MinutesRemaining with 60 seconds", irpCheckSchema, strings.Replace(irpCheckSuccess, `"04:59"`, `"04:60"`, 1), "MinutesRemaining"},
		{"MinutesRemaining as a number", irpCheckSchema, strings.Replace(irpCheckSuccess, `"04:59"`, `299`, 1), "MinutesRemaining"},
		{"MinutesRemaining in decimal minutes, any method", irpAnySchema, strings.Replace(irpCheckSuccess, `"04:59"`, `"4.98"`, 1), "MinutesRemaining"},
		{"check success without MinutesRemaining", irpCheckSchema, strings.Replace(irpCheckSuccess, `,"MinutesRemaining":"04:59"`, "", 1), "MinutesRemaining"},
		{"an array", irpAuthSchema, `[` + irpSeedSuccess + `]`, "object"},
		{"Web API's error object", irpAuthSchema, `{"Message":"An error has occurred."}`, "required"},
	} {
		err := Validate(c.schema, []byte(c.body))
		var v *Violation
		if !errors.As(err, &v) {
			t.Errorf("%s accepted by %s (err %v)", c.name, c.schema, err)
			continue
		}
		if !strings.Contains(v.Error(), c.mention) {
			t.Errorf("%s: violation does not mention %s: %v", c.name, c.mention, v)
		}
	}
	for _, s := range []string{irpAuthSchema, irpCheckSchema, irpAnySchema} {
		if err := Validate(s, []byte("<html><body>Server Error in '/' Application.</body></html>")); err == nil || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("%s: an HTML crash page: want not JSON, got %v", s, err)
		}
	}
}
