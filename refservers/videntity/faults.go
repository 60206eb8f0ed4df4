package videntity

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Fault names. Each breaks one documented behaviour (see Faults).
const (
	FaultLogoutKeepsSession     = "logout-keeps-session"
	FaultPingDoesNotExtend      = "ping-does-not-extend"
	FaultPingAddsTTL            = "ping-adds-ttl"
	FaultExpiry25m              = "expiry-25m"
	FaultPingRevivesExpired     = "ping-revives-expired"
	FaultExpiredReportedMissing = "expired-reported-missing"
	FaultEveryCallExtends       = "every-call-extends"
	FaultSessionKeyEqualsPass   = "session-key-equals-password"
	FaultSessionKeyFromPassword = "session-key-derived-from-password"
	FaultSequentialTokens       = "sequential-tokens"
	FaultLowEntropyTokens       = "low-entropy-tokens"
	FaultLoginReusesKey         = "login-reuses-key"
	FaultSessionKeyInQuery      = "session-key-in-query"
	FaultLoginAcceptsGet        = "login-accepts-get"
	FaultLoginAltPathMissing    = "login-alt-path-missing"
	FaultWrongErrorNumber       = "wrong-error-number"
	FaultWrongErrorName         = "wrong-error-name"
	FaultUserEnumeration        = "user-enumeration"
	FaultLogoutNamesLogin       = "logout-names-login"
	FaultMissingFieldNotNamed   = "missing-field-not-named"
	FaultMissingFieldCrashes    = "missing-field-crashes"
	FaultLongFieldCrashes       = "long-field-crashes"
	FaultMistypedAccountCrashes = "mistyped-account-crashes"
	FaultJSONBodyCrashes        = "json-body-crashes"
	FaultBadEscapeCrashes       = "bad-escape-crashes"
	FaultInternalsLeaked        = "internals-leaked"
	FaultErrorsHTTP500          = "errors-http-500"
	FaultPasswordEchoed         = "password-echoed"
	FaultCacheableAnswers       = "cacheable-answers"
	FaultExpiredLogoutCrashes   = "expired-logout-crashes"
	FaultXMLServedAsHTML        = "xml-served-as-html"
)

