package videntity_test

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// check observes one documented behaviour through the client and returns
// an error saying how it is broken, or nil.
type check struct {
	name   string
	faults []string // the faults this check exposes
	run    func(e *env) error
}

var checks = []check{
	{"logout deletes the session", []string{videntity.FaultLogoutKeepsSession}, func(e *env) error {
		key := e.login().SessionKey
		if r := e.mustLogout(key); !r.OK() {
			return fmt.Errorf("logout refused: %d", r.ErrorNumber)
		}
		if r := e.mustPing(key); r.ErrorNumber != client.ErrSessionDoesNotExist {
			return fmt.Errorf("ping after logout answered %s %d, want error 2", r.Status, r.ErrorNumber)
		}
		return nil
	}},
	{"ping resets the timer", []string{videntity.FaultPingDoesNotExtend}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(20 * minute)
		if r := e.mustPing(key); !r.OK() {
			return fmt.Errorf("ping at 20m answered %d", r.ErrorNumber)
		}
		e.clock.Advance(20 * minute)
		if r := e.mustPing(key); !r.OK() {
			return fmt.Errorf("ping 40m after login, 20m after a ping, answered error %d", r.ErrorNumber)
		}
		return nil
	}},
	{"sessions last 30 minutes", []string{videntity.FaultExpiry25m}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(26 * minute)
		if r := e.mustPing(key); !r.OK() {
			return fmt.Errorf("ping 26m after login answered error %d", r.ErrorNumber)
		}
		return nil
	}},
	{"an expired key is not revived", []string{videntity.FaultPingRevivesExpired}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(31 * minute)
		if r := e.mustPing(key); r.OK() {
			return errors.New("ping 31m after login answered SUCCESS")
		}
		return nil
	}},
	{"an expired key is refused with error 3", []string{videntity.FaultExpiredReportedMissing}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(31 * minute)
		// Whether it is refused at all is the previous check's business.
		if r := e.mustPing(key); !r.OK() && r.ErrorNumber != client.ErrSessionExpired {
			return fmt.Errorf("ping 31m after login answered error %d, want 3", r.ErrorNumber)
		}
		return nil
	}},
	{"the key is not a credential", []string{videntity.FaultSessionKeyEqualsPass, videntity.FaultSessionKeyFromPassword}, func(e *env) error {
		key := e.login().SessionKey
		for _, cred := range []string{e.acct.Password, e.acct.AccountNumber, e.acct.Username} {
			if strings.Contains(key, cred) {
				return fmt.Errorf("key %q contains the credential %q", key, cred)
			}
		}
		return nil
	}},
	{"keys are not sequential", []string{videntity.FaultSequentialTokens}, func(e *env) error {
		prev := base62(e.loginLogout())
		close := 0
		for i := 0; i < 20; i++ {
			k := base62(e.loginLogout())
			// A repeated key (difference 0) is the uniqueness check's
			// business; a few close pairs are chance among 2^16 keys.
			if d := new(big.Int).Abs(new(big.Int).Sub(k, prev)); d.Sign() > 0 && d.Cmp(big.NewInt(16)) <= 0 {
				close++
			}
			prev = k
		}
		if close > 10 {
			return fmt.Errorf("%d of 20 consecutive keys differ by 16 or less", close)
		}
		return nil
	}},
	{"keys are unique over many logins", []string{videntity.FaultLowEntropyTokens}, func(e *env) error {
		seen := map[string]bool{}
		for i := 0; i < e.logins; i++ {
			k := e.loginLogout()
			if seen[k] {
				return fmt.Errorf("key %q issued twice in %d logins", k, i+1)
			}
			seen[k] = true
		}
		return nil
	}},
	{"every login gets a new key", []string{videntity.FaultLoginReusesKey}, func(e *env) error {
		a, b := e.login().SessionKey, e.login().SessionKey
		if a == b {
			return errors.New("two logins got the same key")
		}
		return nil
	}},
	{"a key in the URL is not accepted", []string{videntity.FaultSessionKeyInQuery}, func(e *env) error {
		key := e.login().SessionKey
		r, err := e.c.Send(ctx(), "/session/ping?session_key="+url.QueryEscape(key), nil, client.FormContentType)
		// Any refusal will do here, even an undocumented one: how a
		// missing field is answered is another check's business.
		if err == nil && r.OK() {
			return errors.New("ping with the key in the URL query answered SUCCESS")
		}
		return nil
	}},
	{"bad credentials answer error 1", []string{videntity.FaultWrongErrorNumber}, func(e *env) error {
		r := e.badLogin()
		if r.ErrorNumber != client.ErrAuthentication {
			return fmt.Errorf("bad password answered error_number %d", r.ErrorNumber)
		}
		return nil
	}},
	{"error 2 is named SESSION_DOES_NOT_EXIST", []string{videntity.FaultWrongErrorName}, func(e *env) error {
		r := e.mustPing("no-such-key")
		if r.ErrorName != client.NameSessionDoesNotExist {
			return fmt.Errorf("error %d named %q", r.ErrorNumber, r.ErrorName)
		}
		return nil
	}},
	{"logout names the logout method", []string{videntity.FaultLogoutNamesLogin}, func(e *env) error {
		key := e.login().SessionKey
		if r := e.mustLogout(key); r.APIMethod != "/session/logout" {
			return fmt.Errorf("logout SUCCESS says api_method %q", r.APIMethod)
		}
		return nil
	}},
	{"error 4 names the field", []string{videntity.FaultMissingFieldNotNamed}, func(e *env) error {
		r, err := e.c.PostForm(ctx(), "/session/ping", url.Values{})
		if err != nil {
			return err
		}
		if r.ErrorDetail != client.MissingFieldDetail("session_key") {
			return fmt.Errorf("error 4 detail %q", r.ErrorDetail)
		}
		return nil
	}},
	{"a missing field is a documented error", []string{videntity.FaultMissingFieldCrashes}, func(e *env) error {
		r, err := e.c.PostForm(ctx(), "/sessions/login", url.Values{"username": {e.acct.Username}})
		if err != nil {
			return fmt.Errorf("login without password: %w", err)
		}
		if r.ErrorNumber != client.ErrMissingMandatoryField {
			return fmt.Errorf("login without password answered %s %d", r.Status, r.ErrorNumber)
		}
		return nil
	}},
	{"errors leak no internals", []string{videntity.FaultInternalsLeaked}, func(e *env) error {
		r := e.badLogin()
		if leak := regexp.MustCompile(`(?i)sql|select |\.php|/var/|stack`).FindString(r.ErrorDetail); leak != "" {
			return fmt.Errorf("error_detail leaks %q: %s", leak, r.ErrorDetail)
		}
		return nil
	}},
	{"errors come with HTTP 200", []string{videntity.FaultErrorsHTTP500}, func(e *env) error {
		if s := e.badLogin().HTTPStatus(); s != 200 {
			return fmt.Errorf("bad login answered HTTP %d", s)
		}
		return nil
	}},
	{"the password is never echoed", []string{videntity.FaultPasswordEchoed}, func(e *env) error {
		bad := e.badLogin()
		if strings.Contains(string(bad.Exchange.Body), e.acct.Password+"x") {
			return errors.New("the failed login's answer echoes the password")
		}
		ok := e.login()
		if body := strings.ReplaceAll(string(ok.Exchange.Body), ok.SessionKey, ""); strings.Contains(body, e.acct.Password) {
			return errors.New("the login answer echoes the password outside the session key")
		}
		return nil
	}},
	{"ping resets the timer, it does not add to it", []string{videntity.FaultPingAddsTTL}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(15 * minute)
		if r := e.mustPing(key); !r.OK() {
			return fmt.Errorf("ping at 15m answered error %d", r.ErrorNumber)
		}
		e.clock.Advance(31 * minute)
		if r := e.mustPing(key); r.OK() {
			return errors.New("ping 31m after a ping answered SUCCESS: the ping extended the session beyond 30 minutes from the ping")
		}
		return nil
	}},
	{"only ping extends a session", []string{videntity.FaultEveryCallExtends}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(15 * minute)
		// A failed login, so that no key is issued (a key equal to the
		// password would be issued afresh by a successful one).
		r, err := e.c.PostForm(ctx(), "/sessions/login", url.Values{"username": {e.acct.Username},
			"password": {e.acct.Password + "x"}, "account_number": {e.acct.AccountNumber}, "session_key": {key}})
		if err != nil {
			return err
		}
		if r.OK() {
			return errors.New("a login with a wrong password answered SUCCESS")
		}
		e.clock.Advance(16 * minute)
		if r := e.mustPing(key); r.OK() {
			return errors.New("ping 31m after login answered SUCCESS: a login carrying the key extended it")
		}
		return nil
	}},
	{"a GET with credentials in the URL does not log in", []string{videntity.FaultLoginAcceptsGet}, func(e *env) error {
		q := url.Values{"username": {e.acct.Username}, "password": {e.acct.Password}, "account_number": {e.acct.AccountNumber}}
		r, err := e.c.SendMethod(ctx(), "GET", "/sessions/login?"+q.Encode(), nil, "")
		if err == nil && r.OK() {
			return errors.New("GET login with the credentials in the query answered SUCCESS")
		}
		return nil
	}},
	{"both login paths log in", []string{videntity.FaultLoginAltPathMissing}, func(e *env) error {
		r, err := e.c.PostForm(ctx(), "/session/login", url.Values{"username": {e.acct.Username},
			"password": {e.acct.Password}, "account_number": {e.acct.AccountNumber}})
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("login at /session/login answered error %d %s", r.ErrorNumber, r.ErrorDetail)
		}
		return nil
	}},
	{"an unknown user is answered like a wrong password", []string{videntity.FaultUserEnumeration}, func(e *env) error {
		bad := e.badLogin()
		unknown, err := e.c.Login(ctx(), "no-such-user", e.acct.Password, e.acct.AccountNumber)
		if err != nil {
			return err
		}
		if unknown.ErrorNumber != bad.ErrorNumber || unknown.ErrorDetail != bad.ErrorDetail || unknown.HTTPStatus() != bad.HTTPStatus() {
			return fmt.Errorf("unknown user: HTTP %d %d %q; wrong password: HTTP %d %d %q", unknown.HTTPStatus(), unknown.ErrorNumber, unknown.ErrorDetail,
				bad.HTTPStatus(), bad.ErrorNumber, bad.ErrorDetail)
		}
		return nil
	}},
	{"long fields are a documented error", []string{videntity.FaultLongFieldCrashes}, func(e *env) error {
		r, err := e.c.Login(ctx(), strings.Repeat("u", 2000), e.acct.Password, e.acct.AccountNumber)
		if err != nil {
			return fmt.Errorf("login with a 2000-character username: %w", err)
		}
		// Which error is the error-number check's business.
		if r.OK() {
			return errors.New("login with a 2000-character username answered SUCCESS")
		}
		return nil
	}},
	{"a mistyped account number is a documented error", []string{videntity.FaultMistypedAccountCrashes}, func(e *env) error {
		r, err := e.c.Login(ctx(), e.acct.Username, e.acct.Password, "not-a-number")
		if err != nil {
			return fmt.Errorf("login with a non-numeric account number: %w", err)
		}
		if r.OK() {
			return errors.New("login with a non-numeric account number answered SUCCESS")
		}
		return nil
	}},
	{"a JSON body is a documented error", []string{videntity.FaultJSONBodyCrashes}, func(e *env) error {
		r, err := e.c.Send(ctx(), "/sessions/login", []byte(`{"username":"foobar"}`), "application/json")
		if err != nil {
			return fmt.Errorf("login with a JSON body: %w", err)
		}
		if r.ErrorNumber != client.ErrServerError {
			return fmt.Errorf("login with a JSON body answered %s %d", r.Status, r.ErrorNumber)
		}
		return nil
	}},
	{"a broken escape is a documented error", []string{videntity.FaultBadEscapeCrashes}, func(e *env) error {
		r, err := e.c.Send(ctx(), "/sessions/login", []byte("username=%zz"), client.FormContentType)
		if err != nil {
			return fmt.Errorf("login with a broken escape: %w", err)
		}
		if r.ErrorNumber != client.ErrServerError {
			return fmt.Errorf("login with a broken escape answered %s %d", r.Status, r.ErrorNumber)
		}
		return nil
	}},
	{"answers with a key are not cached", []string{videntity.FaultCacheableAnswers}, func(e *env) error {
		if cc := e.login().Exchange.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			return fmt.Errorf("login answer Cache-Control %q", cc)
		}
		return nil
	}},
	{"a logout of an expired key is a documented answer", []string{videntity.FaultExpiredLogoutCrashes}, func(e *env) error {
		key := e.login().SessionKey
		e.clock.Advance(31 * minute)
		if _, err := e.c.Logout(ctx(), key); err != nil {
			return fmt.Errorf("logout 31m after login: %w", err)
		}
		return nil
	}},
	{"answers are labelled XML", []string{videntity.FaultXMLServedAsHTML}, func(e *env) error {
		for _, r := range []*client.Response{e.login(), e.badLogin()} {
			if !r.LabelledXML {
				return fmt.Errorf("%s answer labelled %q", r.Status, r.Exchange.Header.Get("Content-Type"))
			}
		}
		return nil
	}},
}

