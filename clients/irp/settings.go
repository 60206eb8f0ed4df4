package irp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/config"
)

// The setting names.
const (
	SettingSessionTTL         = "session_ttl"
	SettingTimestampWindow    = "timestamp_window"
	SettingFutureWindow       = "future_window"
	SettingSkewMargin         = "skew_margin"
	SettingErrorHTTPStatus    = "error_http_status"
	SettingBodyEncoding       = "body_encoding"
	SettingAPIKeyLength       = "api_key_length"
	SettingUseExtendsToken    = "use_extends_token"
	SettingInactiveAPIKey     = "inactive_api_key"
	SettingIPRestrictedAPIKey = "ip_restricted_api_key"
	SettingRemainingTolerance = "minutes_remaining_tolerance"
	SettingStampSpread        = "timestamp_spread"

	// Pins: unset, the specs accept every form the vendor leaves open;
	// set, they require this one.
	PinExpiredTokenCode       = "expired_token_code"
	PinCrossKeyCode           = "cross_key_code"
	PinWrongContentTypeCode   = "wrong_content_type_code"
	PinMalformedBodyCode      = "malformed_body_code"
	PinStaleReplayCode        = "stale_replay_code"
	PinMessageParameterSuffix = "message_parameter_suffix"
)

// The credential keys of an irp target.
const (
	CredAPIKey       = "api_key"
	CredSharedSecret = "shared_secret"
)

// Table is the profile's one table of settings and credentials: the specs,
// the load targeter, the reference server's demo data and `authprobe list
// --settings` all read it. Defaults are the vendor's documented values and
// the decisions of shared/profiles.md.
var Table = config.Profile{
	Name: "irp",
	Settings: []config.Setting{
		{Name: SettingSessionTTL, Default: "5m", Kind: config.DurationKind,
			Doc: "token lifetime from creation (seed: \"expire five minutes after it was created\")"},
		{Name: SettingTimestampWindow, Default: "2m", Kind: config.DurationKind,
			Doc: "how far behind the target's clock a TimeStamp may be (seed: \"within two minutes\")"},
		{Name: SettingFutureWindow, Default: "2m", Kind: config.DurationKind,
			Doc: "how far ahead of the target's clock a TimeStamp may be (profiles.md decision: the window is symmetric)"},
		{Name: SettingSkewMargin, Default: "15s", Kind: config.DurationKind,
			Doc: "suite: slack around the TimeStamp window for network delay, clock-offset error and whole-second checks: inside at window-margin, outside at window+margin"},
		{Name: SettingStampSpread, Default: "45s", Kind: config.DurationKind,
			Doc: "suite: how far before the target's time a request's TimeStamp may go so that no signed request is ever sent twice (a target may refuse a replayed Signature); keep it under half the window"},
		{Name: SettingErrorHTTPStatus, Default: "200", Kind: config.Status,
			Doc: "HTTP status documented errors come with (profiles.md decision: 200 with Success false)"},
		{Name: SettingBodyEncoding, Default: "form", Kind: config.Enum, Values: []string{"form", "json"},
			Doc: "body encoding the harness sends: form (jQuery $.post, the seed's example) or json"},
		{Name: SettingAPIKeyLength, Default: "32", Kind: config.Int,
			Doc: "API key length in characters (seed: \"32 characters\"), for 2005/2006"},
		{Name: SettingUseExtendsToken, Default: "false", Kind: config.Bool,
			Doc: "whether using a token restarts its lifetime (profiles.md decision: it does not; true skips IRP-EXP-003)"},
		{Name: SettingInactiveAPIKey, Kind: config.String,
			Doc: "an existing but inactive API key, for code 2011 (unset: IRP-ERR-010 is SKIPPED)"},
		{Name: SettingIPRestrictedAPIKey, Kind: config.String,
			Doc: "an active API key whose allowed addresses exclude the harness, for code 2013 (unset: IRP-ERR-011 is SKIPPED)"},
		{Name: SettingRemainingTolerance, Default: "3s", Kind: config.DurationKind,
			Doc: "suite: how far MinutesRemaining may be from the lifetime left (whole seconds, rounded either way)"},
		{Name: PinExpiredTokenCode, Kind: config.List, Pin: true,
			Doc: "code(s) a token checked just after its expiry must get (unset: 1000 or 2002; 2002 is a WARNING)"},
		{Name: PinCrossKeyCode, Kind: config.List, Pin: true,
			Doc: "code(s) for a CheckTokenTime signed with another key's secret or over the API key (unset: 2003 or 2002)"},
		{Name: PinWrongContentTypeCode, Kind: config.List, Pin: true,
			Doc: "code(s) an Authenticate sent as text/plain must get (unset: any refusal or HTTP 4xx, e.g. 2010 or 415)"},
		{Name: PinMalformedBodyCode, Kind: config.List, Pin: true,
			Doc: "code(s) a malformed body (broken JSON, a JSON array, broken %-escapes) must get (unset: any refusal or HTTP 4xx)"},
		{Name: PinStaleReplayCode, Kind: config.List, Pin: true,
			Doc: "code(s) a signed request replayed after the window must get (unset: any refusal; 2001 or a replay code)"},
		{Name: PinMessageParameterSuffix, Kind: config.Bool, Pin: true,
			Doc: "true: field messages must end \".(Parameter=<Field>)\" as the seed's example (unset: a message must name its field in any wording)"},
	},
	Credentials: []config.Credential{
		{Key: CredAPIKey, Secret: true, Doc: "the 32-character API key (identity; the seed: the answer \"does not include the API Key\")"},
		{Key: CredSharedSecret, Secret: true, Doc: "the key's shared secret, which signs every request and is never sent"},
	},
}

