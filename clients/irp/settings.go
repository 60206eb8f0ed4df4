package irp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Setting documents one setting a target configuration may give for this
// profile (see docs/profiles/irp.md).
type Setting struct {
	Name    string
	Default string
	Meaning string
}

// The setting names.
const (
	SettingSessionTTL         = "session_ttl"
	SettingTimestampWindow    = "timestamp_window"
	SettingFutureWindow       = "future_window"
	SettingErrorHTTPStatus    = "error_http_status"
	SettingBodyEncoding       = "body_encoding"
	SettingAPIKeyLength       = "api_key_length"
	SettingUseExtendsToken    = "use_extends_token"
	SettingInactiveAPIKey     = "inactive_api_key"
	SettingIPRestrictedAPIKey = "ip_restricted_api_key"
)

// SettingList is every setting of the profile with its default and
// meaning, in documentation order.
var SettingList = []Setting{
	{SettingSessionTTL, "5m", "token lifetime from creation (doc: \"expire five minutes after it was created\")"},
	{SettingTimestampWindow, "2m", "how far behind the server clock a TimeStamp may be (doc: \"within two minutes\")"},
	{SettingFutureWindow, "2m", "how far ahead of the server clock a TimeStamp may be (decision: the window is symmetric)"},
	{SettingErrorHTTPStatus, "200", "HTTP status of documented errors (decision: 200 with Success false)"},
	{SettingBodyEncoding, "form", "body encoding the harness sends: form (jQuery $.post) or json"},
	{SettingAPIKeyLength, "32", "API key length in characters (doc: \"32 characters\")"},
	{SettingUseExtendsToken, "false", "whether CheckTokenTime and other use restarts the lifetime (decision: it does not)"},
	{SettingInactiveAPIKey, "", "an existing but inactive API key, for code 2011 (unset: that spec is SKIPPED)"},
	{SettingIPRestrictedAPIKey, "", "an active API key whose IP range excludes the harness, for code 2013 (unset: SKIPPED)"},
}

// SettingNames returns the setting names, sorted, for the configuration
// checker.
func SettingNames() []string {
	out := make([]string, len(SettingList))
	for i, s := range SettingList {
		out[i] = s.Name
	}
	sort.Strings(out)
	return out
}

// Settings are the parsed settings of a target.
type Settings struct {
	SessionTTL         time.Duration
	TimestampWindow    time.Duration
	FutureWindow       time.Duration
	ErrorStatus        int
	Encoding           Encoding
	APIKeyLength       int
	UseExtendsToken    bool
	InactiveAPIKey     string
	IPRestrictedAPIKey string
}

// DefaultSettings returns the documented behaviour and the profile's
// decisions.
func DefaultSettings() Settings {
	return Settings{
		SessionTTL:      5 * time.Minute,
		TimestampWindow: 2 * time.Minute,
		FutureWindow:    2 * time.Minute,
		ErrorStatus:     200,
		Encoding:        Form,
		APIKeyLength:    APIKeyLength,
	}
}

// ParseSettings reads a target's irp settings over the defaults; a bad
// value is an error naming the setting. Names it does not know (the
// common settings of the conformance framework) are left to the caller,
// which checks names against its own list.
func ParseSettings(m map[string]string) (Settings, error) {
	s := DefaultSettings()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.TrimSpace(m[k])
		var err error
		switch k {
		case SettingSessionTTL:
			s.SessionTTL, err = positiveDuration(v)
		case SettingTimestampWindow:
			s.TimestampWindow, err = positiveDuration(v)
		case SettingFutureWindow:
			s.FutureWindow, err = positiveDuration(v)
		case SettingErrorHTTPStatus:
			s.ErrorStatus, err = strconv.Atoi(v)
			if err == nil && (s.ErrorStatus < 100 || s.ErrorStatus > 599) {
				err = fmt.Errorf("not an HTTP status")
			}
		case SettingBodyEncoding:
			s.Encoding, err = ParseEncoding(v)
		case SettingAPIKeyLength:
			s.APIKeyLength, err = strconv.Atoi(v)
			if err == nil && s.APIKeyLength < 1 {
				err = fmt.Errorf("must be positive")
			}
		case SettingUseExtendsToken:
			s.UseExtendsToken, err = strconv.ParseBool(v)
		case SettingInactiveAPIKey:
			s.InactiveAPIKey = v
		case SettingIPRestrictedAPIKey:
			s.IPRestrictedAPIKey = v
		default:
			continue
		}
		if err != nil {
			return s, fmt.Errorf("irp settings: %s: bad value %q: %w", k, m[k], err)
		}
	}
	return s, nil
}

func positiveDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive")
	}
	return d, nil
}
