package irp

import (
	"math/rand/v2"
	"sync/atomic"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Fault names. Each breaks exactly one documented behaviour.
const (
	FaultSkewWindow10m          = "skew-window-10m"
	FaultFutureTimestamps       = "future-timestamps-accepted"
	FaultBadSignatureAccepted   = "bad-signature-accepted"
	FaultTokensNeverExpire      = "tokens-never-expire"
	FaultTokenTTL4m             = "token-ttl-4m"
	FaultCheckExtendsToken      = "check-extends-token"
	FaultAPIKeyMinLength        = "apikey-min-length-unchecked"
	FaultSequentialTokens       = "sequential-tokens"
	FaultLowEntropyTokens       = "low-entropy-tokens"
	FaultTokenReusedPerKey      = "token-reused-per-key"
	FaultWrongErrorCode         = "wrong-error-code"
	FaultParameterMissing       = "parameter-missing-from-message"
	FaultMinutesRemainingFormat = "minutes-remaining-wrong-format"
	FaultErrorsHTTP500          = "errors-http-500"
	FaultInternalsLeaked        = "internals-leaked"
	FaultSharedSecretEchoed     = "shared-secret-echoed"
	FaultInactiveKeyAccepted    = "inactive-key-accepted"
	FaultIPAllowlistIgnored     = "ip-allowlist-ignored"
	FaultExpiredReportedUnknown = "expired-token-reported-unknown"
	FaultJSONBodyRefused        = "json-body-refused"
	FaultSkewWindow1m           = "skew-window-1m"
	FaultTokenNotBoundToKey     = "token-not-bound-to-key"
	FaultTokenEmbedsAPIKey      = "token-embeds-api-key"
	FaultFieldsFromQuery        = "fields-read-from-query"
	FaultLongValueCrashes       = "long-value-crashes"
	FaultMistypedValueCrashes   = "mistyped-value-crashes"
	FaultMalformedBodyCrashes   = "malformed-body-crashes"
	FaultSuccessAsString        = "success-as-string"
	FaultContentTypeCrashes     = "wrong-content-type-crashes"
	FaultAnswersCacheable       = "answers-cacheable"
	FaultUnknownToken2003       = "unknown-token-answered-2003"
	FaultUnknownKey2003         = "unknown-key-answered-2003"
)

// Faults lists every fault the IRP reference server can run with.
var Faults = []refkit.Fault{
	{Name: FaultSkewWindow10m, Breaks: "TimeStamps up to 10 minutes from the server clock (either way) are accepted instead of 2 minutes"},
	{Name: FaultFutureTimestamps, Breaks: "the 2-minute window only limits past TimeStamps: any future TimeStamp is accepted"},
	{Name: FaultBadSignatureAccepted, Breaks: "Authenticate issues a token whatever the Signature (code 2003 is never answered)"},
	{Name: FaultTokensNeverExpire, Breaks: "tokens are still accepted after their 5 minutes (no 1000 after expiry)"},
	{Name: FaultTokenTTL4m, Breaks: "tokens expire after 4 minutes instead of 5"},
	{Name: FaultCheckExtendsToken, Breaks: "each CheckTokenTime restarts the token's 5 minutes (use extends the token)"},
	{Name: FaultAPIKeyMinLength, Breaks: "an APIKey shorter than 32 characters is not answered 2005 (it is looked up and answered 2014)"},
	{Name: FaultSequentialTokens, Breaks: "tokens count up from a random start: predictable, though of the right length and alphabet"},
	{Name: FaultLowEntropyTokens, Breaks: "tokens are drawn from only 1,024 values, so logins collide and share tokens"},
	{Name: FaultTokenReusedPerKey, Breaks: "Authenticate returns the key's still-live token instead of a new one on every login"},
	{Name: FaultWrongErrorCode, Breaks: "a TimeStamp outside the window is answered 2003 (bad signature) instead of 2001"},
	{Name: FaultParameterMissing, Breaks: "error messages lack the \"(Parameter=APIKey)\" suffix naming the field"},
	{Name: FaultMinutesRemainingFormat, Breaks: "MinutesRemaining is decimal minutes (\"4.98\") instead of MM:SS (\"04:59\")"},
	{Name: FaultErrorsHTTP500, Breaks: "documented errors are answered with HTTP 500 instead of 200 (body unchanged)"},
	{Name: FaultInternalsLeaked, Breaks: "the 2010 message for an unreadable body carries a .NET stack trace"},
	{Name: FaultSharedSecretEchoed, Breaks: "a successful Authenticate echoes the account's SharedSecret in the answer"},
	{Name: FaultInactiveKeyAccepted, Breaks: "an inactive API key is issued tokens instead of being answered 2011"},
	{Name: FaultIPAllowlistIgnored, Breaks: "a key restricted to an IP range is issued tokens from outside it instead of 2013"},
	{Name: FaultExpiredReportedUnknown, Breaks: "an expired token is answered 2002 (unknown) instead of 1000 (just expired)"},
	{Name: FaultJSONBodyRefused, Breaks: "JSON bodies are answered 2010 (only form bodies are read) instead of being accepted like forms"},
	{Name: FaultSkewWindow1m, Breaks: "TimeStamps more than 1 minute from the server clock (either way) are answered 2001: the window is too narrow"},
	{Name: FaultTokenNotBoundToKey, Breaks: "CheckTokenTime accepts a signature made with any account's shared secret, not only the secret of the token's key"},
	{Name: FaultTokenEmbedsAPIKey, Breaks: "tokens end with the first 16 characters of the API key they were issued to (derived from a credential)"},
	{Name: FaultFieldsFromQuery, Breaks: "fields missing from the body are read from the URL query string, so a token (or key) in a URL is accepted"},
	{Name: FaultLongValueCrashes, Breaks: "a field value over 1,024 characters crashes the handler: HTTP 500 with an HTML error page instead of a documented error"},
	{Name: FaultMistypedValueCrashes, Breaks: "a JSON object or array as a field value crashes the handler: HTTP 500 with an HTML error page instead of 2007"},
	{Name: FaultMalformedBodyCrashes, Breaks: "a body that cannot be decoded (broken JSON, a JSON array, a broken %-escape) crashes the handler: HTTP 500 with an HTML error page instead of 2010"},
	{Name: FaultSuccessAsString, Breaks: "a successful CheckTokenTime answers \"Success\":\"True\" (a string) instead of the JSON boolean true of the seed's examples"},
	{Name: FaultContentTypeCrashes, Breaks: "a body of an unsupported Content-Type (text/plain) crashes the handler: HTTP 500 with an HTML error page instead of an error"},
	{Name: FaultAnswersCacheable, Breaks: "answers (the one carrying a token included) come without Cache-Control: no-store, so proxies and browsers may keep tokens"},
	{Name: FaultUnknownToken2003, Breaks: "a CheckTokenTime with a token never issued is answered only 2003 (bad signature) instead of 2002 (no API key associated with the token)"},
	{Name: FaultUnknownKey2003, Breaks: "an Authenticate with an API key that does not exist is answered only 2003 (bad signature) instead of 2014"},
}

// faultFlags are the faults read once at start, so the hot path tests
// booleans instead of hashing names.
type faultFlags struct {
	skew10m, futureOK, badSigOK, neverExpire, ttl4m, checkExtends                bool
	minLenUnchecked, reusePerKey, wrongCode, noParameter, minutesFormat          bool
	http500, leakInternals, echoSecret, inactiveOK, ipIgnored, expiredUnknown    bool
	jsonRefused, skew1m, notBound, embedKey, fromQuery                           bool
	longCrash, mistypedCrash, malformedCrash                                     bool
	successString, contentTypeCrash, cacheable, unknownToken2003, unknownKey2003 bool
}

func readFaults(s refkit.FaultSet) faultFlags {
	return faultFlags{
		skew10m:         s.Has(FaultSkewWindow10m),
		futureOK:        s.Has(FaultFutureTimestamps),
		badSigOK:        s.Has(FaultBadSignatureAccepted),
		neverExpire:     s.Has(FaultTokensNeverExpire),
		ttl4m:           s.Has(FaultTokenTTL4m),
		checkExtends:    s.Has(FaultCheckExtendsToken),
		minLenUnchecked: s.Has(FaultAPIKeyMinLength),
		reusePerKey:     s.Has(FaultTokenReusedPerKey),
		wrongCode:       s.Has(FaultWrongErrorCode),
		noParameter:     s.Has(FaultParameterMissing),
		minutesFormat:   s.Has(FaultMinutesRemainingFormat),
		http500:         s.Has(FaultErrorsHTTP500),
		leakInternals:   s.Has(FaultInternalsLeaked),
		echoSecret:      s.Has(FaultSharedSecretEchoed),
		inactiveOK:      s.Has(FaultInactiveKeyAccepted),
		ipIgnored:       s.Has(FaultIPAllowlistIgnored),
		expiredUnknown:  s.Has(FaultExpiredReportedUnknown),
		jsonRefused:     s.Has(FaultJSONBodyRefused),
		skew1m:          s.Has(FaultSkewWindow1m),
		notBound:        s.Has(FaultTokenNotBoundToKey),
		embedKey:        s.Has(FaultTokenEmbedsAPIKey),
		fromQuery:       s.Has(FaultFieldsFromQuery),
		longCrash:       s.Has(FaultLongValueCrashes),
		mistypedCrash:   s.Has(FaultMistypedValueCrashes),
		malformedCrash:  s.Has(FaultMalformedBodyCrashes),

		successString:    s.Has(FaultSuccessAsString),
		contentTypeCrash: s.Has(FaultContentTypeCrashes),
		cacheable:        s.Has(FaultAnswersCacheable),
		unknownToken2003: s.Has(FaultUnknownToken2003),
		unknownKey2003:   s.Has(FaultUnknownKey2003),
	}
}

// tokenSource picks the token generator: 32 random alphanumerics
// like the vendor's "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", another legal
// format a dialect names, or a faulty one (faults win over dialects).
func tokenSource(s refkit.FaultSet, d refkit.DialectSet) refkit.TokenSource {
	switch {
	case s.Has(FaultSequentialTokens):
		return refkit.SequentialTokens(refkit.Alnum, tokenLength)
	case s.Has(FaultLowEntropyTokens):
		return lowEntropyTokens()
	case s.Has(FaultTokenEmbedsAPIKey):
		// The random half; issue appends the key's first characters.
		return refkit.RandomTokens(refkit.Alnum, tokenLength-embeddedKeyChars)
	case d.Has(DialectTokenBase64):
		return refkit.RandomTokens(refkit.Base64, 32) // 24 random bytes
	case d.Has(DialectTokenHex64):
		return refkit.RandomTokens(refkit.Hex, 16) // 8 random bytes: 64 bits
	}
	return refkit.RandomTokens(refkit.Alnum, tokenLength)
}

// lowEntropyValues is how many tokens low-entropy-tokens can issue: few
// enough that 200 logins collide (almost surely), and printed like a
// counter, so the leading characters never change.
const lowEntropyValues = 1024

// embeddedKeyChars is how much of the API key token-embeds-api-key puts at
// the end of a token.
const embeddedKeyChars = 16

// lowEntropyTokens draws tokens from lowEntropyValues values, written in
// base 62 over 32 characters of refkit's alphabet ("aaaa…aaQx"). It never
// issues the same token twice in a row, so the fault shows in samples of
// many logins (entropy, uniqueness) and not by chance in a pair of them.
func lowEntropyTokens() refkit.TokenSource {
	const digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var last atomic.Int64
	last.Store(-1)
	return refkit.TokenFunc(func() string {
		v := rand.IntN(lowEntropyValues) //nolint:gosec // a deliberately weak token source
		for int64(v) == last.Swap(int64(v)) {
			v = (v + 1 + rand.IntN(lowEntropyValues-1)) % lowEntropyValues //nolint:gosec // as above
		}
		out := make([]byte, tokenLength)
		for i := tokenLength - 1; i >= 0; i-- {
			out[i] = digits[v%len(digits)]
			v /= len(digits)
		}
		return string(out)
	})
}

// crashPage is what the crash faults answer, as an unhandled exception
// in ASP.NET with custom errors on: HTTP 500 and an HTML page.
const crashPage = "<!DOCTYPE html>\r\n<html><head><title>Runtime Error</title></head>" +
	"<body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2></body></html>\r\n"

// stackTrace is what internals-leaked appends to a 2010 message.
const stackTrace = "\r\nSystem.FormatException: Input string was not in a correct format.\r\n" +
	"   at System.Web.Http.ModelBinding.FormatterParameterBinding.ReadContentAsync(HttpRequestMessage request)\r\n" +
	"   at IRP.Api.Controllers.AuthenticationController.Authenticate(AuthenticateModel model) in C:\\Builds\\IRP.Api\\Controllers\\AuthenticationController.cs:line 48"
