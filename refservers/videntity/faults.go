package videntity

import "github.com/authprobe/authprobe/refservers/refkit"

// Fault names. Each breaks one documented behaviour (see Faults).
const (
	FaultLogoutKeepsSession     = "logout-keeps-session"
	FaultPingDoesNotExtend      = "ping-does-not-extend"
	FaultExpiry25m              = "expiry-25m"
	FaultPingRevivesExpired     = "ping-revives-expired"
	FaultExpiredReportedMissing = "expired-reported-missing"
	FaultSessionKeyEqualsPass   = "session-key-equals-password"
	FaultSessionKeyFromPassword = "session-key-derived-from-password"
	FaultSequentialTokens       = "sequential-tokens"
	FaultLowEntropyTokens       = "low-entropy-tokens"
	FaultLoginReusesKey         = "login-reuses-key"
	FaultSessionKeyInQuery      = "session-key-in-query"
	FaultWrongErrorNumber       = "wrong-error-number"
	FaultWrongErrorName         = "wrong-error-name"
	FaultMissingTimestamp       = "missing-timestamp"
	FaultMissingFieldNotNamed   = "missing-field-not-named"
	FaultMissingFieldCrashes    = "missing-field-crashes"
	FaultInternalsLeaked        = "internals-leaked"
	FaultErrorsHTTP500          = "errors-http-500"
	FaultPasswordEchoed         = "password-echoed"
)

// Faults lists every fault the reference server can run with.
var Faults = []refkit.Fault{
	{Name: FaultLogoutKeepsSession, Breaks: "logout answers SUCCESS but the session key stays usable (ping still succeeds)"},
	{Name: FaultPingDoesNotExtend, Breaks: "ping answers SUCCESS but does not reset the timer: the session still expires 30 minutes after login"},
	{Name: FaultExpiry25m, Breaks: "sessions expire 25 minutes after login or ping instead of 30 (5/6 of a configured TTL)"},
	{Name: FaultPingRevivesExpired, Breaks: "ping on an expired session answers SUCCESS and makes the key live again instead of error 3"},
	{Name: FaultExpiredReportedMissing, Breaks: "ping or logout on an expired, not yet purged session answers error 2 SESSION_DOES_NOT_EXIST instead of 3 SESSION_EXPIRED"},
	{Name: FaultSessionKeyEqualsPass, Breaks: "the session key issued at login is the account's password, as in the vendor's example (so an account's logins share one key)"},
	{Name: FaultSessionKeyFromPassword, Breaks: "the session key is the account's password followed by 17 random characters: derived from a credential, though unique and unpredictable"},
	{Name: FaultSequentialTokens, Breaks: "session keys count up from a random start: predictable, though formatted like random ones"},
	{Name: FaultLowEntropyTokens, Breaks: "session keys come from only 2^16 values, so keys repeat within a few hundred logins"},
	{Name: FaultLoginReusesKey, Breaks: "a login while the account has a live session returns that session's key instead of a new one"},
	{Name: FaultSessionKeyInQuery, Breaks: "ping and logout accept session_key from the URL query string, not only from the POST body"},
	{Name: FaultWrongErrorNumber, Breaks: "a wrong username, password or account_number is answered with error_number 2 instead of 1"},
	{Name: FaultWrongErrorName, Breaks: "error 2 is named SESSION_NOT_FOUND instead of SESSION_DOES_NOT_EXIST"},
	{Name: FaultMissingTimestamp, Breaks: "answers carry no <timestamp> element"},
	{Name: FaultMissingFieldNotNamed, Breaks: "error 4 says \"Mandatory field is missing\" without naming the field"},
	{Name: FaultMissingFieldCrashes, Breaks: "a request missing a mandatory field gets HTTP 500 text/plain instead of error 4"},
	{Name: FaultInternalsLeaked, Breaks: "the authentication error's error_detail leaks SQL text and a source file path"},
	{Name: FaultErrorsHTTP500, Breaks: "documented errors are sent with HTTP 500 instead of HTTP 200"},
	{Name: FaultPasswordEchoed, Breaks: "login answers echo the submitted password in a <password> element"},
}

// faults is the fault set resolved once at start, so the hot path reads
// booleans instead of map lookups.
type faults struct {
	logoutKeepsSession, pingDoesNotExtend, expiry25m, pingRevivesExpired bool
	expiredReportedMissing, keyEqualsPassword, keyFromPassword           bool
	loginReusesKey, keyInQuery                                           bool
	wrongErrorNumber, wrongErrorName, missingTimestamp, missingNotNamed  bool
	missingCrashes, internalsLeaked, errors500, passwordEchoed           bool
}

func resolveFaults(s refkit.FaultSet) faults {
	return faults{
		logoutKeepsSession:     s.Has(FaultLogoutKeepsSession),
		pingDoesNotExtend:      s.Has(FaultPingDoesNotExtend),
		expiry25m:              s.Has(FaultExpiry25m),
		pingRevivesExpired:     s.Has(FaultPingRevivesExpired),
		expiredReportedMissing: s.Has(FaultExpiredReportedMissing),
		keyEqualsPassword:      s.Has(FaultSessionKeyEqualsPass),
		keyFromPassword:        s.Has(FaultSessionKeyFromPassword),
		loginReusesKey:         s.Has(FaultLoginReusesKey),
		keyInQuery:             s.Has(FaultSessionKeyInQuery),
		wrongErrorNumber:       s.Has(FaultWrongErrorNumber),
		wrongErrorName:         s.Has(FaultWrongErrorName),
		missingTimestamp:       s.Has(FaultMissingTimestamp),
		missingNotNamed:        s.Has(FaultMissingFieldNotNamed),
		missingCrashes:         s.Has(FaultMissingFieldCrashes),
		internalsLeaked:        s.Has(FaultInternalsLeaked),
		errors500:              s.Has(FaultErrorsHTTP500),
		passwordEchoed:         s.Has(FaultPasswordEchoed),
	}
}

// tokenSource picks the honest or a faulty token generator: 32
// alphanumerics (about 190 bits), like the vendor's 15-character example
// but longer.
func tokenSource(s refkit.FaultSet) refkit.TokenSource {
	switch {
	case s.Has(FaultSequentialTokens):
		return refkit.SequentialTokens(refkit.Alnum, keyLength)
	case s.Has(FaultLowEntropyTokens):
		return refkit.LowEntropyTokens(refkit.Alnum, keyLength)
	}
	return refkit.RandomTokens(refkit.Alnum, keyLength)
}

// keyLength is the length of an issued session key.
const keyLength = 32
