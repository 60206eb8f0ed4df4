package certna

import (
	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Dialect names: legal variations of every choice the vendor page and
// profiles.md leave open. Each is something a conformant CeRTNA
// deployment could do; the specs must pass against each alone and against
// all at once (the dialect matrix), and every fault must still be caught
// on the all-dialects server (the kill matrix).
const (
	DialectLoginRefusalCode   = "login-refusal-code"
	DialectLoginRefusal200    = "login-refusal-200"
	DialectRefusalCodes       = "refusal-codes"
	DialectBadInputException  = "bad-input-exception-500"
	DialectUnprocessable422   = "unprocessable-422"
	DialectContentType400     = "content-type-400"
	DialectCharsetLenient     = "charset-lenient"
	DialectGUIDUpper          = "guid-upper"
	DialectGUIDBraces         = "guid-braces"
	DialectLogout200Body      = "logout-200-body"
	DialectNullFields         = "null-fields"
	DialectExtraFields        = "extra-fields"
	DialectJSONPretty         = "json-pretty"
	DialectLongNameFakeSalt   = "long-name-fake-salt"
	DialectMissingToken400    = "missing-token-400"
	DialectEmptyNameIsAName   = "empty-name-is-a-name"
	DialectChecksumKeyStable  = "checksum-key-stable"
	DialectSaltEndpoint       = "salt-endpoint"
	DialectIdle30m            = "idle-30m"
	AlternativeSaltPath       = "/user/getsalt"
	alternativeTTL            = "30m"
	codeLoginFailed           = "LOGIN_FAILED"
	codeLoggedOut             = "LOGGED_OUT"
	messageLoggedOut          = "You have been logged out."
	exceptionBadInputMessage  = "A required parameter is missing or invalid."
	exceptionMalformedMessage = "The request could not be read."
)

// Dialects lists every dialect of the server.
var Dialects = []refkit.Dialect{
	{Name: DialectLoginRefusalCode, Varies: `a refused login answers 401 {"code":"LOGIN_FAILED","message":…} (the seed's "code and message") instead of 500 {"Exception":{"Code":"DatabaseError",…}}`},
	{Name: DialectLoginRefusal200, Varies: "a refused login answers HTTP 200 (the seed documents the refusal by its body, not its status)"},
	{Name: DialectRefusalCodes, Varies: `every {"code"} refusal uses PascalCase codes (InvalidToken, MissingParameter, LoginFailed, …) instead of UPPER_SNAKE ones`},
	{Name: DialectBadInputException, Varies: `missing, mistyped or malformed input to login and salt is answered like the seed's example 2: 500 {"Exception":{"Code":"DatabaseError",…}} (without leaking internals)`},
	{Name: DialectUnprocessable422, Varies: "a field of the wrong type or value (mistyped field, bad checksum) is answered 422 instead of 400"},
	{Name: DialectContentType400, Varies: "a body without Content-Type application/json is answered 400 instead of 415"},
	{Name: DialectCharsetLenient, Varies: "application/json is accepted with any charset parameter and in any letter case"},
	{Name: DialectGUIDUpper, Varies: "access tokens and checksum keys are upper-case GUIDs"},
	{Name: DialectGUIDBraces, Varies: "access tokens and checksum keys are GUIDs in braces, {…} (.NET's B format)"},
	{Name: DialectLogout200Body, Varies: `a logout answers 200 {"code":"LOGGED_OUT","message":…} instead of 204 No Content`},
	{Name: DialectNullFields, Varies: `every answer carries all fields of its operation, null when unused ({"access_token":null,"code":…,"message":…}), as a serialized answer class does`},
	{Name: DialectExtraFields, Varies: "answers carry an extra JSON field (api_version), extra headers (Server, X-Powered-By, X-Request-Id) and a session cookie"},
	{Name: DialectJSONPretty, Varies: "JSON answers are indented with CRLF line ends, like the seed's examples, and typed application/json without a charset"},
	{Name: DialectLongNameFakeSalt, Varies: "a user_name over 256 bytes is an unknown user: the salt endpoint answers a fake salt, login refuses it like a wrong password"},
	{Name: DialectMissingToken400, Varies: "a guarded call without the access_token header is answered 400 instead of 401 (profiles.md fixes 401 for invalid and expired tokens only)"},
	{Name: DialectEmptyNameIsAName, Varies: "a missing or empty user_name is a user name like any other: the salt endpoint answers a fake salt, login refuses it like a wrong password"},
	{Name: DialectChecksumKeyStable, Varies: "storing the same checksum again in the same session answers the same checksum_key"},
	{Name: DialectSaltEndpoint, Varies: "the salt is served at GET " + AlternativeSaltPath + "?user_name=… (profiles.md: the salt endpoint is a setting)",
		Settings: map[string]string{client.SettingSaltPath: AlternativeSaltPath}},
	{Name: DialectIdle30m, Varies: "the idle session lifetime is 30 minutes (profiles.md: session_ttl is a setting)",
		Settings: map[string]string{client.SettingSessionTTL: alternativeTTL}},
}

// dialect is the server's dialect set read once, for the hot paths.
type dialect struct {
	loginRefusalCode, loginRefusal200, refusalCodes, badInputException, unprocessable422 bool
	contentType400, charsetLenient, guidUpper, guidBraces, logout200Body, nullFields     bool
	extraFields, jsonPretty, longNameFakeSalt, missingToken400, emptyNameIsAName         bool
	checksumKeyStable, saltEndpoint, idle30m                                             bool
}

func dialectOf(s refkit.DialectSet) dialect {
	return dialect{
		loginRefusalCode: s.Has(DialectLoginRefusalCode), loginRefusal200: s.Has(DialectLoginRefusal200),
		refusalCodes: s.Has(DialectRefusalCodes), badInputException: s.Has(DialectBadInputException),
		unprocessable422: s.Has(DialectUnprocessable422), contentType400: s.Has(DialectContentType400),
		charsetLenient: s.Has(DialectCharsetLenient), guidUpper: s.Has(DialectGUIDUpper), guidBraces: s.Has(DialectGUIDBraces),
		logout200Body: s.Has(DialectLogout200Body), nullFields: s.Has(DialectNullFields), extraFields: s.Has(DialectExtraFields),
		jsonPretty: s.Has(DialectJSONPretty), longNameFakeSalt: s.Has(DialectLongNameFakeSalt),
		missingToken400: s.Has(DialectMissingToken400), emptyNameIsAName: s.Has(DialectEmptyNameIsAName),
		checksumKeyStable: s.Has(DialectChecksumKeyStable), saltEndpoint: s.Has(DialectSaltEndpoint), idle30m: s.Has(DialectIdle30m),
	}
}

// pascalCodes are the codes of the refusal-codes dialect.
var pascalCodes = map[string]string{
	CodeMissingParameter:     "MissingParameter",
	CodeInvalidParameter:     "InvalidParameter",
	CodeMalformedJSON:        "MalformedJson",
	CodeUnsupportedMediaType: "UnsupportedMediaType",
	CodeBodyTooLarge:         "RequestTooLarge",
	CodeMissingToken:         "MissingToken",
	CodeInvalidToken:         "InvalidToken",
	CodeMethodNotAllowed:     "MethodNotAllowed",
	CodeNotFound:             "NotFound",
	CodeUnknownUser:          "UnknownUser",
	codeLoginFailed:          "LoginFailed",
	codeLoggedOut:            "LoggedOut",
}
