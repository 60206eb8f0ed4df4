package certna

import (
	"testing"
	"time"
)

// The table's defaults are the package's decided values, written once as
// constants: a default changed in one place only fails here.
func TestTableDefaults(t *testing.T) {
	want := map[string]string{
		SettingSaltPath:          DefaultSaltPath,
		SettingHashScheme:        string(SaltedSHA256),
		SettingLoginPath:         DefaultLoginPath,
		SettingStoreChecksumPath: DefaultStoreChecksumPath,
		SettingLogoutPath:        DefaultLogoutPath,
	}
	for name, v := range want {
		if s, ok := Table.Setting(name); !ok || s.Default != v {
			t.Errorf("setting %s default %q, want %q", name, s.Default, v)
		}
	}
	s, _ := Table.Setting(SettingSessionTTL)
	if d, err := time.ParseDuration(s.Default); err != nil || d != DefaultSessionTTL {
		t.Errorf("session_ttl default %q, want %s", s.Default, DefaultSessionTTL)
	}
}
