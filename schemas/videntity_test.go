package schemas

import (
	"errors"
	"strings"
	"testing"
)

// Videntity answers: the two examples of the vendor's page
// (../shared/seeds/001_dc7842f715c1c028.txt) and the shapes profiles.md
// documents. videntity/response.xsd must accept every documented variant
// and every legal layout, and refuse what breaks the documented shape.
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
)

// vidDocSuccess is a SUCCESS in profiles.md's documented shape, with its
// <detail>.
func vidDocSuccess(method, detail string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/` + method + `">
<status>SUCCESS</status>
<api_tx_number>182737893</api_tx_number>
<detail>` + detail + `</detail>
<response_name_value>
<session_key>IpBZk8349Kku7uNclFgMlhoXRwWh0ks9</session_key>
</response_name_value>
<timestamp>2008-09-30 15:56:42</timestamp>
</response>`
}

// vidError is an ERROR in profiles.md's documented shape.
func vidError(method, number, name, detail string) string {
	return strings.NewReplacer(`"/user/login"`, `"`+method+`"`, "<error_number>1<", "<error_number>"+number+"<",
		"AUTHENTICATION_ERROR", name, "username, password or account_number is incorrect", detail).Replace(vidSeedError)
}

const vidSchema = "videntity/response.xsd"

func TestVidentitySchemaAcceptsDocumentedAnswers(t *testing.T) {
	documented := map[string]string{
		"the seed's login error":            vidSeedError,
		"the seed's login success":          vidSeedSuccess,
		"login success with detail":         vidDocSuccess("login", "you logged in successfully"),
		"ping success":                      vidDocSuccess("ping", "your session has been pinged successfully"),
		"logout success":                    vidDocSuccess("logout", "you logged out successfully"),
		"error 2":                           vidError("/session/ping", "2", "SESSION_DOES_NOT_EXIST", "session_key does not exist"),
		"error 3":                           vidError("/session/ping", "3", "SESSION_EXPIRED", "session_key has expired"),
		"error 4":                           vidError("/session/logout", "4", "MISSING_MANDATORY_FIELD", "Mandatory field session_key is missing"),
		"error 11":                          vidError("/session/login", "11", "SERVER_ERROR", "use POST"),
		"an error number of another page":   vidError("/session/login", "27", "ACCOUNT_LOCKED", "the account is locked"),
		"an error without api_method":       strings.Replace(vidSeedError, ` api_method="/user/login"`, "", 1),
		"a ping success without the key":    strings.Replace(vidDocSuccess("ping", "your session has been pinged successfully"), "<response_name_value>\n<session_key>IpBZk8349Kku7uNclFgMlhoXRwWh0ks9</session_key>\n</response_name_value>\n", "", 1),
		"another wording of the detail":     vidDocSuccess("login", "You logged in successfully."),
		"a huge transaction number":         strings.Replace(vidSeedError, ">12<", ">98765432109876543210<", 1),
		"no XML declaration":                vidSeedError[strings.Index(vidSeedError, "<response"):],
		"single quotes":                     strings.ReplaceAll(vidSeedSuccess, `"`, "'"),
		"CRLF and indentation":              strings.ReplaceAll(vidSeedSuccess, "\n<", "\r\n    <"),
		"values on their own lines":         strings.Replace(vidSeedError, "<status>ERROR</status>", "<status>\n  ERROR\n</status>", 1),
		"UTF-8 byte order mark":             "\ufeff" + vidSeedSuccess,
		"encoding UTF-8 in capitals":        strings.Replace(vidSeedSuccess, "utf-8", "UTF-8", 1),
		"another element order":             "<response api_method=\"/session/login\"><timestamp>2008-09-30 15:56:42</timestamp><response_name_value><session_key>Ry5NvPAbceAS123</session_key></response_name_value><api_tx_number>1</api_tx_number><status>SUCCESS</status></response>",
		"extra elements and attributes":     strings.Replace(strings.Replace(vidSeedSuccess, "</session_key>", "</session_key>\n<expires_in>1800</expires_in>", 1), `<response api_method="/session/login">`, `<response api_method="/session/login" version="2"><server region="eu">eu-1</server>`, 1),
		"GUID session key":                  strings.Replace(vidSeedSuccess, "Ry5NvPAbceAS123", "534D4C30-28A0-48C8-A76D-BBD265D7A1AC", 1),
		"Base64 session key":                strings.Replace(vidSeedSuccess, "Ry5NvPAbceAS123", "YmWaLx5D+TrZbKrxq2cf/KGw3/1XC8q6=", 1),
		"api_method echoing the path":       strings.Replace(vidSeedSuccess, `"/session/login"`, `"/sessions/login"`, 1),
		"an error detail with an ampersand": strings.Replace(vidSeedError, "is incorrect", "is incorrect &amp; was logged", 1),
		"an empty error_detail":             vidError("/session/ping", "2", "SESSION_DOES_NOT_EXIST", ""),
		"profiles.md's <api_tx_number/>":    strings.Replace(vidSeedError, "<api_tx_number>12</api_tx_number>", "<api_tx_number/>", 1),
		"a 30-digit transaction number":     strings.Replace(vidSeedError, ">12<", ">123456789012345678901234567890<", 1),
		"profiles.md's <session_key/>":      strings.Replace(vidDocSuccess("ping", "your session has been pinged successfully"), "<session_key>IpBZk8349Kku7uNclFgMlhoXRwWh0ks9</session_key>", "<session_key/>", 1),
		"attributes on the elements":        strings.NewReplacer("<status>", `<status code="0">`, "<api_tx_number>", `<api_tx_number type="integer">`, "<timestamp>", `<timestamp zone="UTC">`, "<session_key>", `<session_key type="string">`).Replace(vidSeedSuccess),
		"a CDATA section and a comment":     strings.Replace(vidSeedError, "<error_detail>username, password or account_number is incorrect</error_detail>", "<!-- auth --><error_detail><![CDATA[username, password or account_number is incorrect]]></error_detail>", 1),
	}
	for what, body := range documented {
		if err := Validate(vidSchema, []byte(body)); err != nil {
			t.Errorf("%s: rejected: %v", what, err)
		}
	}
}

