package certna

import (
	"time"

	"github.com/authprobe/authprobe/config"
)

// Credential keys of a CeRTNA account in a target configuration.
const (
	// CredUserName is the login name (the identity of an entry).
	CredUserName = "user_name"
	// CredPassword is the plain password; the client prepares it as the
	// hash scheme says before it is sent.
	CredPassword = "password"
)

// Settings of the profile. Paths, the hash scheme and the session lifetime
// are profiles.md decisions marked "setting"; the rest are pins: unset, the
// specs accept every answer the vendor page and profiles.md allow; set,
// they require the given value (comma-separated lists allow several).
const (
	SettingSessionTTL        = "session_ttl"
	SettingSaltPath          = "salt_path"
	SettingHashScheme        = "hash_scheme"
	SettingLoginPath         = "login_path"
	SettingStoreChecksumPath = "store_checksum_path"
	SettingLogoutPath        = "logout_path"

	PinLoginRefusedCode     = "login_refused_code"
	PinLoginRefusedStatus   = "login_refused_status"
	PinInvalidTokenCode     = "invalid_token_code"
	PinMissingTokenCode     = "missing_token_code"
	PinMissingTokenStatus   = "missing_token_status"
	PinMissingFieldCode     = "missing_field_code"
	PinInvalidFieldCode     = "invalid_field_code"
	PinMalformedBodyCode    = "malformed_body_code"
	PinBadInputStatus       = "bad_input_status"
	PinWrongContentTypeCode = "wrong_content_type_code"
	PinWrongContentStatus   = "wrong_content_type_status"
	PinLogoutStatus         = "logout_status"
	PinLongUserNameSalt     = "long_user_name_salt"
)

// NoLogout is the logout_path value of a deployment without logout (an
// empty value means the same).
const NoLogout = "none"

// DefaultSessionTTL is the decided idle lifetime (profiles.md certna).
const DefaultSessionTTL = 20 * time.Minute

// Values of the long_user_name_salt pin.
const (
	LongUserNameRefused = "refused"
	LongUserNameSalt    = "salt"
)

// Table is the profile's settings-and-credentials table: the specs, the
// load targeter, the reference server and `authprobe list --settings` read
// it.
var Table = config.Profile{
	Name: "certna",
	Settings: []config.Setting{
		{Name: SettingSessionTTL, Default: "20m", Kind: config.DurationKind,
			Doc: "idle session lifetime (profiles.md: 20 minutes, a setting); each authorized call (storechecksum) restarts it"},
		{Name: SettingSaltPath, Default: DefaultSaltPath,
			Doc: "where GET ?user_name=… returns the user's salt (profiles.md: the salt endpoint is a setting)"},
		{Name: SettingHashScheme, Default: string(SaltedSHA256), Kind: config.Enum, Values: hashSchemeNames(),
			Doc: "how the password is prepared (profiles.md: a setting): salted-sha256 (Base64(SHA-256(salt ‖ password))), salted-sha1, or the unsalted sha256, sha1 and plain (no salt fetch: the salt specs are SKIPPED)"},
		{Name: SettingLoginPath, Default: DefaultLoginPath, Doc: "path of the login endpoint (seed: /user/login)"},
		{Name: SettingStoreChecksumPath, Default: DefaultStoreChecksumPath, Doc: "path of the token-guarded call that proves a token works"},
		{Name: SettingLogoutPath, Default: DefaultLogoutPath,
			Doc: "path of the logout endpoint; none (or empty): the deployment has none and the logout specs are SKIPPED"},

		{Name: PinLoginRefusedCode, Kind: config.List, Pin: true,
			Doc: "code (code or Exception.Code) of a refused login: wrong password, unknown user, wrongly prepared password (e.g. DatabaseError)"},
		{Name: PinLoginRefusedStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status of a refused login (e.g. 500, as the seed's examples)"},
		{Name: PinInvalidTokenCode, Kind: config.List, Pin: true,
			Doc: "code of the HTTP 401 refusal of a token never issued, expired or logged out (e.g. INVALID_TOKEN)"},
		{Name: PinMissingTokenCode, Kind: config.List, Pin: true,
			Doc: "code of the refusal of a guarded call without the access_token header (e.g. MISSING_TOKEN)"},
		{Name: PinMissingTokenStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status of a guarded call without the access_token header (e.g. 401)"},
		{Name: PinMissingFieldCode, Kind: config.List, Pin: true,
			Doc: "code of a request whose required field (user_name, password, checksum) is absent, null or empty (e.g. MISSING_PARAMETER)"},
		{Name: PinInvalidFieldCode, Kind: config.List, Pin: true,
			Doc: "code of a request with a field of the wrong JSON type, or a checksum that is not a Base64 SHA-384 digest (e.g. INVALID_PARAMETER)"},
		{Name: PinMalformedBodyCode, Kind: config.List, Pin: true,
			Doc: "code of a login whose body is not one JSON object (e.g. MALFORMED_JSON)"},
		{Name: PinBadInputStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status of bad input: missing, mistyped or malformed fields and bodies (e.g. 400)"},
		{Name: PinWrongContentTypeCode, Kind: config.List, Pin: true,
			Doc: "code of a body sent without Content-Type application/json (e.g. UNSUPPORTED_MEDIA_TYPE)"},
		{Name: PinWrongContentStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status of a body sent without Content-Type application/json (e.g. 415)"},
		{Name: PinLogoutStatus, Kind: config.List, Pin: true,
			Doc: "HTTP status of a successful logout (e.g. 204)"},
		{Name: PinLongUserNameSalt, Kind: config.Enum, Values: []string{LongUserNameRefused, LongUserNameSalt}, Pin: true,
			Doc: "what the salt endpoint answers for a 1 KiB user_name: refused, or salt (a fake salt like any unknown user's)"},
	},
	Credentials: []config.Credential{
		{Key: CredUserName, Doc: "the login name (user_name)"},
		{Key: CredPassword, Secret: true, Doc: "the plain password; the client prepares it as hash_scheme says"},
	},
}

func hashSchemeNames() []string {
	out := make([]string, len(HashSchemes))
	for i, h := range HashSchemes {
		out[i] = string(h)
	}
	return out
}
