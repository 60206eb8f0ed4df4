package irp

import "github.com/authprobe/authprobe/refservers/refkit"

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
	{Name: FaultLowEntropyTokens, Breaks: "tokens are drawn from only 65,536 values, so logins collide and share tokens"},
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
}

// faultFlags are the faults read once at start, so the hot path tests
// booleans instead of hashing names.
type faultFlags struct {
	skew10m, futureOK, badSigOK, neverExpire, ttl4m, checkExtends             bool
	minLenUnchecked, reusePerKey, wrongCode, noParameter, minutesFormat       bool
	http500, leakInternals, echoSecret, inactiveOK, ipIgnored, expiredUnknown bool
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
	}
}

// tokenSource picks the token generator: 32 alphanumerics from crypto/rand
// like the vendor's "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", or a faulty one.
func tokenSource(s refkit.FaultSet) refkit.TokenSource {
	switch {
	case s.Has(FaultSequentialTokens):
		return refkit.SequentialTokens(refkit.Alnum, tokenLength)
	case s.Has(FaultLowEntropyTokens):
		return refkit.LowEntropyTokens(refkit.Alnum, tokenLength)
	}
	return refkit.RandomTokens(refkit.Alnum, tokenLength)
}

// stackTrace is what internals-leaked appends to a 2010 message.
const stackTrace = "\r\nSystem.FormatException: Input string was not in a correct format.\r\n" +
	"   at System.Web.Http.ModelBinding.FormatterParameterBinding.ReadContentAsync(HttpRequestMessage request)\r\n" +
	"   at IRP.Api.Controllers.AuthenticationController.Authenticate(AuthenticateModel model) in C:\\Builds\\IRP.Api\\Controllers\\AuthenticationController.cs:line 48"
