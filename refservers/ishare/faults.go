package ishare

import "github.com/authprobe/authprobe/refservers/refkit"

// The names of the faults the reference server can run with.
const (
	FaultClientIDNotBound        = "clientid-not-bound"
	FaultSessionKeyEqualsPasswd  = "session-key-equals-password"
	FaultSequentialTokens        = "sequential-tokens"
	FaultLowEntropyTokens        = "low-entropy-tokens"
	FaultTokensNeverExpire       = "tokens-never-expire"
	FaultKeyReusedOnLogin        = "key-reused-on-login"
	FaultKeyNotChecked           = "key-not-checked"
	FaultWrongErrorCode          = "wrong-error-code"
	FaultRequiredFieldsUnchecked = "required-fields-unchecked"
	FaultMissingSuccessElement   = "missing-success-element"
	FaultSuccessTrueOnFailure    = "success-true-on-failure"
	FaultInternalsLeaked         = "internals-leaked"
	FaultPasswordEchoed          = "password-echoed"
	FaultWSDLMissing             = "wsdl-missing"
	FaultPathCaseSensitive       = "path-case-sensitive"
	FaultMalformedHTMLError      = "malformed-html-error"
)

// Faults lists every fault of the iShare reference server; each breaks one
// documented behaviour.
var Faults = []refkit.Fault{
	{Name: FaultClientIDNotBound, Breaks: "GetUserSchedule accepts a SessionKey presented with a ClientId it was not issued to (should be 1001 Invalid Session key provided)"},
	{Name: FaultSessionKeyEqualsPasswd, Breaks: "CreateSessionKey issues the client's Password as the SessionKey instead of a random key"},
	{Name: FaultSequentialTokens, Breaks: "SessionKeys count up from a random start, so the next client's key is predictable"},
	{Name: FaultLowEntropyTokens, Breaks: "SessionKeys are drawn from only 65,536 values, so they repeat within a few hundred logins"},
	{Name: FaultTokensNeverExpire, Breaks: "SessionKeys never expire: GetUserSchedule still accepts a key after the session lifetime (should be 1001)"},
	{Name: FaultKeyReusedOnLogin, Breaks: "a repeated CreateSessionKey for the same client returns the same live SessionKey instead of a new one"},
	{Name: FaultKeyNotChecked, Breaks: "CreateSessionKey ignores the Key: the right Username and Password with a wrong Key get a session (should be 1024)"},
	{Name: FaultWrongErrorCode, Breaks: "a wrong Username, Password or Key is answered 1019 Error creating Session key instead of 1024 Client authentication failed"},
	{Name: FaultRequiredFieldsUnchecked, Breaks: "a missing or empty parameter crashes the method (soap:Fault NullReferenceException, HTTP 500) instead of answering 1023 Required fields incomplete"},
	{Name: FaultMissingSuccessElement, Breaks: "CreateSessionKey results lack the mandatory Success element"},
	{Name: FaultSuccessTrueOnFailure, Breaks: "a failed CreateSessionKey answers Success true (alongside its Error and without a key)"},
	{Name: FaultInternalsLeaked, Breaks: "error Descriptions carry a .NET stack trace naming internal classes, source files and SQL"},
	{Name: FaultPasswordEchoed, Breaks: "the 1024 Client authentication failed Description echoes the Password that was sent"},
	{Name: FaultWSDLMissing, Breaks: "GET users.asmx?wsdl answers 404 instead of the WSDL, so suds and Visual Studio web references cannot bind"},
	{Name: FaultPathCaseSensitive, Breaks: "only the exact path /Users.asmx is served; /users.asmx answers 404 although IIS paths are case-insensitive"},
	{Name: FaultMalformedHTMLError, Breaks: "a malformed SOAP request gets an HTML error page (HTTP 500, text/html) instead of a soap:Fault"},
}
