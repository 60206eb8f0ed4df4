package irp

import (
	"strings"
	"testing"
	"time"
)

func TestSettingsDefaults(t *testing.T) {
	s, err := ParseSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	if s != DefaultSettings() || s.SessionTTL != 5*time.Minute || s.TimestampWindow != 2*time.Minute || s.FutureWindow != 2*time.Minute ||
		s.ErrorStatus != 200 || s.Encoding != Form || s.APIKeyLength != 32 || s.UseExtendsToken || s.SkewMargin != 15*time.Second ||
		s.RemainingTolerance != 3*time.Second || s.StampSpread != 45*time.Second {
		t.Fatalf("defaults %+v", s)
	}
	if len(Table.Settings) != len(SettingNames()) {
		t.Fatal("names")
	}
	for _, st := range Table.Settings {
		if st.Doc == "" {
			t.Errorf("%s has no doc", st.Name)
		}
		if err := st.Check(st.Default); err != nil {
			t.Errorf("default of %s does not check: %v", st.Name, err)
		}
		if st.Default != "" {
			if _, err := ParseSettings(map[string]string{st.Name: st.Default}); err != nil {
				t.Errorf("default of %s does not parse: %v", st.Name, err)
			}
		}
	}
	if got := strings.Join(Table.CredentialKeys(), ","); got != "api_key,shared_secret" {
		t.Errorf("credential keys %s", got)
	}
	if got := strings.Join(Table.SecretKeys(), ","); got != "api_key,shared_secret" {
		t.Errorf("secret keys %s", got)
	}
}

func TestParseSettings(t *testing.T) {
	s, err := ParseSettings(map[string]string{
		"session_ttl": "30m", "timestamp_window": "5m", "future_window": "1m", "error_http_status": "400",
		"body_encoding": "json", "api_key_length": "36", "use_extends_token": "true",
		"inactive_api_key": " k1 ", "ip_restricted_api_key": "k2", "skew_margin": "5s",
		"minutes_remaining_tolerance": "1s", "timestamp_spread": "10s", "expired_token_code": "1000",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{SessionTTL: 30 * time.Minute, TimestampWindow: 5 * time.Minute, FutureWindow: time.Minute, SkewMargin: 5 * time.Second,
		StampSpread: 10 * time.Second, ErrorStatus: 400, Encoding: JSON, APIKeyLength: 36, UseExtendsToken: true,
		InactiveAPIKey: "k1", IPRestrictedAPIKey: "k2", RemainingTolerance: time.Second}
	if s != want {
		t.Fatalf("got %+v want %+v", s, want)
	}
	for k, v := range map[string]string{
		"session_ttl": "five", "timestamp_window": "-1m", "future_window": "0s", "error_http_status": "99",
		"body_encoding": "xml", "api_key_length": "0", "use_extends_token": "maybe", "message_parameter_suffix": "perhaps",
	} {
		_, err := ParseSettings(map[string]string{k: v})
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err = %v, want one naming the setting", k, v, err)
		}
	}
}

func TestParseSettingsLeavesOtherNames(t *testing.T) {
	s, err := ParseSettings(map[string]string{"expiry_margin": "2s", "token_samples": "x"})
	if err != nil || s != DefaultSettings() {
		t.Fatalf("common settings: %+v %v", s, err)
	}
}

func TestCodeTexts(t *testing.T) {
	if len(Codes()) != 12 {
		t.Fatal("twelve documented codes")
	}
	for _, c := range Codes() {
		if CodeText(c) == "" || codeString(c) != strings.TrimSpace(codeString(c)) {
			t.Errorf("code %d has no text", c)
		}
	}
	if CodeText(9999) != "" || codeString(9999) != "9999" {
		t.Error("undocumented code")
	}
}
