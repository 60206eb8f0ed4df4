package certna_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	refcertna "github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// env is one running server as the checks see it: only through the client
// (plus the manual clock).
type env struct {
	c     *certna.Client
	clock *clock.Manual
	main  refcertna.Account
	other refcertna.Account
}

func (e *env) login() (string, error) {
	r, err := e.c.Login(context.Background(), e.main.UserName, e.main.Password)
	if err != nil {
		return "", err
	}
	if !r.OK() {
		return "", fmt.Errorf("demo login refused: %s %s", r.FailureCode(), r.FailureMessage())
	}
	return r.AccessToken, nil
}

// store calls StoreChecksum with a valid checksum.
func (e *env) store(token string) (*certna.StoreChecksumResult, error) {
	return e.c.StoreChecksum(context.Background(), token, certna.Checksum([]byte("document")))
}

// usable reports whether token is accepted by StoreChecksum: the answer
// is not a refusal. A malformed 2xx answer still accepted the token.
func (e *env) usable(token string) (bool, error) {
	r, err := e.store(token)
	var we *wire.Error
	if errors.As(err, &we) && we.Kind == wire.KindMalformed && we.Exchange != nil && we.Exchange.Status/100 == 2 {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return r.OK(), nil
}

// refusedLogin checks a login with hashed as password is refused with the
// documented 500 DatabaseError.
func (e *env) refusedLogin(user, hashed string) error {
	r, err := e.c.LoginHashed(context.Background(), user, hashed)
	if err != nil {
		return err
	}
	if r.OK() || r.FailureCode() != certna.CodeDatabaseError || r.Exchange.Status != http.StatusInternalServerError {
		return fmt.Errorf("login with %q answered %d %s, want 500 DatabaseError", hashed, r.Exchange.Status, r.Exchange.Body)
	}
	return nil
}

// check verifies one documented behaviour; it returns an error describing
// how the behaviour is broken, or nil.
type check func(e *env) error

// checks maps each fault to the check of the behaviour it breaks.
var checks = map[string]check{
	refcertna.FaultUnsaltedHashAccepted: func(e *env) error {
		if err := e.refusedLogin(e.main.UserName, certna.SHA256.Hash(nil, e.main.Password)); err != nil {
			return err
		}
		return e.refusedLogin(e.main.UserName, certna.SHA1.Hash(nil, e.main.Password))
	},
	refcertna.FaultForeignSaltAccepted: func(e *env) error {
		return e.refusedLogin(e.main.UserName, certna.HashPassword(e.other.Salt, e.main.Password))
	},
	refcertna.FaultPlaintextPasswordAccepted: func(e *env) error {
		return e.refusedLogin(e.main.UserName, e.main.Password)
	},
	refcertna.FaultSaltRevealsUnknownUser: func(e *env) error {
		ctx := context.Background()
		known, err := e.c.Salt(ctx, e.main.UserName)
		if err != nil {
			return err
		}
		ghost, err := e.c.Salt(ctx, "ghost.user")
		if err != nil {
			return err
		}
		if !ghost.OK() || ghost.Exchange.Status != known.Exchange.Status || len(ghost.Salt) != len(known.Salt) {
			return fmt.Errorf("unknown user's salt answer %d %s differs from a known user's %d %s",
				ghost.Exchange.Status, ghost.Exchange.Body, known.Exchange.Status, known.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultUnknownUserSaltRandom: func(e *env) error {
		ctx := context.Background()
		first, err := e.c.Salt(ctx, "ghost.user")
		if err != nil {
			return err
		}
		again, err := e.c.Salt(ctx, "ghost.user")
		if err != nil {
			return err
		}
		if first.OK() && !bytes.Equal(first.Salt, again.Salt) {
			return fmt.Errorf("unknown user's salt changed between calls: %s then %s", first.Exchange.Body, again.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultSaltRotates: func(e *env) error {
		ctx := context.Background()
		first, err := e.c.Salt(ctx, e.main.UserName)
		if err != nil {
			return err
		}
		again, err := e.c.Salt(ctx, e.main.UserName)
		if err != nil {
			return err
		}
		if !bytes.Equal(first.Salt, again.Salt) {
			return fmt.Errorf("salt of %s changed between calls: %s then %s", e.main.UserName, first.Exchange.Body, again.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultSaltedSHA1Accepted: func(e *env) error {
		return e.refusedLogin(e.main.UserName, certna.SaltedSHA1.Hash(e.main.Salt, e.main.Password))
	},
	refcertna.FaultMissingField500: func(e *env) error {
		x, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLoginPath,
			[]byte(`{"user_name":"sample1"}`), http.Header{"Content-Type": {"application/json"}})
		if err != nil {
			return err
		}
		if r, err := certna.ParseLogin(x); err != nil || !r.Failed() {
			return fmt.Errorf("login without password answered %d %q (%v), want a documented refusal", x.Status, x.Body, err)
		}
		x, err = e.c.Send(context.Background(), http.MethodGet, certna.DefaultSaltPath, nil, nil)
		if err != nil {
			return err
		}
		if x.Status >= 500 {
			return fmt.Errorf("salt without user_name answered %d %q, want no crash", x.Status, x.Body)
		}
		return nil
	},
	refcertna.FaultMistypedFieldCrashes: func(e *env) error {
		x, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLoginPath,
			[]byte(`{"user_name":12345,"password":"x"}`), http.Header{"Content-Type": {"application/json"}})
		if err != nil {
			return err
		}
		if r, err := certna.ParseLogin(x); err != nil || !r.Failed() {
			return fmt.Errorf("numeric user_name answered %d %q (%v), want a documented refusal", x.Status, x.Body, err)
		}
		return nil
	},
	refcertna.FaultLongUserNameCrashes: func(e *env) error {
		long := strings.Repeat("u", 300)
		r, err := e.c.LoginHashed(context.Background(), long, certna.HashPassword(e.main.Salt, e.main.Password))
		if err != nil {
			return fmt.Errorf("login with a 300-byte user_name: %w", err)
		}
		if r.OK() || !r.Failed() {
			return fmt.Errorf("login with a 300-byte user_name answered %d %s, want a documented refusal", r.Exchange.Status, r.Exchange.Body)
		}
		x, err := e.c.Send(context.Background(), http.MethodGet, certna.DefaultSaltPath+"?user_name="+long, nil, nil)
		if err != nil {
			return err
		}
		if x.Status >= 500 {
			return fmt.Errorf("salt of a 300-byte user_name answered %d %q, want no crash", x.Status, x.Body)
		}
		return nil
	},
	refcertna.FaultLongPasswordCrashes: func(e *env) error {
		return e.refusedLogin(e.main.UserName, strings.Repeat("A", 100))
	},
	refcertna.FaultLoginRevealsUnknownUser: func(e *env) error {
		ctx := context.Background()
		hashed := certna.HashPassword([]byte("0123456789abcdef"), "guess")
		wrong, err := e.c.LoginHashed(ctx, e.main.UserName, hashed)
		if err != nil {
			return err
		}
		ghost, err := e.c.LoginHashed(ctx, "ghost.user", hashed)
		if err != nil {
			return err
		}
		if wrong.Exchange.Status != ghost.Exchange.Status || !bytes.Equal(wrong.Exchange.Body, ghost.Exchange.Body) {
			return fmt.Errorf("unknown user answered %d %s, wrong password %d %s",
				ghost.Exchange.Status, ghost.Exchange.Body, wrong.Exchange.Status, wrong.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultLogoutKeepsSession: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		r, err := e.c.Logout(context.Background(), tok)
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("logout refused: %s", r.FailureCode())
		}
		if ok, err := e.usable(tok); err != nil || ok {
			return fmt.Errorf("token still accepted after logout (err %v)", err)
		}
		return nil
	},
	refcertna.FaultTokensNeverExpire: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		e.clock.Advance(refcertna.DefaultTTL + time.Second)
		if ok, err := e.usable(tok); err != nil || ok {
			return fmt.Errorf("token accepted after %s idle (err %v)", refcertna.DefaultTTL+time.Second, err)
		}
		return nil
	},
	refcertna.FaultIdleTimeoutNotExtended: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		e.clock.Advance(refcertna.DefaultTTL / 2)
		if ok, err := e.usable(tok); err != nil || !ok {
			return fmt.Errorf("token refused %s after login (err %v)", refcertna.DefaultTTL/2, err)
		}
		e.clock.Advance(refcertna.DefaultTTL/2 + time.Minute)
		if ok, err := e.usable(tok); err != nil || !ok {
			return fmt.Errorf("token in use refused %s after login, %s after its last use (err %v)",
				refcertna.DefaultTTL+time.Minute, refcertna.DefaultTTL/2+time.Minute, err)
		}
		return nil
	},
	refcertna.FaultSequentialTokens: func(e *env) error {
		// The first 8 bytes of a random v4 GUID carry 60 random bits: two
		// tokens in a row share them only when they count up.
		var prev []byte
		for i := range 12 {
			tok, err := e.login()
			if err != nil {
				return err
			}
			if r, err := e.c.Logout(context.Background(), tok); err != nil || !r.OK() {
				return fmt.Errorf("logout: %v", err)
			}
			raw, err := hex.DecodeString(strings.ReplaceAll(tok, "-", ""))
			if err != nil || len(raw) != 16 {
				return fmt.Errorf("token %q is not a GUID", tok)
			}
			if prev != nil {
				d := 0
				for j := range 8 {
					d += bits.OnesCount8(raw[j] ^ prev[j])
				}
				if d < 8 { // random: about 30 of 60 bits differ
					return fmt.Errorf("login %d: token's first 8 bytes differ from the previous one's in only %d bits", i, d)
				}
			}
			prev = raw
		}
		return nil
	},
	refcertna.FaultTokenReusedOnLogin: func(e *env) error {
		t1, err := e.login()
		if err != nil {
			return err
		}
		t2, err := e.login()
		if err != nil {
			return err
		}
		if t1 == t2 {
			return fmt.Errorf("second login returned the live session's token")
		}
		return nil
	},
	refcertna.FaultInternalsLeaked: func(e *env) error {
		x, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLoginPath,
			[]byte(`{"user_name":"sample1"}`), http.Header{"Content-Type": {"application/json"}})
		if err != nil {
			return err
		}
		for _, leak := range []string{"Procedure", "spLogin", "@PASSWORD"} {
			if strings.Contains(string(x.Body), leak) {
				return fmt.Errorf("answer %q leaks %q", x.Body, leak)
			}
		}
		return nil
	},
	refcertna.FaultPasswordEchoed: func(e *env) error {
		hashed := certna.HashPassword(e.main.Salt, "wrong password")
		r, err := e.c.LoginHashed(context.Background(), e.main.UserName, hashed)
		if err != nil {
			return err
		}
		if r.OK() || strings.Contains(string(r.Exchange.Body), hashed) {
			return fmt.Errorf("refused login echoes the submitted password: %s", r.Exchange.Body)
		}
		for k, vs := range r.Exchange.Header {
			for _, v := range vs {
				if strings.Contains(v, hashed) {
					return fmt.Errorf("refused login echoes the submitted password in header %s", k)
				}
			}
		}
		return nil
	},
	refcertna.FaultWrongContentTypeAccepted: func(e *env) error {
		body := certna.AppendLoginBody(nil, e.main.UserName, certna.HashPassword(e.main.Salt, e.main.Password))
		x, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLoginPath, body, http.Header{"Content-Type": {"text/plain"}})
		if err != nil {
			return err
		}
		r, err := certna.ParseLogin(x)
		if err != nil {
			return err
		}
		if r.OK() || r.FailureCode() != certna.CodeUnsupportedMediaType || x.Status != http.StatusUnsupportedMediaType {
			return fmt.Errorf("text/plain login answered %d %s, want 415", x.Status, x.Body)
		}
		return nil
	},
	refcertna.FaultCrashOnMalformedJSON: func(e *env) error {
		x, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLoginPath,
			[]byte(`{"user_name":"sample1",`), http.Header{"Content-Type": {"application/json"}})
		if err != nil {
			return err
		}
		r, err := certna.ParseLogin(x)
		if err != nil {
			return fmt.Errorf("malformed JSON answered %d %q: %w", x.Status, x.Body, err)
		}
		if r.FailureCode() != certna.CodeMalformedJSON || x.Status != http.StatusBadRequest {
			return fmt.Errorf("malformed JSON answered %d %s", x.Status, x.Body)
		}
		return nil
	},
	refcertna.FaultStoreChecksumWithoutToken: func(e *env) error {
		r, err := e.store("")
		if err != nil {
			return err
		}
		if r.OK() || r.FailureCode() != certna.CodeMissingToken {
			return fmt.Errorf("store checksum without token answered %d %s", r.Exchange.Status, r.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultInvalidTokenStatus200: func(e *env) error {
		// A crash is unknown-token-crashes' business: only a documented
		// refusal's status is judged here.
		const never = "534d4c30-28a0-48c8-a76d-bbd265d7a1ac"
		if r, err := e.store(never); err == nil && r.Exchange.Status != http.StatusUnauthorized {
			return fmt.Errorf("never-issued token refused with status %d, want 401", r.Exchange.Status)
		}
		if l, err := e.c.Logout(context.Background(), never); err == nil && l.Exchange.Status != http.StatusUnauthorized {
			return fmt.Errorf("logout of a never-issued token answered status %d, want 401", l.Exchange.Status)
		}
		return nil
	},
	refcertna.FaultChecksumNotValidated: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		for sum, code := range map[string]string{"": certna.CodeMissingParameter, "abc": certna.CodeInvalidParameter} {
			r, err := e.c.StoreChecksum(context.Background(), tok, sum)
			if err != nil {
				return err
			}
			if r.OK() || r.FailureCode() != code || r.Exchange.Status != http.StatusBadRequest {
				return fmt.Errorf("checksum %q answered %d %s, want 400 %s", sum, r.Exchange.Status, r.Exchange.Body, code)
			}
		}
		return nil
	},
	refcertna.FaultUnknownTokenCrashes: func(e *env) error {
		r, err := e.store("534d4c30-28a0-48c8-a76d-bbd265d7a1ac")
		if err != nil {
			return err
		}
		if r.OK() || r.FailureCode() != certna.CodeInvalidToken {
			return fmt.Errorf("never-issued token answered %d %s, want INVALID_TOKEN", r.Exchange.Status, r.Exchange.Body)
		}
		return nil
	},
	refcertna.FaultTokenAcceptedInQuery: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		// Logout, not /storechecksum: storechecksum-without-token would
		// store a checksum sent without a header whatever the query says.
		if _, err := e.c.Send(context.Background(), http.MethodPost, certna.DefaultLogoutPath+"?access_token="+tok, nil, nil); err != nil {
			return err
		}
		if ok, err := e.usable(tok); err != nil || !ok {
			return fmt.Errorf("a logout with the token only in the URL query ended the session (err %v)", err)
		}
		return nil
	},
	refcertna.FaultIdleTimeout15m: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		e.clock.Advance(refcertna.DefaultTTL - time.Minute)
		if ok, err := e.usable(tok); err != nil || !ok {
			return fmt.Errorf("token idle for %s refused (err %v)", refcertna.DefaultTTL-time.Minute, err)
		}
		return nil
	},
	refcertna.FaultUseAddsTTL: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		e.clock.Advance(refcertna.DefaultTTL / 2)
		if ok, err := e.usable(tok); err != nil || !ok {
			return fmt.Errorf("token refused %s after login (err %v)", refcertna.DefaultTTL/2, err)
		}
		e.clock.Advance(refcertna.DefaultTTL + time.Second)
		if ok, err := e.usable(tok); err != nil || ok {
			return fmt.Errorf("token accepted %s after its last use (err %v)", refcertna.DefaultTTL+time.Second, err)
		}
		return nil
	},
	refcertna.FaultTokensRepeat: func(e *env) error {
		seen := map[string]int{}
		for i := range 70 {
			tok, err := e.login()
			if err != nil {
				return err
			}
			if j, dup := seen[tok]; dup {
				return fmt.Errorf("login %d got the token of login %d", i, j)
			}
			seen[tok] = i
			if _, err := e.c.Logout(context.Background(), tok); err != nil {
				return err
			}
		}
		return nil
	},
	refcertna.FaultTokenEmbedsPasswordHash: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		digest := sha256.Sum256(append(append([]byte{}, e.main.Salt...), e.main.Password...))
		h := hex.EncodeToString(digest[:])
		flat := strings.ReplaceAll(tok, "-", "")
		for i := 0; i+8 <= len(h); i++ {
			if strings.Contains(flat, h[i:i+8]) {
				return fmt.Errorf("token %s contains %s of the salted digest", tok, h[i:i+8])
			}
		}
		return nil
	},
	refcertna.FaultLoginAnswerCacheable: func(e *env) error {
		r, err := e.c.Login(context.Background(), e.main.UserName, e.main.Password)
		if err != nil {
			return err
		}
		if cc := r.Exchange.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			return fmt.Errorf("login answer Cache-Control %q, want no-store", cc)
		}
		return nil
	},
	refcertna.FaultChecksumKeyMissing: func(e *env) error {
		tok, err := e.login()
		if err != nil {
			return err
		}
		r, err := e.store(tok)
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("store checksum refused: %s", r.FailureCode())
		}
		return nil
	},
}

