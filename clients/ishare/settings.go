package ishare

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings a target configuration may give for the ishare profile (see
// docs/profiles/ishare.md).
const (
	// SettingPath is the service path (default /Users.asmx).
	SettingPath = "path"
	// SettingNamespace is the payload namespace and SOAPAction base
	// (default http://tempuri.org/).
	SettingNamespace = "namespace"
	// SettingSOAPVersion is the SOAP version of SOAP calls: 1.1 (default)
	// or 1.2.
	SettingSOAPVersion = "soap_version"
	// SettingSessionTTL is the session lifetime. The vendor documents none,
	// so it has no default: unset, the expiry specs are SKIPPED.
	SettingSessionTTL = "session_ttl"
	// SettingHTTPGet says whether the deployment answers the ASMX HTTP-GET
	// binding (default true, as documented); false SKIPS its specs.
	SettingHTTPGet = "http_get"
	// SettingError1019Username, SettingError1019Password and
	// SettingError1019Key are the credentials of a client whose session
	// creation fails with 1019 Error creating Session key. The vendor
	// documents no trigger, so they have no default: unset, the 1019 spec
	// is SKIPPED. The password is a secret.
	SettingError1019Username = "error_1019_username"
	SettingError1019Password = "error_1019_password"
	SettingError1019Key      = "error_1019_key"
)

// Defaults returns every setting with its default value as text; "" means
// the setting has no default (session_ttl, the 1019 credentials).
func Defaults() map[string]string {
	return map[string]string{
		SettingPath:              DefaultPath,
		SettingNamespace:         DefaultNamespace,
		SettingSOAPVersion:       SOAP11.String(),
		SettingSessionTTL:        "",
		SettingHTTPGet:           "true",
		SettingError1019Username: "",
		SettingError1019Password: "",
		SettingError1019Key:      "",
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

// CheckSettings validates settings: known names, a path starting with
// "/", an absolute namespace URI, a SOAP version, a positive duration, a
// boolean.
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
			return fmt.Errorf("ishare setting %q is unknown (known: %s)", k, strings.Join(SettingNames(), ", "))
		}
		switch k {
		case SettingPath:
			if !strings.HasPrefix(v, "/") || strings.ContainsAny(v, "?#") {
				return fmt.Errorf("ishare setting %s: %q must be a path starting with / (no query)", k, v)
			}
		case SettingNamespace:
			if u, err := url.Parse(v); err != nil || u.Scheme == "" {
				return fmt.Errorf("ishare setting %s: %q is not an absolute URI (e.g. http://tempuri.org/)", k, v)
			}
		case SettingSOAPVersion:
			if _, err := ParseSOAPVersion(v); err != nil {
				return fmt.Errorf("ishare setting %s: %w", k, err)
			}
		case SettingSessionTTL:
			if ttl, err := time.ParseDuration(v); err != nil || ttl <= 0 {
				return fmt.Errorf("ishare setting %s: %q is not a positive duration (e.g. 20m)", k, v)
			}
		case SettingHTTPGet:
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Errorf("ishare setting %s: %q is not true or false", k, v)
			}
		}
	}
	return nil
}

// Configure checks settings and applies path, namespace and soap_version
// to c; the other settings are the suites' business.
func (c *Client) Configure(settings map[string]string) error {
	if err := CheckSettings(settings); err != nil {
		return err
	}
	if v, ok := settings[SettingPath]; ok {
		c.Path = v
	}
	if v, ok := settings[SettingNamespace]; ok {
		c.Namespace = v
	}
	if v, ok := settings[SettingSOAPVersion]; ok {
		c.Version, _ = ParseSOAPVersion(v) // checked above
	}
	return nil
}
