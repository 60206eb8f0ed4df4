package ishare

import (
	"strings"
	"testing"
)

// TestSettings checks validation and how Configure applies settings.
func TestSettings(t *testing.T) {
	if got := strings.Join(SettingNames(), ","); got != "earlier_keys,error_1019_key,error_1019_password,error_1019_username,http_get,http_get_root,malformed_status,media_type_status,missing_field_code,namespace,path,session_ttl,soap_dispatch,soap_version" {
		t.Fatalf("setting names %s", got)
	}
	c := New("http://h", nil)
	err := c.Configure(map[string]string{SettingPath: "/MyAlerts/users.asmx", SettingNamespace: "urn:astun:x", SettingSOAPVersion: "1.2", SettingSessionTTL: "20m", SettingHTTPGet: "false",
		SettingError1019Username: "u", SettingError1019Password: "p", SettingError1019Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != "/MyAlerts/users.asmx" || c.Namespace != "urn:astun:x" || c.Version != SOAP12 {
		t.Errorf("configured client %+v", c)
	}
	for _, tc := range []struct {
		settings map[string]string
		msg      string
	}{
		{map[string]string{"pth": "/x"}, `ishare setting "pth" is unknown (known: earlier_keys, error_1019_key,`},
		{map[string]string{PinMissingFieldCode: "1023, 9999"}, `"9999" is not a documented error code`},
		{map[string]string{PinHTTPGetRoot: "Result"}, `bad value "Result" (one of type, method)`},
		{map[string]string{PinMediaTypeStatus: "4150"}, "bad HTTP status"},
		{map[string]string{SettingPath: "Users.asmx"}, "must be a path starting with /"},
		{map[string]string{SettingPath: "/Users.asmx?wsdl"}, "no query"},
		{map[string]string{SettingNamespace: "tempuri"}, "not an absolute URI"},
		{map[string]string{SettingSOAPVersion: "2.0"}, `soap_version: bad value "2.0" (one of 1.1, 1.2)`},
		{map[string]string{SettingSessionTTL: "0s"}, "not a positive duration"},
		{map[string]string{SettingSessionTTL: "twenty"}, "bad duration"},
		{map[string]string{SettingSessionTTL: "-5m"}, "negative duration"},
		{map[string]string{SettingHTTPGet: "yes please"}, `bad boolean "yes please" (true or false)`},
	} {
		err := CheckSettings(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v: got %v, want %q", tc.settings, err, tc.msg)
		}
		if err := New("http://h", nil).Configure(tc.settings); err == nil {
			t.Errorf("%v: Configure accepted", tc.settings)
		}
	}
	if d := Defaults(); d[SettingSessionTTL] != "" || d[SettingPath] != DefaultPath || d[SettingSOAPVersion] != "1.1" || d[SettingHTTPGet] != "true" {
		t.Errorf("defaults %v", d)
	}
	if err := c.Configure(map[string]string{PinHTTPGetRoot: RootMethod, PinMissingFieldCode: "1023,1024"}); err != nil {
		t.Fatal(err)
	}
	if got := c.getRoots(MethodCreateSessionKey); len(got) != 1 || got[0] != "CreateSessionKeyResult" {
		t.Errorf("http_get_root method: %v", got)
	}
	if got := New("", nil).getRoots(MethodGetUserSchedule); strings.Join(got, ",") != "GetUserScheduleResult,UserScheduleResult" {
		t.Errorf("unpinned roots: %v", got)
	}
	if keys := strings.Join(Table.CredentialKeys(), ","); keys != "username,password,key" || strings.Join(Table.SecretKeys(), ",") != "password,key" {
		t.Errorf("credential keys %s, secrets %v", keys, Table.SecretKeys())
	}
}

// TestParseSOAPVersion checks the accepted spellings.
func TestParseSOAPVersion(t *testing.T) {
	for in, want := range map[string]SOAPVersion{"": SOAP11, "1.1": SOAP11, "SOAP11": SOAP11, " 1.2 ": SOAP12, "soap1.2": SOAP12, "12": SOAP12} {
		if got, err := ParseSOAPVersion(in); err != nil || got != want {
			t.Errorf("ParseSOAPVersion(%q) = %v %v, want %v", in, got, err, want)
		}
	}
	if _, err := ParseSOAPVersion("1.3"); err == nil {
		t.Error("1.3 accepted")
	}
	if SOAP12.String() != "1.2" || SOAP11.EnvelopeNamespace() != NamespaceSOAP11 || SOAP12.EnvelopeNamespace() != NamespaceSOAP12 {
		t.Error("SOAPVersion methods")
	}
}
