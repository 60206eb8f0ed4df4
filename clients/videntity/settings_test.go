package videntity

import (
	"slices"
	"strings"
	"testing"
)

func TestSettingNamesAndDefaults(t *testing.T) {
	want := []string{"bad_value_error", "documented_texts", "error_http_status", "expired_error", "login_path", "logout_path",
		"malformed_form_status", "other_calls_extend", "ping_path", "session_ttl", "wrong_content_type_status", "wrong_method_status"}
	if got := SettingNames(); !slices.Equal(got, want) {
		t.Fatalf("SettingNames = %v, want %v", got, want)
	}
	if err := CheckSettings(Defaults()); err != nil {
		t.Fatalf("the defaults do not pass CheckSettings: %v", err)
	}
	if d := Defaults(); d[SettingSessionTTL] != "30m" || d[SettingLoginPath] != "/sessions/login" {
		t.Fatalf("Defaults = %v", d)
	}
}

func TestCheckSettingsRejects(t *testing.T) {
	cases := map[string]map[string]string{
		"unknown":                {"loginpath": "/x"},
		"login_path":             {SettingLoginPath: "sessions/login"},
		"session_ttl":            {SettingSessionTTL: "thirty"},
		"session_ttl negative":   {SettingSessionTTL: "-5m"},
		"error_http_status":      {SettingErrorHTTPStatus: "OK"},
		"error_http_status high": {SettingErrorHTTPStatus: "700"},
		"other_calls_extend":     {SettingOtherCallsExtend: "sometimes"},
		"documented_texts":       {PinDocumentedTexts: "maybe"},
	}
	for name, s := range cases {
		err := CheckSettings(s)
		if err == nil {
			t.Errorf("%s: %v accepted", name, s)
			continue
		}
		for k := range s {
			if !strings.Contains(err.Error(), k) {
				t.Errorf("%s: error %q does not name %q", name, err, k)
			}
		}
	}
}

func TestConfigureAppliesPaths(t *testing.T) {
	c := New("http://h", nil)
	if err := c.Configure(map[string]string{SettingLoginPath: "/session/login", SettingPingPath: "/p", SettingLogoutPath: "/o", SettingSessionTTL: "5m"}); err != nil {
		t.Fatal(err)
	}
	if c.LoginPath != "/session/login" || c.PingPath != "/p" || c.LogoutPath != "/o" {
		t.Fatalf("paths not applied: %+v", c)
	}
	before := *c
	if err := c.Configure(map[string]string{SettingPingPath: "bad"}); err == nil || *c != before {
		t.Fatalf("a bad setting must be refused without changing the client (err %v)", err)
	}
}

func TestTableCredentials(t *testing.T) {
	if got := Table.CredentialKeys(); !slices.Equal(got, []string{"username", "password", "account_number"}) {
		t.Errorf("CredentialKeys = %v", got)
	}
	if got := Table.SecretKeys(); !slices.Equal(got, []string{"password", "account_number"}) {
		t.Errorf("SecretKeys = %v: the password and the account number are authentication data", got)
	}
	for _, s := range Table.Settings {
		if s.Pin && s.Default != "" {
			t.Errorf("pin %s has a default %q: unset must accept every legal form", s.Name, s.Default)
		}
	}
}