func TestVidentitySchemaRejectsBrokenAnswers(t *testing.T) {
	broken := map[string]string{
		"no timestamp":               strings.Replace(vidSeedError, "<timestamp>2008-09-30 15:56:42</timestamp>\n", "", 1),
		"two timestamps":             strings.Replace(vidSeedError, "</timestamp>", "</timestamp><timestamp>2008-09-30 15:56:43</timestamp>", 1),
		"timestamp in ISO form":      strings.Replace(vidSeedError, "2008-09-30 15:56:42", "2008-09-30T15:56:42Z", 1),
		"timestamp with a fraction":  strings.Replace(vidSeedError, "2008-09-30 15:56:42", "2008-09-30 15:56:42.123", 1),
		"timestamp in epoch seconds": strings.Replace(vidSeedError, "2008-09-30 15:56:42", "1222790202", 1),
		"no api_tx_number":           strings.Replace(vidSeedError, "<api_tx_number>12</api_tx_number>\n", "", 1),
		"api_tx_number not a number": strings.Replace(vidSeedError, "<api_tx_number>12<", "<api_tx_number>tx-12<", 1),
		"error number not a number":  strings.Replace(vidSeedError, "<error_number>1<", "<error_number>one<", 1),
		"two error numbers":          strings.Replace(vidSeedError, "</error_number>", "</error_number><error_number>2</error_number>", 1),
		"status OK":                  strings.Replace(vidSeedError, "<status>ERROR<", "<status>OK<", 1),
		"status in lower case":       strings.Replace(vidSeedSuccess, "<status>SUCCESS<", "<status>success<", 1),
		"no status":                  strings.Replace(vidSeedError, "<status>ERROR</status>\n", "", 1),
		"two statuses":               strings.Replace(vidSeedError, "</status>", "</status><status>SUCCESS</status>", 1),
		"api_tx_number negative":     strings.Replace(vidSeedError, "<api_tx_number>12<", "<api_tx_number>-12<", 1),
		"session_key with spaces":    strings.Replace(vidSeedSuccess, "Ry5NvPAbceAS123", "Ry5N vPAb", 1),
		"two session keys":           strings.Replace(vidSeedSuccess, "</session_key>", "</session_key><session_key>other</session_key>", 1),
		"another root":               strings.NewReplacer("<response ", "<answer ", "</response>", "</answer>").Replace(vidSeedError),
		"a namespaced root":          strings.NewReplacer("<response ", `<v:response xmlns:v="urn:videntity" `, "</response>", "</v:response>").Replace(vidSeedError),
		"plain text":                 "Internal Server Error\n",
		"JSON":                       `{"status":"ERROR","error_number":1}`,
		"encoding ISO-8859-1":        strings.Replace(vidSeedError, "utf-8", "ISO-8859-1", 1),
	}
	for what, body := range broken {
		err := Validate(vidSchema, []byte(body))
		var v *Violation
		if !errors.As(err, &v) {
			t.Errorf("%s: accepted (%v)", what, err)
		}
	}
}

func TestVidentityViolationNamesTheElement(t *testing.T) {
	body := strings.Replace(vidSeedError, "2008-09-30 15:56:42", "30.09.2008 15:56", 1)
	err := Validate(vidSchema, []byte(body))
	if err == nil || !strings.Contains(err.Error(), "timestamp") {
		t.Fatalf("want a violation naming timestamp, got %v", err)
	}
}
