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
	FaultSaltRotates               = "salt-rotates"
	FaultUnknownUserSaltRandom     = "unknown-user-salt-random"
	FaultSaltedSHA1Accepted        = "salted-sha1-accepted"
	FaultMissingField500           = "missing-field-500"
	FaultMistypedFieldCrashes      = "mistyped-field-crashes"
	FaultLongUserNameCrashes       = "long-user-name-crashes"
	FaultLongPasswordCrashes       = "long-password-crashes"
	FaultChecksumNotValidated      = "checksum-not-validated"
	FaultUnknownTokenCrashes       = "unknown-token-crashes"
	FaultTokenAcceptedInQuery      = "token-accepted-in-query"
	FaultIdleTimeout15m            = "idle-timeout-15m"
	FaultUseAddsTTL                = "use-adds-ttl"
	FaultTokensRepeat              = "tokens-repeat"
	FaultTokenEmbedsPasswordHash   = "token-embeds-password-hash"
	FaultLoginAnswerCacheable      = "login-answer-cacheable"
)

// Faults lists every fault the server can run with; each breaks exactly one
// documented behaviour, with or without dialects (a fault's defect takes
// precedence over a dialect's choice).
var Faults = []refkit.Fault{
	{Name: FaultUnsaltedHashAccepted, Breaks: "login accepts an unsalted Base64(SHA-256(password)) or Base64(SHA-1(password)) instead of refusing it like a wrong password"},
	{Name: FaultForeignSaltAccepted, Breaks: "login accepts a password hashed with another user's salt: the salt is not bound to its user"},
	{Name: FaultPlaintextPasswordAccepted, Breaks: "login accepts the plain-text password instead of refusing it like a wrong password"},
	{Name: FaultSaltRevealsUnknownUser, Breaks: "the salt endpoint answers 404 UNKNOWN_USER for an unknown user instead of a stable fake salt, so users can be enumerated"},
	{Name: FaultLoginRevealsUnknownUser, Breaks: "a login with an unknown user name is refused with another code (UserNotFound) than a wrong password, so users can be enumerated"},
	{Name: FaultLogoutKeepsSession, Breaks: "logout answers success but the token keeps working"},
	{Name: FaultTokensNeverExpire, Breaks: "sessions never expire: a token idle for longer than the session lifetime is still accepted"},
	{Name: FaultIdleTimeoutNotExtended, Breaks: "authorized calls do not extend the session: it expires a lifetime after login even while in use"},
	{Name: FaultSequentialTokens, Breaks: "access tokens count up from a random start (valid GUID format, but predictable)"},
	{Name: FaultTokenReusedOnLogin, Breaks: "a new login of a user with a live session returns the same token instead of a new one"},
	{Name: FaultInternalsLeaked, Breaks: "a login with a missing field names the stored procedure in its message (seed example 2: 'spLogin_New' … '@PASSWORD')"},
	{Name: FaultPasswordEchoed, Breaks: "a refused login echoes the submitted password value in a response header (X-Debug-Password)"},
	{Name: FaultWrongContentTypeAccepted, Breaks: "JSON endpoints accept a body sent with a non-JSON Content-Type (or none) instead of refusing it"},
	{Name: FaultCrashOnMalformedJSON, Breaks: "a malformed JSON body gets a 500 text/plain crash message instead of a refusal"},
	{Name: FaultStoreChecksumWithoutToken, Breaks: "/storechecksum without an access_token header stores the checksum instead of refusing it"},
	{Name: FaultInvalidTokenStatus200, Breaks: "a token that was never issued is refused with HTTP 200 instead of 401 (the body still says INVALID_TOKEN)"},
	{Name: FaultChecksumKeyMissing, Breaks: "a successful /storechecksum answers 200 {} without checksum_key"},
	{Name: FaultSaltRotates, Breaks: "every salt fetch of a known user returns a new random salt (login needs the latest), so a user's salt is not stable"},
	{Name: FaultUnknownUserSaltRandom, Breaks: "an unknown user gets a new random fake salt on every call, so comparing two fetches tells unknown users from known ones"},
	{Name: FaultSaltedSHA1Accepted, Breaks: "login accepts Base64(SHA-1(salt ‖ password)), the page's \"SHA1\" wording, besides the documented SHA-256"},
	{Name: FaultMissingField500, Breaks: "a missing user_name or password (login) or user_name (salt) crashes with 500 text/plain instead of a documented refusal"},
	{Name: FaultMistypedFieldCrashes, Breaks: "a field of the wrong JSON type (a number for user_name) crashes with 500 text/plain instead of a documented refusal"},
	{Name: FaultLongUserNameCrashes, Breaks: "a user_name over 256 bytes crashes login and the salt endpoint with 500 text/plain (a SQL truncation error)"},
	{Name: FaultLongPasswordCrashes, Breaks: "a password longer than a Base64 SHA-256 digest (44 characters) crashes with 500 text/plain instead of the refused-login answer"},
	{Name: FaultChecksumNotValidated, Breaks: "/storechecksum stores any checksum, empty or not the Base64 of a SHA-384 digest, instead of refusing it"},
	{Name: FaultUnknownTokenCrashes, Breaks: "a token that was never issued crashes the session lookup (500 text/plain NullReferenceException) instead of 401"},
	{Name: FaultTokenAcceptedInQuery, Breaks: "/storechecksum and logout accept the token from an access_token URL query parameter when the header is absent"},
	{Name: FaultIdleTimeout15m, Breaks: "sessions die three quarters of the idle lifetime (15 of 20 minutes) after the last use"},
	{Name: FaultUseAddsTTL, Breaks: "an authorized call adds a whole lifetime to the session's remaining time instead of restarting it from the call"},
	{Name: FaultTokensRepeat, Breaks: "access tokens come round-robin from a pool of 64 random GUIDs, so tokens repeat across logins"},
	{Name: FaultTokenEmbedsPasswordHash, Breaks: "the last 12 hex digits of every access token are the start of the user's salted password digest in hex"},
	{Name: FaultLoginAnswerCacheable, Breaks: "a successful login answer carries no Cache-Control: no-store, so the token may be cached"},
}
