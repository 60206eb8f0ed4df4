package videntity

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/authprobe/authprobe/config"
)

// Settings a target configuration may give for the videntity profile (see
// docs/profiles/videntity.md). Table lists them with their defaults.
const (
	// SettingLoginPath is the login method's path (default /sessions/login).
	SettingLoginPath = "login_path"
	// SettingPingPath is the ping method's path (default /session/ping).
	SettingPingPath = "ping_path"
	// SettingLogoutPath is the logout method's path (default /session/logout).
	SettingLogoutPath = "logout_path"
	// SettingSessionTTL is the session lifetime after login or ping (default 30m).
	SettingSessionTTL = "session_ttl"
	// SettingErrorHTTPStatus is the HTTP status documented errors come with (default 200).
	SettingErrorHTTPStatus = "error_http_status"
	// SettingOtherCallsExtend says whether calls other than ping also reset
	// the session timer (default false).
	SettingOtherCallsExtend = "other_calls_extend"

	// PinExpiredError pins the error_number(s) of a ping with a key that
	// expired a moment ago (unset: 3 or 2).
	PinExpiredError = "expired_error"
	// PinWrongMethodStatus pins the HTTP status(es) of a GET to the login
	// method (unset: any 4xx, or a documented error).
	PinWrongMethodStatus = "wrong_method_status"
	// PinWrongContentTypeStatus pins the HTTP status(es) of a login posted
	// as JSON (unset: any 4xx, or a documented error).
	PinWrongContentTypeStatus = "wrong_content_type_status"
	// PinMalformedFormStatus pins the HTTP status(es) of a login whose form
	// body has broken %-escapes (unset: any 4xx, or a documented error).
	PinMalformedFormStatus = "malformed_form_status"
	// PinBadValueError pins the error_number(s) of a login with values too
	// long, too short or of the wrong kind (unset: any documented error or
	// 4xx refusal).
	PinBadValueError = "bad_value_error"
	// PinDocumentedTexts, true, requires the documented <detail> and
	// <error_detail> texts word for word (unset: a different wording is a
	// WARNING).
	PinDocumentedTexts = "documented_texts"
)

// Credential keys of a videntity account in a target configuration: the
// login form's field names.
const (
	CredUsername      = FieldUsername
	CredPassword      = FieldPassword
	CredAccountNumber = FieldAccountNumber
)

// DefaultSessionTTL is the documented session lifetime.
const DefaultSessionTTL = 30 * time.Minute

// Table is the videntity settings-and-credentials table: every setting the
// client, the specs and the reference server know, and the keys of one
// credentials entry. Pin settings are unset by default: the specs then
// accept every legal answer the vendor leaves open.
var Table = config.Profile{
	Name: "videntity",
	Settings: []config.Setting{
		{Name: SettingLoginPath, Default: DefaultLoginPath, Kind: config.String,
			Doc: "path of the login method: /sessions/login (Sessions page) or /session/login (Methods page)"},
		{Name: SettingPingPath, Default: DefaultPingPath, Kind: config.String, Doc: "path of the ping method"},
		{Name: SettingLogoutPath, Default: DefaultLogoutPath, Kind: config.String, Doc: "path of the logout method"},
		{Name: SettingSessionTTL, Default: "30m", Kind: config.DurationKind,
			Doc: "session lifetime after login and after each ping (30 minutes documented)"},
		{Name: SettingErrorHTTPStatus, Default: "200", Kind: config.Status,
			Doc: "HTTP status the documented errors (wrong credentials, unknown key) come with (profiles.md decision: 200)"},
		{Name: SettingOtherCallsExtend, Default: "false", Kind: config.Bool,
			Doc: "whether calls other than ping also reset the session timer (profiles.md decision: false; true skips VID-EXP-005)"},
		{Name: PinExpiredError, Kind: config.List, Pin: true,
			Doc: "error_number(s) a ping with a key expired a moment ago must get; unset accepts 3 SESSION_EXPIRED or 2 SESSION_DOES_NOT_EXIST (\"3 (or 2 once purged)\"); 3 for a target that keeps expired keys until a periodic purge"},
		{Name: PinWrongMethodStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status(es) a GET to the login method must get, e.g. 405; unset accepts any 4xx or a documented error"},
		{Name: PinWrongContentTypeStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status(es) a login posted as JSON must get, e.g. 415; unset accepts any 4xx or a documented error"},
		{Name: PinMalformedFormStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status(es) a login whose form has broken %-escapes must get, e.g. 400; unset accepts any 4xx or a documented error"},
		{Name: PinBadValueError, Kind: config.List, Pin: true,
			Doc: "error_number(s) a login with too long, too short or mistyped values must get, e.g. 1; unset accepts any documented error or 4xx refusal"},
		{Name: PinDocumentedTexts, Kind: config.Bool, Pin: true,
			Doc: "true requires the documented <detail> and <error_detail> texts word for word; unset, another wording is a WARNING"},
	},
	Credentials: []config.Credential{
		{Key: CredUsername, Doc: "the username chosen at signup (foobar in the vendor's example)"},
		{Key: CredPassword, Secret: true, Doc: "the random 15-character password issued at signup"},
		{Key: CredAccountNumber, Secret: true, Doc: "the random 15-digit user id issued at signup (authentication data the vendor keeps off the wire after login)"},
	},
}

// Defaults returns every setting with a default value, as text.
func Defaults() map[string]string { return Table.Defaults() }

// SettingNames returns the names of every setting, sorted.
func SettingNames() []string { return Table.SettingNames() }

// CheckSettings validates settings against Table: known names, values of
// the setting's kind, method paths starting with "/", a positive session
// lifetime.
func CheckSettings(settings map[string]string) error {
	names := make([]string, 0, len(settings))
	for k := range settings {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := settings[k]
		s, ok := Table.Setting(k)
		if !ok {
			return fmt.Errorf("videntity setting %q is unknown (known: %s)", k, strings.Join(SettingNames(), ", "))
		}
		if err := s.Check(v); err != nil {
			return fmt.Errorf("videntity setting %s: %w", k, err)
		}
		switch k {
		case SettingLoginPath, SettingPingPath, SettingLogoutPath:
			if !strings.HasPrefix(v, "/") {
				return fmt.Errorf("videntity setting %s: %q must start with /", k, v)
			}
		case SettingSessionTTL:
			if ttl, err := time.ParseDuration(v); err != nil || ttl <= 0 {
				return fmt.Errorf("videntity setting %s: %q is not a positive duration (e.g. 30m)", k, v)
			}
		}
	}
	return nil
}

// Configure checks settings and applies the path settings to c; the other
// settings are the suites' business.
func (c *Client) Configure(settings map[string]string) error {
	if err := CheckSettings(settings); err != nil {
		return err
	}
	if v, ok := settings[SettingLoginPath]; ok {
		c.LoginPath = v
	}
	if v, ok := settings[SettingPingPath]; ok {
		c.PingPath = v
	}
	if v, ok := settings[SettingLogoutPath]; ok {
		c.LogoutPath = v
	}
	return nil
}
