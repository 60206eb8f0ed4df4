package schemas

import (
	"errors"
	"strings"
	"testing"
)

const videntityOK = `<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/login">
<status>SUCCESS</status>
<api_tx_number>182737893</api_tx_number>
<response_name_value>
<session_key>Ry5NvPAbceAS123</session_key>
</response_name_value>
<timestamp>2008-09-30 15:56:42</timestamp>
</response>`

func TestXSDAcceptsSeedExampleAndRejectsMissingTimestamp(t *testing.T) {
	if err := Validate("videntity/response.xsd", []byte(videntityOK)); err != nil {
		t.Fatalf("seed example rejected: %v", err)
	}
	broken := strings.Replace(videntityOK, "<timestamp>2008-09-30 15:56:42</timestamp>\n", "", 1)
	err := Validate("videntity/response.xsd", []byte(broken))
	var v *Violation
	if !errors.As(err, &v) {
		t.Fatalf("missing timestamp accepted: %v", err)
	}
	if !strings.Contains(v.Error(), "timestamp") {
		t.Errorf("violation does not name the missing element: %v", v)
	}
}

func TestXSDRefusesEntityDeclarations(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><response>&b;</response>`
	err := Validate("videntity/response.xsd", []byte(laughs))
	if err == nil || !strings.Contains(err.Error(), "entity expansion refused") {
		t.Fatalf("want entity expansion refused, got %v", err)
	}
}

func TestJSONSchemaSeedExamples(t *testing.T) {
	ok := `{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`
	fail := `{"Messages":[{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}],"Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:27:31.5523349Z"}`
	for _, b := range []string{ok, fail} {
		if err := Validate("irp/response.schema.json", []byte(b)); err != nil {
			t.Errorf("seed example rejected: %v", err)
		}
	}
	bad := `{"Messages":[],"Success":false,"Signature":"x","TimeStamp":"yesterday"}`
	if err := Validate("irp/response.schema.json", []byte(bad)); err == nil {
		t.Fatal("malformed answer accepted")
	}
	if err := Validate("irp/response.schema.json", []byte("<html>")); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Fatalf("want not JSON, got %v", err)
	}
}