// Faults lists every fault the reference server can run with.
var Faults = []refkit.Fault{
	{Name: FaultLogoutKeepsSession, Breaks: "logout answers SUCCESS but the session key stays usable (ping still succeeds)"},
	{Name: FaultPingDoesNotExtend, Breaks: "ping answers SUCCESS but does not reset the timer: the session still expires 30 minutes after login"},
	{Name: FaultPingAddsTTL, Breaks: "ping adds 30 minutes to the time the session had left instead of resetting it to 30 minutes from the ping"},
	{Name: FaultExpiry25m, Breaks: "sessions expire 25 minutes after login or ping instead of 30 (5/6 of a configured TTL)"},
	{Name: FaultPingRevivesExpired, Breaks: "ping on an expired session answers SUCCESS and makes the key live again instead of error 3"},
	{Name: FaultExpiredReportedMissing, Breaks: "ping or logout on an expired, not yet purged session answers error 2 SESSION_DOES_NOT_EXIST instead of 3 SESSION_EXPIRED"},
	{Name: FaultEveryCallExtends, Breaks: "any call that carries a live session_key (a login, say) resets its timer, not only ping"},
	{Name: FaultSessionKeyEqualsPass, Breaks: "the session key issued at login is the account's password, as in the vendor's example (so an account's logins share one key)"},
	{Name: FaultSessionKeyFromPassword, Breaks: "the session key is the account's password followed by 17 random characters: derived from a credential, though unique and unpredictable"},
	{Name: FaultSequentialTokens, Breaks: "session keys count up from a random start: predictable, though formatted like random ones"},
	{Name: FaultLowEntropyTokens, Breaks: "session keys come from only 2^10 values, so keys repeat within a few dozen logins"},
	{Name: FaultLoginReusesKey, Breaks: "a login while the account has a live session returns that session's key instead of a new one"},
	{Name: FaultSessionKeyInQuery, Breaks: "ping and logout accept session_key from the URL query string, not only from the POST body"},
	{Name: FaultLoginAcceptsGet, Breaks: "a GET to the login method with the credentials in the URL query string logs in instead of answering error 11"},
	{Name: FaultLoginAltPathMissing, Breaks: "only /sessions/login logs in: the Methods page's /session/login answers error 11 unknown API method"},
	{Name: FaultWrongErrorNumber, Breaks: "a wrong username, password or account_number is answered with error_number 2 instead of 1"},
	{Name: FaultWrongErrorName, Breaks: "error 2 is named SESSION_NOT_FOUND instead of SESSION_DOES_NOT_EXIST"},
	{Name: FaultUserEnumeration, Breaks: "an unknown username is answered error 1 with HTTP 404 and the detail \"username does not exist\", unlike a wrong password"},
	{Name: FaultLogoutNamesLogin, Breaks: "logout SUCCESS answers name the login method in api_method (\"/session/login\") instead of the logout method"},
	{Name: FaultMissingFieldNotNamed, Breaks: "error 4 says \"Mandatory field is missing\" without naming the field"},
	{Name: FaultMissingFieldCrashes, Breaks: "a request missing a mandatory field gets HTTP 500 text/plain instead of error 4"},
	{Name: FaultLongFieldCrashes, Breaks: "a login field longer than 1,024 characters gets HTTP 500 text/plain instead of error 1"},
	{Name: FaultMistypedAccountCrashes, Breaks: "an account_number that is not all digits gets HTTP 500 text/plain instead of error 1"},
	{Name: FaultJSONBodyCrashes, Breaks: "a JSON body (Content-Type application/json) gets HTTP 500 text/plain instead of error 11"},
	{Name: FaultBadEscapeCrashes, Breaks: "a form body with a broken %-escape gets HTTP 500 text/plain instead of error 11"},
	{Name: FaultInternalsLeaked, Breaks: "the authentication error's error_detail leaks SQL text and a source file path"},
	{Name: FaultErrorsHTTP500, Breaks: "documented errors are sent with HTTP 500 instead of HTTP 200"},
	{Name: FaultPasswordEchoed, Breaks: "login SUCCESS answers echo the submitted password in response_name_value/<password>"},
	{Name: FaultCacheableAnswers, Breaks: "answers carrying a session key come without Cache-Control: no-store"},
	{Name: FaultExpiredLogoutCrashes, Breaks: "a logout with an expired, not yet purged key gets HTTP 500 text/plain instead of a documented answer"},
	{Name: FaultXMLServedAsHTML, Breaks: "every XML answer is labelled Content-Type text/html instead of an XML media type"},
}

// faults is the fault set resolved once at start, so the hot path reads
// booleans instead of map lookups.
type faults struct {
	logoutKeepsSession, pingDoesNotExtend, pingAddsTTL, expiry25m, pingRevivesExpired bool
	expiredReportedMissing, everyCallExtends, keyEqualsPassword, keyFromPassword      bool
	loginReusesKey, keyInQuery, loginAcceptsGet, loginAltPathMissing                  bool
	wrongErrorNumber, wrongErrorName, userEnumeration, logoutNamesLogin               bool
	missingNotNamed, missingCrashes, longFieldCrashes, mistypedAccountCrashes         bool
	jsonBodyCrashes, badEscapeCrashes, internalsLeaked, errors500, passwordEchoed     bool
	cacheableAnswers, expiredLogoutCrashes, xmlServedAsHTML                           bool
}

