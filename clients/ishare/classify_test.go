package ishare

import (
	"strings"
	"testing"
)

// TestClassify checks the load runner's cheap verdicts on every answer
// shape, the documented examples included ("@name" is a testdata file).
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		issued bool
		code   string
	}{
		{"SOAP 1.1 success", 200, "@soap11_success.xml", true, ""},
		{"HTTP-GET success", 200, "@get_success.xml", true, ""},
		{"1024", 200, "@soap11_failure_1024.xml", false, "1024"},
		{"1019 typed int, Success 0", 200, "@soap12_failure_1019_int.xml", false, "1019"},
		{"HTTP-GET 1023", 200, "@get_failure_1023.xml", false, "1023"},
		{"SOAP 1.1 fault", 500, "@soap11_fault.xml", false, CodeSOAPFault},
		{"SOAP 1.2 fault (Code/Value)", 500, "@soap12_fault.xml", false, CodeSOAPFault},
		{"prefixed elements", 200, `<r:R xmlns:r="x"><r:Success>true</r:Success><r:SessionKey>k</r:SessionKey></r:R>`, true, ""},
		{"attributes and whitespace", 200, `<Success xmlns="x"> 1 </Success><SessionKey xsi:type="s">k</SessionKey>`, true, ""},
		{"Success true, empty key", 200, `<Success>true</Success><ClientId>7</ClientId><SessionKey/>`, false, CodeMalformed},
		{"Success true, blank key", 200, `<Success>true</Success><SessionKey> </SessionKey>`, false, CodeMalformed},
		{"Success true without key, with error", 200, `<Error><Code>1024</Code></Error><Success>true</Success>`, false, "1024"},
		{"key without Success", 200, `<ClientId>7</ClientId><SessionKey>k</SessionKey>`, false, CodeMalformed},
		{"names inside other names", 200, `<CreateSessionKeyResult><IsSuccess>true</IsSuccess><OldSessionKey>k</OldSessionKey><ErrorCode>9</ErrorCode></CreateSessionKeyResult>`, false, CodeMalformed},
		{"closing tags only", 200, `</Success></SessionKey>`, false, CodeMalformed},
		{"404 page", 404, `<html>Not Found</html>`, false, "http-404"},
		{"empty 502", 502, ``, false, "http-502"},
		{"truncated", 200, `<Success>true</Success><SessionKey`, false, CodeMalformed},
		{"truncated start tag", 200, `<Success `, false, CodeMalformed},
	} {
		body := tc.body
		if strings.HasPrefix(body, "@") {
			body = readFile(t, body[1:])
		}
		issued, code := Classify(tc.status, []byte(body))
		if issued != tc.issued || code != tc.code {
			t.Errorf("%s: Classify = %v %q, want %v %q", tc.name, issued, code, tc.issued, tc.code)
		}
	}
}

// TestClassifyDoesNotAllocateOnSuccess keeps the load runner's check cheap.
func TestClassifyDoesNotAllocateOnSuccess(t *testing.T) {
	body := []byte(readFile(t, "soap11_success.xml"))
	if n := testing.AllocsPerRun(100, func() { Classify(200, body) }); n != 0 {
		t.Errorf("%v allocations per classified success", n)
	}
}
