package ishare

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/authprobe/authprobe/config"
)

// Settings a target configuration may give for the ishare profile (see
// docs/profiles/ishare.md). Table lists them all, with defaults and kinds.
const (
	// SettingPath is the service path (default /Users.asmx).
	SettingPath = "path"
	// SettingNamespace is the payload namespace and SOAPAction base
	// (default http://tempuri.org/, a profiles.md decision and setting).
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
	// is SKIPPED.
	SettingError1019Username = "error_1019_username"
	SettingError1019Password = "error_1019_password"
	SettingError1019Key      = "error_1019_key"

	// The pins: unset, the specs accept every legal form of a choice the
	// vendor leaves open; set, they require this one.

	// PinMissingFieldCode lists the Error/Code(s) a missing, empty or
	// blank parameter must get (e.g. 1023). Unset: any documented refusal.
	PinMissingFieldCode = "missing_field_code"
	// PinHTTPGetRoot names the root element of the HTTP-GET binding's
	// answers: "type" (SessionKeyResult, UserScheduleResult: the .NET
	// return type) or "method" (CreateSessionKeyResult,
	// GetUserScheduleResult). Unset: what the target's WSDL declares, or
	// either when it declares none.
	PinHTTPGetRoot = "http_get_root"
	// PinSOAPDispatch says what routes a SOAP call: "action" (the
	// SOAPAction; a body of another method is refused) or "body" (the
	// body's element; the SOAPAction is not checked). Unset: either, and a
	// server that runs a body under another method's action is a WARNING.
	PinSOAPDispatch = "soap_dispatch"
	// PinEarlierKeys says what a client's next CreateSessionKey does to its
	// earlier keys: "kept" (they live on) or "revoked" (1001 afterwards).
	// Unset: either, revoking is a WARNING.
	PinEarlierKeys = "earlier_keys"
	// PinMediaTypeStatus is the HTTP status a POST with a non-SOAP media
	// type must get (e.g. 415). Unset: any refusal that is not a crash.
	PinMediaTypeStatus = "media_type_status"
	// PinMalformedStatus is the HTTP status an unreadable SOAP request must
	// get (e.g. 500, the SOAP 1.1 fault status, or 400). Unset: any refusal
	// that is not a crash.
	PinMalformedStatus = "malformed_status"
)

// Credential keys of an ishare target: the three CreateSessionKey
// parameters.
const (
	CredUsername = "username"
	CredPassword = "password"
	CredKey      = "key"
)

// The values of the enum pins.
const (
	RootType       = "type"
	RootMethod     = "method"
	DispatchBody   = "body"
	DispatchSOAP   = "action"
	EarlierKept    = "kept"
	EarlierRevoked = "revoked"
)

// Table is the ishare profile's settings-and-credentials table: the one
// list of every setting the specs, the client, the load targeter and the
// reference server know.
var Table = config.Profile{
	Name: "ishare",
	Settings: []config.Setting{
		{Name: SettingPath, Default: DefaultPath, Doc: "path of the service (the HTTP-GET binding is under it); matched case-insensitively (IIS)"},
		{Name: SettingNamespace, Default: DefaultNamespace, Doc: "WSDL targetNamespace, payload namespace and SOAPAction base (profiles.md decision, a setting)"},
		{Name: SettingSOAPVersion, Default: SOAP11.String(), Kind: config.Enum, Values: []string{SOAP11.String(), SOAP12.String()}, Doc: "SOAP version the specs send: 1.1 or 1.2"},
		{Name: SettingSessionTTL, Kind: config.DurationKind, Doc: "session lifetime (undocumented; unset skips the expiry specs; the reference uses 20m)"},
		{Name: SettingHTTPGet, Default: "true", Kind: config.Bool, Doc: "whether the deployment answers the HTTP-GET binding (false skips its specs)"},
		{Name: SettingError1019Username, Doc: "a client whose session creation fails with 1019 (unset skips ISHARE-ERR-004)"},
		{Name: SettingError1019Password, Doc: "that client's password"},
		{Name: SettingError1019Key, Doc: "that client's key"},
		{Name: PinMissingFieldCode, Kind: config.List, Pin: true, Doc: "Error/Code(s) a missing, empty or blank parameter gets, e.g. 1023 (unset: any documented refusal)"},
		{Name: PinHTTPGetRoot, Kind: config.Enum, Values: []string{RootType, RootMethod}, Pin: true, Doc: "root of HTTP-GET answers: type (SessionKeyResult) or method (CreateSessionKeyResult) (unset: the WSDL's, else either)"},
		{Name: PinSOAPDispatch, Kind: config.Enum, Values: []string{DispatchSOAP, DispatchBody}, Pin: true, Doc: "what routes a SOAP call: action (SOAPAction) or body (the body element) (unset: either; body routing is a WARNING)"},
		{Name: PinEarlierKeys, Kind: config.Enum, Values: []string{EarlierKept, EarlierRevoked}, Pin: true, Doc: "a client's earlier keys after its next CreateSessionKey: kept or revoked (unset: either; revoking is a WARNING)"},
		{Name: PinMediaTypeStatus, Kind: config.Status, Pin: true, Doc: "HTTP status of a POST with a non-SOAP media type, e.g. 415 (unset: any refusal that is not a crash)"},
		{Name: PinMalformedStatus, Kind: config.Status, Pin: true, Doc: "HTTP status of an unreadable SOAP request, e.g. 500 or 400 (unset: any refusal that is not a crash)"},
	},
	Credentials: []config.Credential{
		{Key: CredUsername, Doc: "Username: the client user name registered with Astun (the identity)"},
		{Key: CredPassword, Secret: true, Doc: "Password: the password of that client user name"},
		{Key: CredKey, Secret: true, Doc: "Key: the unique key supplied by Astun at registration"},
	},
}