// overlaps lists the checks a fault also breaks by the nature of the
// defect: a key that is the password repeats on every login of the
// account; a crash names no field; a ping that revives an expired key
// answers SUCCESS where the timer checks ask with a ping whether it is
// dead.
var overlaps = map[string][]string{
	videntity.FaultSessionKeyEqualsPass: {"keys are unique over many logins", "every login gets a new key"},
	videntity.FaultMissingFieldCrashes:  {"error 4 names the field"},
	videntity.FaultPingRevivesExpired:   {"ping resets the timer, it does not add to it", "only ping extends a session"},
}

// loginLogout logs in, logs out and returns the key.
func (e *env) loginLogout() string {
	e.t.Helper()
	key := e.login().SessionKey
	if r := e.mustLogout(key); !r.OK() {
		e.t.Fatalf("logout refused: %d %s", r.ErrorNumber, r.ErrorDetail)
	}
	return key
}

// badLogin logs in with a wrong password (the right one plus "x").
func (e *env) badLogin() *client.Response {
	e.t.Helper()
	r, err := e.c.Login(ctx(), e.acct.Username, e.acct.Password+"x", e.acct.AccountNumber)
	if err != nil {
		e.t.Fatalf("bad login: %v", err)
	}
	if r.OK() {
		e.t.Fatal("a wrong password logged in")
	}
	return r
}

