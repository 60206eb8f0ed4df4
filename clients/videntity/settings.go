package videntity

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings a target configuration may give for the videntity profile (see
// docs/profiles/videntity.md).
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
)

// DefaultSessionTTL is the documented session lifetime.
const DefaultSessionTTL = 30 * time.Minute

// Defaults returns every setting with its default value, as text.
func Defaults() map[string]string {
	return map[string]string{
		SettingLoginPath:        DefaultLoginPath,
		SettingPingPath:         DefaultPingPath,
		SettingLogoutPath:       DefaultLogoutPath,
		SettingSessionTTL:       DefaultSessionTTL.String(),
		SettingErrorHTTPStatus:  "200",
		SettingOtherCallsExtend: "false",
	}
}

// SettingNames returns the names of every setting, sorted.
func SettingNames() []string {
	d := Defaults()
	out := make([]string, 0, len(d))
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CheckSettings validates settings: known names, paths starting with "/",
// a positive duration, an HTTP status, a boolean.
func CheckSettings(settings map[string]string) error {
	d := Defaults()
	names := make([]string, 0, len(settings))
	for k := range settings {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := settings[k]
		if _, ok := d[k]; !ok {
			return fmt.Errorf("videntity setting %q is unknown (known: %s)", k, strings.Join(SettingNames(), ", "))
		}
		switch k {
		case SettingLoginPath, SettingPingPath, SettingLogoutPath:
			if !strings.HasPrefix(v, "/") {
				return fmt.Errorf("videntity setting %s: %q must start with /", k, v)
			}
		case SettingSessionTTL:
			ttl, err := time.ParseDuration(v)
			if err != nil || ttl <= 0 {
				return fmt.Errorf("videntity setting %s: %q is not a positive duration (e.g. 30m)", k, v)
			}
		case SettingErrorHTTPStatus:
			n, err := strconv.Atoi(v)
			if err != nil || n < 100 || n > 599 {
				return fmt.Errorf("videntity setting %s: %q is not an HTTP status (e.g. 200)", k, v)
			}
		case SettingOtherCallsExtend:
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Errorf("videntity setting %s: %q is not true or false", k, v)
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
