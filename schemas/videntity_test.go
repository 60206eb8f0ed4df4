package schemas

import (
	"errors"
	"strings"
	"testing"
)

// Videntity answers from the seed (../shared/seeds/001_dc7842f715c1c028.txt)
// and from docs/profiles/videntity.md.
const (
	vidSeedError = `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/user/login">
<status>ERROR</status>
<api_tx_number>12</api_tx_number>
<error_number>1</error_number>
<error_name>AUTHENTICATION_ERROR</error_name>
<error_detail>username, password or account_number is incorrect</error_detail>
<timestamp>2008-09-30 15:56:42</timestamp>
</response>`

	vidSeedSuccess = `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/login">
<status>SUCCESS</status>
<api_tx_number>182737893</api_tx_number>
<response_name_value>
<session_key>Ry5NvPAbceAS123</session_key>
</response_name_value>
<timestamp>2008-09-30 15:56:42</timestamp>
</response>`

	vidDocSuccess = `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/login">
<status>SUCCESS</status>
<api_tx_number>182737893</api_tx_number>
<detail>you logged in successfully</detail>
<response_name_value>
<session_key>IpBZk8349Kku7uNclFgMlhoXRwWh0ks9</session_key>
</response_name_value>
<timestamp>2008-09-30 15:56:42</timestamp>
</response>`
)

// vidSession is a ping or logout SUCCESS of the reference server's shape.
func vidSession(method, detail string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/` + method + `">
<status>SUCCESS</status>
<api_tx_number>7</api_tx_number>
<detail>` + detail + `</detail>
<response_name_value>
<session_key>IpBZk8349Kku7uNclFgMlhoXRwWh0ks9</session_key>
</response_name_value>
<timestamp>2026-01-02 03:04:05</timestamp>
</response>
`
}

// vidError is an ERROR answer of the reference server's shape.
func vidError(method, number, name, detail string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<response api_method="` + method + `">
<status>ERROR</status>
<api_tx_number>8</api_tx_number>
<error_number>` + number + `</error_number>
<error_name>` + name + `</error_name>
<error_detail>` + detail + `</error_detail>
<timestamp>2026-01-02 03:04:05</timestamp>
</response>
`
}

var vidPing = vidSession("ping", "your session has been pinged successfully")
var vidLogout = vidSession("logout", "you logged out successfully")

func TestVidentitySchemasAcceptDocumentedAnswers(t *testing.T) {
	errs := []string{
		vidSeedError,
		vidError("/session/ping", "2", "SESSION_DOES_NOT_EXIST", "session_key does not exist"),
		vidError("/session/ping", "3", "SESSION_EXPIRED", "session_key has expired"),
		vidError("/session/logout", "4", "MISSING_MANDATORY_FIELD", "Mandatory field session_key is missing"),
		vidError("/session/login", "11", "SERVER_ERROR", "use POST: this method only accepts a form POST"),
	}
	cases := map[string][]string{
		"videntity/login.xsd":    append([]string{vidSeedSuccess, vidDocSuccess}, errs...),
		"videntity/ping.xsd":     append([]string{vidPing}, errs...),
		"videntity/logout.xsd":   append([]string{vidLogout}, errs...),
		"videntity/response.xsd": append([]string{vidSeedSuccess, vidDocSuccess, vidPing, vidLogout}, errs...),
	}
	// A name/value bag may carry more values than the key.
	cases["videntity/response.xsd"] = append(cases["videntity/response.xsd"],
		strings.Replace(vidDocSuccess, "</session_key>", "</session_key>\n<user_id>514778845023264</user_id>", 1))
	for schema, bodies := range cases {
		for i, b := range bodies {
			if err := Validate(schema, []byte(b)); err != nil {
				t.Errorf("%s rejects documented answer %d: %v", schema, i, err)
			}
		}
	}
}