// base62 reads a key in the alphabet of refkit's Alnum tokens.
func base62(key string) *big.Int {
	const digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	n := new(big.Int)
	for _, c := range key {
		n.Mul(n, big.NewInt(62))
		n.Add(n, big.NewInt(int64(strings.IndexRune(digits, c))))
	}
	return n
}

func TestEveryFaultHasACheck(t *testing.T) {
	if len(videntity.Faults) < 8 {
		t.Fatalf("%d faults, want at least 8", len(videntity.Faults))
	}
	covered := map[string]int{}
	for _, c := range checks {
		for _, f := range c.faults {
			covered[f]++
		}
	}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, f := range videntity.Faults {
		if covered[f.Name] != 1 {
			t.Errorf("fault %s is exposed by %d checks, want exactly 1", f.Name, covered[f.Name])
		}
		if !kebab.MatchString(f.Name) || f.Breaks == "" {
			t.Errorf("fault %+v: want a kebab-case name and a Breaks line", f)
		}
		delete(covered, f.Name)
	}
	for f := range covered {
		t.Errorf("a check names unknown fault %s", f)
	}
}

// TestFaults runs every check on the clean server, where it must pass, and
// on each fault's server, where exactly its own check (and the listed
// overlaps) must fail.
func TestFaults(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		for _, c := range checks {
			if err := c.run(start(t, refkit.Options{})); err != nil {
				t.Errorf("%s: fails on the clean server: %v", c.name, err)
			}
		}
	})
	for _, f := range videntity.Faults {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			for _, c := range checks {
				e := start(t, refkit.Options{}, f.Name)
				expected := contains(c.faults, f.Name) || contains(overlaps[f.Name], c.name)
				if !expected {
					// Showing that a fault leaves uniqueness alone needs
					// no more than a sample; exposing one needs many logins.
					e.logins = 100
				}
				err := c.run(e)
				switch {
				case expected && err == nil:
					t.Errorf("%s: the fault is not observable: %q passes", f.Breaks, c.name)
				case !expected && err != nil:
					t.Errorf("the fault also breaks %q: %v", c.name, err)
				case err != nil && contains(c.faults, f.Name):
					t.Logf("observed: %v", err)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