func newEnv(t *testing.T, faults ...string) *env {
	t.Helper()
	fs, err := refkit.ParseFaults("certna", refcertna.Faults, faults)
	if err != nil {
		t.Fatal(err)
	}
	mc := clock.NewManual()
	srv := httptest.NewServer(refcertna.New(refkit.Options{TestClock: mc, Clock: mc, Faults: fs}, refcertna.DemoAccounts()...))
	t.Cleanup(srv.Close)
	accts := refcertna.DemoAccounts()
	return &env{c: certna.New(srv.URL, srv.Client()), clock: mc, main: accts[0], other: accts[1]}
}

func TestEveryFaultHasACheck(t *testing.T) {
	if len(checks) != len(refcertna.Faults) {
		t.Errorf("%d checks for %d faults", len(checks), len(refcertna.Faults))
	}
	for _, f := range refcertna.Faults {
		if checks[f.Name] == nil {
			t.Errorf("fault %s has no check", f.Name)
		}
	}
}

// Every check passes on the clean server.
func TestChecksPassOnCleanServer(t *testing.T) {
	for name, c := range checks {
		if err := c(newEnv(t)); err != nil {
			t.Errorf("behaviour broken by %s fails on the clean server: %v", name, err)
		}
	}
}

// alsoBreaks lists, per fault, the checks of other faults it cannot help
// breaking: a session that never expires also outlives its last use by more
// than a lifetime.
var alsoBreaks = map[string][]string{
	refcertna.FaultTokensNeverExpire: {refcertna.FaultUseAddsTTL},
}

// Each fault is observable through the client, and breaks exactly its own
// behaviour: its check fails, every other check still passes (but those
// alsoBreaks names).
func TestEachFaultBreaksExactlyItsBehaviour(t *testing.T) {
	for _, f := range refcertna.Faults {
		t.Run(f.Name, func(t *testing.T) {
			for name, c := range checks {
				err := c(newEnv(t, f.Name))
				switch {
				case name == f.Name && err == nil:
					t.Errorf("fault not observable: its check passed (fault breaks: %s)", f.Breaks)
				case name == f.Name:
					t.Logf("observed: %v", err)
				case err != nil && slices.Contains(alsoBreaks[f.Name], name):
					t.Logf("also breaks %s, as expected: %v", name, err)
				case err != nil:
					t.Errorf("fault also breaks the behaviour of %s: %v", name, err)
				}
			}
		})
	}
}