// Defaults returns every setting with its default value as text; "" means
// the setting has no default.
func Defaults() map[string]string {
	out := make(map[string]string, len(Table.Settings))
	for _, s := range Table.Settings {
		out[s.Name] = s.Default
	}
	return out
}

// SettingNames returns the names of every setting, sorted.
func SettingNames() []string { return Table.SettingNames() }

// CheckSettings validates settings: known names, each read as its kind, a
// path starting with "/", an absolute namespace URI, a SOAP version, a
// positive session_ttl.
func CheckSettings(settings map[string]string) error {
	names := make([]string, 0, len(settings))
	for k := range settings {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := strings.TrimSpace(settings[k])
		s, ok := Table.Setting(k)
		if !ok {
			return fmt.Errorf("ishare setting %q is unknown (known: %s)", k, strings.Join(SettingNames(), ", "))
		}
		if err := s.Check(v); err != nil { // the table's kinds: Bool, Duration, Status, Enum
			return fmt.Errorf("ishare setting %s: %w", k, err)
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
			if ttl, _ := time.ParseDuration(v); v != "" && ttl == 0 { // Check refused the unreadable and the negative
				return fmt.Errorf("ishare setting %s: %q is not a positive duration (e.g. 20m)", k, v)
			}
		case PinMissingFieldCode:
			for _, c := range config.ParseList(v) {
				if _, known := Descriptions[c]; !known {
					return fmt.Errorf("ishare setting %s: %q is not a documented error code (%s)", k, c, strings.Join(DocumentedCodes(), ", "))
				}
			}
		}
	}
	return nil
}

// Configure checks settings and applies path, namespace, soap_version and
// http_get_root to c; the other settings are the suites' business.
func (c *Client) Configure(settings map[string]string) error {
	if err := CheckSettings(settings); err != nil {
		return err
	}
	if v := strings.TrimSpace(settings[SettingPath]); v != "" {
		c.Path = v
	}
	if v := strings.TrimSpace(settings[SettingNamespace]); v != "" {
		c.Namespace = v
	}
	if v, ok := settings[SettingSOAPVersion]; ok {
		c.Version, _ = ParseSOAPVersion(v) // checked above
	}
	if v := strings.TrimSpace(settings[PinHTTPGetRoot]); v != "" {
		c.GETRoots = map[string][]string{}
		for _, m := range []string{MethodCreateSessionKey, MethodGetUserSchedule} {
			c.GETRoots[m] = []string{RootName(m, v)}
		}
	}
	return nil
}

// RootName is the root element of a method's HTTP-GET answer in a naming
// style: RootType (SessionKeyResult) or RootMethod (CreateSessionKeyResult).
func RootName(method, style string) string {
	if style == RootMethod {
		return method + "Result"
	}
	return TypeName(method)
}
