package irp

import (
	"github.com/authprobe/authprobe/refservers/refkit"

	client "github.com/authprobe/authprobe/clients/irp"
)

// Dialect names. Each makes one choice the seed and shared/profiles.md
// leave open differently from the server's default; all can be on at once.
const (
	DialectAllErrors       = "all-errors"
	DialectFirstFieldError = "first-field-error"
	DialectMessageTexts    = "message-texts"
	DialectWarningEmpty    = "warning-empty"
	DialectWarningMessage  = "warning-message"
	DialectTokenBase64     = "token-base64"
	DialectTokenHex64      = "token-hex64"
	DialectJSONPretty      = "json-pretty"
	DialectJSONInString    = "json-in-string"
	DialectJSONContentType = "json-content-type"
	DialectTextContentType = "text-content-type"
	DialectExtraFields     = "extra-fields"
	DialectErrorStatus400  = "error-status-400"
	DialectContentType415  = "content-type-415"
	DialectWholeSeconds    = "window-whole-seconds"
	DialectReplayRefused   = "replay-refused"
	DialectCrossKey2002    = "cross-key-2002"
	DialectEmptyBody2010   = "empty-body-2010"
	DialectTimestampFormat = "timestamp-format"
	DialectRemainingCeil   = "remaining-ceil"
	DialectExactFieldNames = "exact-field-names"
	DialectCheckMinimal    = "check-minimal"
	DialectMalformed400    = "malformed-400"
)

// Dialects lists every legal variation the IRP reference server can speak.
var Dialects = []refkit.Dialect{
	{Name: DialectAllErrors, Varies: "every failing check is listed, not only the first: a request that cannot be authenticated also gets 2003, and the extra messages come first (e.g. [2003 Signature, 2014 APIKey] for an unknown key)"},
	{Name: DialectFirstFieldError, Varies: "only the first failing field is reported, fields checked in the order Signature, TimeStamp, APIKey/AuthenticationToken (the default lists every failing field)"},
	{Name: DialectMessageTexts, Varies: "message texts in other words and case, naming the field as \"(parameter 'apiKey')\" instead of \".(Parameter=APIKey)\""},
	{Name: DialectWarningEmpty, Varies: "a successful Authenticate answers Success \"Warning\" with Messages [] (the seed: \"Otherwise this will be an empty array\")"},
	{Name: DialectWarningMessage, Varies: "a successful CheckTokenTime answers Success \"Warning\" with one warning message (the seed: \"accompanied by a warning message\")"},
	{Name: DialectTokenBase64, Varies: "tokens are 24 random bytes in standard Base64 (32 characters with + and /), like the seed's \"YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6\"; wins over token-hex64"},
	{Name: DialectTokenHex64, Varies: "tokens are 16 lower-case hex digits: exactly 64 random bits, the floor of profiles.md"},
	{Name: DialectJSONPretty, Varies: "answers are indented with CRLF line ends, Success first, \"/\" escaped as \"\\/\", Content-Type without charset (text/plain, or application/json with json-content-type or json-in-string)"},
	{Name: DialectJSONContentType, Varies: "answers carry Content-Type application/json; charset=utf-8 instead of text/plain (jQuery then parses the answer itself, so the seed's JSON.parse(data) throws)"},
	{Name: DialectJSONInString, Varies: "answers are Content-Type application/json whose body is a JSON string holding the answer's JSON text, as ASP.NET sends an action's serialized string (jQuery parses once to a string, the seed's JSON.parse(data) gives the object)"},
	{Name: DialectTextContentType, Varies: "answers carry Content-Type text/html; charset=utf-8 instead of text/plain (jQuery hands the JSON text over as a string, for JSON.parse)"},
	{Name: DialectExtraFields, Varies: "answers carry extra fields (Version, RequestId, AuthenticationToken null on errors) and extra headers (Set-Cookie, X-Request-Id, Server, Expires, Pragma, Cache-Control no-cache, no-store, must-revalidate)"},
	{Name: DialectErrorStatus400, Varies: "documented errors come with HTTP 400 instead of 200 (profiles.md: a setting)", Settings: map[string]string{client.SettingErrorHTTPStatus: "400"}},
	{Name: DialectContentType415, Varies: "a body of an unsupported Content-Type (text/plain, none) is answered HTTP 415 with an empty body instead of 2010"},
	{Name: DialectWholeSeconds, Varies: "the two-minute window is checked on whole seconds of the server clock, the bound itself excluded, instead of as an instant"},
	{Name: DialectReplayRefused, Varies: "a Signature already accepted is refused (2003) when sent again while its TimeStamp is in the two-minute window: replays are refused"},
	{Name: DialectCrossKey2002, Varies: "a CheckTokenTime whose Signature is not made with the token's key is answered 2002 (no key of the signer is associated with the token) instead of 2003"},
	{Name: DialectEmptyBody2010, Varies: "an empty body is answered 2010 Error Reading The Values instead of 2004 for each field"},
	{Name: DialectTimestampFormat, Varies: "the answer's time is named \"Timestamp\" (as the seed's prose) and printed with milliseconds and no zone (\"2018-10-16 14:24:46.883\")"},
	{Name: DialectRemainingCeil, Varies: "MinutesRemaining is rounded up to the whole second instead of down"},
	{Name: DialectExactFieldNames, Varies: "request field names are matched exactly (APIKey, TimeStamp or Timestamp, Signature, AuthenticationToken) instead of in any case"},
	{Name: DialectCheckMinimal, Varies: "a successful CheckTokenTime carries no AuthenticationToken and a null Signature: only the status fields and MinutesRemaining"},
	{Name: DialectMalformed400, Varies: "a body that does not decode (broken JSON, a JSON array, a broken %-escape) is answered HTTP 400 text/plain \"Bad Request\" instead of 2010"},
}

// dialectFlags are the dialects read once at start.
type dialectFlags struct {
	allErrors, firstField, messageTexts, warningEmpty, warningMessage bool
	jsonPretty, jsonString, jsonContentType, textContentType          bool
	extraFields, status400                                            bool
	type415, wholeSeconds, replayRefused, crossKey2002, emptyBody2010 bool
	timestampFormat, remainingCeil, exactNames, checkMinimal          bool
	malformed400                                                      bool
}

func readDialects(s refkit.DialectSet) dialectFlags {
	return dialectFlags{
		allErrors:       s.Has(DialectAllErrors),
		firstField:      s.Has(DialectFirstFieldError),
		messageTexts:    s.Has(DialectMessageTexts),
		warningEmpty:    s.Has(DialectWarningEmpty),
		warningMessage:  s.Has(DialectWarningMessage),
		jsonPretty:      s.Has(DialectJSONPretty),
		jsonString:      s.Has(DialectJSONInString),
		jsonContentType: s.Has(DialectJSONContentType),
		textContentType: s.Has(DialectTextContentType),
		extraFields:     s.Has(DialectExtraFields),
		status400:       s.Has(DialectErrorStatus400),
		type415:         s.Has(DialectContentType415),
		wholeSeconds:    s.Has(DialectWholeSeconds),
		replayRefused:   s.Has(DialectReplayRefused),
		crossKey2002:    s.Has(DialectCrossKey2002),
		emptyBody2010:   s.Has(DialectEmptyBody2010),
		timestampFormat: s.Has(DialectTimestampFormat),
		remainingCeil:   s.Has(DialectRemainingCeil),
		exactNames:      s.Has(DialectExactFieldNames),
		checkMinimal:    s.Has(DialectCheckMinimal),
		malformed400:    s.Has(DialectMalformed400),
	}
}