func TestVidentitySchemasRejectBrokenAnswers(t *testing.T) {
	schemas := []string{"videntity/login.xsd", "videntity/ping.xsd", "videntity/logout.xsd", "videntity/response.xsd"}
	broken := map[string]string{
		"no timestamp":                  strings.Replace(vidSeedError, "<timestamp>2008-09-30 15:56:42</timestamp>\n", "", 1),
		"timestamp in ISO form":         strings.Replace(vidSeedError, "2008-09-30 15:56:42", "2008-09-30T15:56:42Z", 1),
		"no api_tx_number":              strings.Replace(vidSeedError, "<api_tx_number>12</api_tx_number>\n", "", 1),
		"api_tx_number not a number":    strings.Replace(vidSeedError, "<api_tx_number>12<", "<api_tx_number>tx-12<", 1),
		"undocumented error 7":          strings.Replace(vidSeedError, "<error_number>1<", "<error_number>7<", 1),
		"error number not a number":     strings.Replace(vidSeedError, "<error_number>1<", "<error_number>one<", 1),
		"no error_name":                 strings.Replace(vidSeedError, "<error_name>AUTHENTICATION_ERROR</error_name>\n", "", 1),
		"lower-case error_name":         strings.Replace(vidSeedError, "AUTHENTICATION_ERROR", "authentication error", 1),
		"no error_detail":               strings.Replace(vidSeedError, "<error_detail>username, password or account_number is incorrect</error_detail>\n", "", 1),
		"empty error_detail":            strings.Replace(vidSeedError, "username, password or account_number is incorrect", " ", 1),
		"credential after error_detail": strings.Replace(vidSeedError, "</error_detail>", "</error_detail>\n<password>Ry5NvPky2jBjshT</password>", 1),
		"no api_method":                 strings.Replace(vidSeedError, ` api_method="/user/login"`, "", 1),
		"status OK":                     strings.Replace(vidSeedError, "<status>ERROR<", "<status>OK<", 1),
		"no status":                     strings.Replace(vidSeedError, "<status>ERROR</status>\n", "", 1),
		"no session_key":                strings.Replace(vidSeedSuccess, "<session_key>Ry5NvPAbceAS123</session_key>\n", "", 1),
		"empty session_key":             strings.Replace(vidSeedSuccess, "Ry5NvPAbceAS123", "", 1),
		"session_key with spaces":       strings.Replace(vidSeedSuccess, "Ry5NvPAbceAS123", "Ry5N vPAb", 1),
		"no response_name_value":        strings.Replace(vidSeedSuccess, "<response_name_value>\n<session_key>Ry5NvPAbceAS123</session_key>\n</response_name_value>\n", "", 1),
		"success and error mixed":       strings.Replace(vidSeedSuccess, "</response_name_value>", "</response_name_value>\n<error_number>1</error_number>", 1),
		"another root":                  strings.NewReplacer("<response ", "<answer ", "</response>", "</answer>").Replace(vidSeedError),
		"plain text":                    "Internal Server Error\n",
		"JSON":                          `{"status":"ERROR","error_number":1}`,
	}
	for _, schema := range schemas {
		for what, body := range broken {
			err := Validate(schema, []byte(body))
			var v *Violation
			if !errors.As(err, &v) {
				t.Errorf("%s accepts an answer with %s: %v", schema, what, err)
			}
		}
	}
}

func TestVidentityOperationSchemasCheckTheDetail(t *testing.T) {
	for schema, wrong := range map[string]string{
		"videntity/login.xsd":  vidPing,
		"videntity/ping.xsd":   vidLogout,
		"videntity/logout.xsd": vidDocSuccess,
	} {
		if err := Validate(schema, []byte(wrong)); err == nil {
			t.Errorf("%s accepts another method's <detail>", schema)
		}
	}
	odd := strings.Replace(vidDocSuccess, "you logged in successfully", "welcome back", 1)
	if err := Validate("videntity/response.xsd", []byte(odd)); err == nil {
		t.Error("response.xsd accepts an undocumented <detail>")
	}
}

func TestVidentityViolationNamesTheElement(t *testing.T) {
	body := strings.Replace(vidSeedError, "<error_number>1<", "<error_number>7<", 1)
	err := Validate("videntity/login.xsd", []byte(body))
	if err == nil || !strings.Contains(err.Error(), "error_number") {
		t.Fatalf("want a violation naming error_number, got %v", err)
	}
}