func resolveFaults(s refkit.FaultSet) faults {
	return faults{
		logoutKeepsSession:     s.Has(FaultLogoutKeepsSession),
		pingDoesNotExtend:      s.Has(FaultPingDoesNotExtend),
		pingAddsTTL:            s.Has(FaultPingAddsTTL),
		expiry25m:              s.Has(FaultExpiry25m),
		pingRevivesExpired:     s.Has(FaultPingRevivesExpired),
		expiredReportedMissing: s.Has(FaultExpiredReportedMissing),
		everyCallExtends:       s.Has(FaultEveryCallExtends),
		keyEqualsPassword:      s.Has(FaultSessionKeyEqualsPass),
		keyFromPassword:        s.Has(FaultSessionKeyFromPassword),
		loginReusesKey:         s.Has(FaultLoginReusesKey),
		keyInQuery:             s.Has(FaultSessionKeyInQuery),
		loginAcceptsGet:        s.Has(FaultLoginAcceptsGet),
		loginAltPathMissing:    s.Has(FaultLoginAltPathMissing),
		wrongErrorNumber:       s.Has(FaultWrongErrorNumber),
		wrongErrorName:         s.Has(FaultWrongErrorName),
		userEnumeration:        s.Has(FaultUserEnumeration),
		logoutNamesLogin:       s.Has(FaultLogoutNamesLogin),
		missingNotNamed:        s.Has(FaultMissingFieldNotNamed),
		missingCrashes:         s.Has(FaultMissingFieldCrashes),
		longFieldCrashes:       s.Has(FaultLongFieldCrashes),
		mistypedAccountCrashes: s.Has(FaultMistypedAccountCrashes),
		jsonBodyCrashes:        s.Has(FaultJSONBodyCrashes),
		badEscapeCrashes:       s.Has(FaultBadEscapeCrashes),
		internalsLeaked:        s.Has(FaultInternalsLeaked),
		errors500:              s.Has(FaultErrorsHTTP500),
		passwordEchoed:         s.Has(FaultPasswordEchoed),
		cacheableAnswers:       s.Has(FaultCacheableAnswers),
		expiredLogoutCrashes:   s.Has(FaultExpiredLogoutCrashes),
		xmlServedAsHTML:        s.Has(FaultXMLServedAsHTML),
	}
}

// tokenSource picks the honest or a faulty token generator. The honest
// one issues 32 alphanumerics (about 190 bits), like the vendor's
// 15-character example but longer, or the format a key dialect names.
// The faulty ones keep their own format whatever the dialects.
func tokenSource(s refkit.FaultSet, d refkit.DialectSet) refkit.TokenSource {
	switch {
	case s.Has(FaultSequentialTokens):
		return refkit.SequentialTokens(refkit.Alnum, keyLength)
	case s.Has(FaultLowEntropyTokens):
		return lowEntropyTokens(lowEntropyValues)
	}
	for _, k := range keyDialects {
		if d.Has(k.name) {
			return k.tokens()
		}
	}
	return refkit.RandomTokens(refkit.Alnum, keyLength)
}

// base64Key is 32 random bytes in standard Base64, padding included.
func base64Key() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// keyLength is the length of an issued session key.
const keyLength = 32

// lowEntropyValues is how many distinct keys the low-entropy-tokens fault
// issues: 2^10, so a repeat among 200 logins is all but certain (a miss has
// odds of about 1 in 270 million), while each key still looks random.
const lowEntropyValues = 1 << 10

// lowEntropyTokens issues keyLength-character alphanumeric keys drawn from
// only n values (n <= 62*62): a fixed random prefix per server and two
// final characters encoding one of n values.
func lowEntropyTokens(n int) refkit.TokenSource {
	prefix := refkit.RandomTokens(refkit.Alnum, keyLength).Token()
	const digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	return refkit.TokenFunc(func() string {
		var b [2]byte
		_, _ = rand.Read(b[:])
		v := (int(b[0]) | int(b[1])<<8) % n
		out := []byte(prefix)
		out[keyLength-1] = digits[v%len(digits)]
		out[keyLength-2] = digits[v/len(digits)]
		return string(out)
	})
}
