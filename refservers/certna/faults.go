package certna

import "github.com/authprobe/authprobe/refservers/refkit"

// Fault names.
const (
	FaultUnsaltedHashAccepted      = "unsalted-hash-accepted"
	FaultForeignSaltAccepted       = "foreign-salt-accepted"
	FaultPlaintextPasswordAccepted = "plaintext-password-accepted"
	FaultSaltRevealsUnknownUser    = "salt-reveals-unknown-user"
	FaultLoginRevealsUnknownUser   = "login-reveals-unknown-user"
	FaultLogoutKeepsSession        = "logout-keeps-session"
	FaultTokensNeverExpire         = "tokens-never-expire"
	FaultIdleTimeoutNotExtended    = "idle-timeout-not-extended"
	FaultSequentialTokens          = "sequential-tokens"
	FaultTokenReusedOnLogin        = "token-reused-on-login"
	FaultInternalsLeaked           = "internals-leaked"
	FaultPasswordEchoed            = "password-echoed"
	FaultWrongContentTypeAccepted  = "wrong-content-type-accepted"
	FaultCrashOnMalformedJSON      = "crash-on-malformed-json"
	FaultStoreChecksumWithoutToken = "storechecksum-without-token"
	FaultInvalidTokenStatus200     = "invalid-token-status-200"
	FaultChecksumKeyMissing        = "checksum-key-missing"
)

// Faults lists every fault the server can run with; each breaks exactly one
// documented behaviour.
var Faults = []refkit.Fault{
	{Name: FaultUnsaltedHashAccepted, Breaks: "login accepts an unsalted Base64(SHA-256(password)) or Base64(SHA-1(password)) instead of refusing it like a wrong password"},
	{Name: FaultForeignSaltAccepted, Breaks: "login accepts a password hashed with another user's salt: the salt is not bound to its user"},
	{Name: FaultPlaintextPasswordAccepted, Breaks: "login accepts the plain-text password instead of refusing it like a wrong password"},
	{Name: FaultSaltRevealsUnknownUser, Breaks: "the salt endpoint answers 404 UNKNOWN_USER for an unknown user instead of a stable fake salt, so users can be enumerated"},
	{Name: FaultLoginRevealsUnknownUser, Breaks: "a login with an unknown user name gets a different message than a wrong password, so users can be enumerated"},
	{Name: FaultLogoutKeepsSession, Breaks: "logout answers 204 but the token keeps working"},
	{Name: FaultTokensNeverExpire, Breaks: "sessions never expire: a token idle for longer than the session lifetime is still accepted"},
	{Name: FaultIdleTimeoutNotExtended, Breaks: "authorized calls do not extend the session: it expires a lifetime after login even while in use"},
	{Name: FaultSequentialTokens, Breaks: "access tokens count up from a random start (valid GUID format, but predictable)"},
	{Name: FaultTokenReusedOnLogin, Breaks: "a new login of a user with a live session returns the same token instead of a new one"},
	{Name: FaultInternalsLeaked, Breaks: "a login with a missing field names the stored procedure in its message (seed example 2: 'spLogin_New' … '@PASSWORD')"},
	{Name: FaultPasswordEchoed, Breaks: "a refused login echoes the submitted password value in its message"},
	{Name: FaultWrongContentTypeAccepted, Breaks: "JSON endpoints accept a body sent with a non-JSON Content-Type instead of answering 415 UNSUPPORTED_MEDIA_TYPE"},
	{Name: FaultCrashOnMalformedJSON, Breaks: "a malformed JSON body gets a 500 text/plain crash message instead of 400 MALFORMED_JSON"},
	{Name: FaultStoreChecksumWithoutToken, Breaks: "/storechecksum without an access_token header stores the checksum instead of answering 401 MISSING_TOKEN"},
	{Name: FaultInvalidTokenStatus200, Breaks: "a missing or invalid token is refused with HTTP 200 instead of 401 (the body still says MISSING_TOKEN / INVALID_TOKEN)"},
	{Name: FaultChecksumKeyMissing, Breaks: "a successful /storechecksum answers 200 {} without checksum_key"},
}