// SettingNames returns the setting names, sorted, for the configuration
// checker.
func SettingNames() []string { return Table.SettingNames() }

// Settings are the parsed typed settings of a target (the pins are read as
// lists by the specs).
type Settings struct {
	SessionTTL         time.Duration
	TimestampWindow    time.Duration
	FutureWindow       time.Duration
	SkewMargin         time.Duration
	StampSpread        time.Duration
	ErrorStatus        int
	Encoding           Encoding
	APIKeyLength       int
	UseExtendsToken    bool
	InactiveAPIKey     string
	IPRestrictedAPIKey string
	RemainingTolerance time.Duration
}

// DefaultSettings returns the documented behaviour and the profile's
// decisions: Table's defaults.
func DefaultSettings() Settings {
	s, err := ParseSettings(nil)
	if err != nil {
		panic("irp: the defaults of Table do not parse: " + err.Error())
	}
	return s
}

// ParseSettings reads a target's irp settings over Table's defaults; a bad
// value is an error naming the setting. Names Table does not know (the
// common settings of the conformance framework) are left to the caller.
func ParseSettings(m map[string]string) (Settings, error) {
	vals := Table.Defaults()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		st, ok := Table.Setting(k)
		if !ok {
			continue
		}
		v := strings.TrimSpace(m[k])
		if err := st.Check(v); err != nil {
			return Settings{}, fmt.Errorf("irp settings: %s: %w", k, err)
		}
		if v != "" {
			vals[k] = v
		}
	}
	var s Settings
	var errs []string
	dur := func(name string, dst *time.Duration) {
		d, err := time.ParseDuration(vals[name])
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("%s: bad value %q: must be a positive duration", name, vals[name]))
		}
		*dst = d
	}
	dur(SettingSessionTTL, &s.SessionTTL)
	dur(SettingTimestampWindow, &s.TimestampWindow)
	dur(SettingFutureWindow, &s.FutureWindow)
	dur(SettingSkewMargin, &s.SkewMargin)
	dur(SettingStampSpread, &s.StampSpread)
	dur(SettingRemainingTolerance, &s.RemainingTolerance)
	s.ErrorStatus, _ = strconv.Atoi(vals[SettingErrorHTTPStatus])
	enc, err := ParseEncoding(vals[SettingBodyEncoding])
	if err != nil {
		errs = append(errs, fmt.Sprintf("%s: %v", SettingBodyEncoding, err))
	}
	s.Encoding = enc
	s.APIKeyLength, _ = strconv.Atoi(vals[SettingAPIKeyLength])
	if s.APIKeyLength < 1 {
		errs = append(errs, fmt.Sprintf("%s: bad value %q: must be positive", SettingAPIKeyLength, vals[SettingAPIKeyLength]))
	}
	s.UseExtendsToken, _ = strconv.ParseBool(vals[SettingUseExtendsToken])
	s.InactiveAPIKey = vals[SettingInactiveAPIKey]
	s.IPRestrictedAPIKey = vals[SettingIPRestrictedAPIKey]
	if len(errs) > 0 {
		return s, fmt.Errorf("irp settings: %s", strings.Join(errs, "; "))
	}
	return s, nil
}
