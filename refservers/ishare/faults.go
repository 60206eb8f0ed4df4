package ishare

import "github.com/authprobe/authprobe/refservers/refkit"

// The names of the faults the reference server can run with.
const (
	FaultClientIDNotBound        = "clientid-not-bound"
	FaultSessionKeyEqualsPasswd  = "session-key-equals-password"
	FaultSequentialTokens        = "sequential-tokens"
	FaultLowEntropyTokens        = "low-entropy-tokens"
	FaultTokensNeverExpire       = "tokens-never-expire"
	FaultExpiryShort             = "expiry-short"
	FaultKeyReusedOnLogin        = "key-reused-on-login"
	FaultNewKeyRevokesOld        = "new-key-revokes-old"
	FaultKeyNotChecked           = "key-not-checked"
	FaultWrongErrorCode          = "wrong-error-code"
	FaultUnknownUser1022         = "unknown-user-1022"
	FaultInvalidKeyWrongCode     = "invalid-key-wrong-code"
	FaultRequiredFieldsUnchecked = "required-fields-unchecked"
	FaultLongFieldCrashes        = "long-field-crashes"
	FaultMissingSuccessElement   = "missing-success-element"
	FaultSuccessTrueOnFailure    = "success-true-on-failure"
	FaultInternalsLeaked         = "internals-leaked"
	FaultPasswordEchoed          = "password-echoed"
	FaultCacheableAnswers        = "cacheable-answers"
	FaultWSDLMissing             = "wsdl-missing"
	FaultPathCaseSensitive       = "path-case-sensitive"
	FaultSOAP12Refused           = "soap12-refused"
	FaultGETRootNotDeclared      = "get-root-not-as-declared"
	FaultMalformedHTMLError      = "malformed-html-error"
)

// lowEntropyValues is how many different keys FaultLowEntropyTokens draws
// from: few enough that 200 logins repeat a key with odds of 1 - 4e-9.
const lowEntropyValues = 1024

// longField is the length above which FaultLongFieldCrashes crashes on a
// Password or Key (an nvarchar(256) parameter).
const longField = 256

// Faults lists every fault of the iShare reference server; each breaks one
// documented behaviour.
var Faults = []refkit.Fault{
	{Name: FaultClientIDNotBound, Breaks: "GetUserSchedule accepts a SessionKey presented with a ClientId it was not issued to (should be 1001 Invalid Session key provided)"},
	{Name: FaultSessionKeyEqualsPasswd, Breaks: "CreateSessionKey issues the client's Password as the SessionKey instead of a random key"},
	{Name: FaultSequentialTokens, Breaks: "SessionKeys count up from a random start, so the next client's key is predictable"},
	{Name: FaultLowEntropyTokens, Breaks: "SessionKeys are drawn from only 1,024 values, so they repeat within a few dozen logins"},
	{Name: FaultTokensNeverExpire, Breaks: "SessionKeys never expire: GetUserSchedule still accepts a key after the session lifetime (should be 1001)"},
	{Name: FaultExpiryShort, Breaks: "sessions end after 5/6 of the session lifetime (16m40s of 20m) instead of at its end"},
	{Name: FaultKeyReusedOnLogin, Breaks: "a repeated CreateSessionKey for the same client returns the same live SessionKey (with a fresh lifetime) instead of a new one"},
	{Name: FaultNewKeyRevokesOld, Breaks: "a CreateSessionKey revokes the client's earlier keys, although the iShare portal creates keys on its own (should live out their lifetime)"},
	{Name: FaultKeyNotChecked, Breaks: "CreateSessionKey ignores the Key: the right Username and Password with a wrong Key get a session (should be 1024)"},
	{Name: FaultWrongErrorCode, Breaks: "a wrong Username, Password or Key is answered 1019 Error creating Session key instead of 1024 Client authentication failed"},
	{Name: FaultUnknownUser1022, Breaks: "an unknown Username is answered 1022 User not found in My Alerts database instead of 1024, so usernames can be enumerated"},
	{Name: FaultInvalidKeyWrongCode, Breaks: "GetUserSchedule answers a SessionKey that was never issued with 1021 User authentication failed instead of 1001 Invalid Session key provided"},
	{Name: FaultRequiredFieldsUnchecked, Breaks: "a missing or empty parameter crashes the method (soap:Fault NullReferenceException, HTTP 500) instead of answering 1023 Required fields incomplete"},
	{Name: FaultLongFieldCrashes, Breaks: "a Password or Key over 256 characters crashes CreateSessionKey (soap:Server fault 'String or binary data would be truncated', HTTP 500) instead of answering 1024"},
	{Name: FaultMissingSuccessElement, Breaks: "the HTTP-GET binding's SessionKeyResult lacks the mandatory Success element"},
	{Name: FaultSuccessTrueOnFailure, Breaks: "the 1019 Error creating Session key answer says Success true beside its Error (and has no key)"},
	{Name: FaultInternalsLeaked, Breaks: "error Descriptions carry a .NET stack trace naming internal classes, source files and SQL"},
	{Name: FaultPasswordEchoed, Breaks: "the 1024 Client authentication failed Description echoes the Password that was sent"},
	{Name: FaultCacheableAnswers, Breaks: "answers carry no Cache-Control: no-store, so proxies and browsers may keep a SessionKey"},
	{Name: FaultWSDLMissing, Breaks: "GET users.asmx?wsdl answers 404 instead of the WSDL, so suds and Visual Studio web references cannot bind"},
	{Name: FaultPathCaseSensitive, Breaks: "only the exact path /Users.asmx is served; /users.asmx answers 404 although IIS paths are case-insensitive"},
	{Name: FaultSOAP12Refused, Breaks: "SOAP 1.2 requests (application/soap+xml) get HTTP 415 and a SOAP 1.1 fault instead of a SOAP 1.2 answer"},
	{Name: FaultGETRootNotDeclared, Breaks: "the HTTP-GET binding's answers are rooted at another element than the one the WSDL declares for the binding's output (SessionKeyResult vs CreateSessionKeyResult), so a client bound through the WSDL cannot read them"},
	{Name: FaultMalformedHTMLError, Breaks: "a SOAP request the server cannot read (malformed XML, no Envelope or Body, a mistyped ClientId, a non-SOAP media type) gets an HTML error page with HTTP 500 - a crash - instead of a refusal"},
}
