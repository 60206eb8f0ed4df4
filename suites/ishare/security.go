package ishare

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// sampleKeys calls CreateSessionKey token_samples times, cycling through
// the usable credentials of the pool, and returns the keys issued. (The
// API has no logout: the keys expire on their own.)
func sampleKeys(c *client.Client) []string {
	t := target()
	n := t.Int("token_samples")
	if n < 2 {
		Skip(fmt.Sprintf("token_samples is %d: set at least 2 (200 by default) to sample session keys", n))
	}
	var accounts []account
	for i := range t.Config.Credentials {
		if a, err := accountOf(t, i); err == nil {
			accounts = append(accounts, a)
		}
	}
	if len(accounts) == 0 {
		accounts = append(accounts, mustAccount(0)) // skips, saying why
	}
	keys := make([]string, 0, n)
	for i := 0; i < n; i++ {
		r, err := loginStep(framework.Ctx(), c, accounts[i%len(accounts)])
		if err != nil {
			Fail(fmt.Sprintf("CreateSessionKey %d of %d: %v", i+1, n, err))
		}
		keys = append(keys, r.SessionKey)
	}
	return keys
}

// escaped is v as it reads in XML character data.
func escaped(v string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(v))
	return b.String()
}

// echoes reports whether body contains v, as sent or XML-escaped.
func echoes(body, v string) bool {
	return strings.Contains(body, v) || strings.Contains(body, escaped(v))
}

var _ = framework.Describe(profile, "session security", func() {
	framework.It("ISHARE-SEC-001", func() {
		c := specClient()
		keys := sampleKeys(c)
		min := target().Int("min_token_entropy_bits")
		bits := framework.EntropyBits(keys)
		expect(bits >= float64(min), "SessionKeys must carry at least %d bits of entropy (ASVS 3.2.2); %d keys from %d CreateSessionKey calls (%d distinct) carry an estimated %.1f bits (character-position analysis): keys are predictable, reused or drawn from a small space",
			min, len(keys), len(keys), distinct(keys), bits)
	})

	framework.It("ISHARE-SEC-002", func() {
		c := specClient()
		keys := sampleKeys(c)
		dups := framework.Duplicates(keys)
		expect(len(dups) == 0, "SessionKeys must be unique (\"a unique session key for the client\"), but %d of %d CreateSessionKey calls got a key issued before (%d distinct keys repeated)",
			len(keys)-distinct(keys), len(keys), len(dups))
	})

	framework.It("ISHARE-SEC-003", func() {
		c := specClient()
		a := mustAccount(0)
		var keys []string
		for i := 1; i <= 3; i++ {
			keys = append(keys, login(c, a, fmt.Sprintf("CreateSessionKey %d of 3", i)).SessionKey)
		}
		expect(distinct(keys) > 1, "every CreateSessionKey must issue a new key, but three calls in a row for %s, each while the previous key was live, returned the same key (session fixation risk)", a.Username)
	})

	framework.It("ISHARE-SEC-004", func() {
		c := specClient()
		a := mustAccount(0)
		key := login(c, a, "CreateSessionKey").SessionKey
		for _, cred := range []struct{ name, value string }{{"Password", a.Password}, {"Key", a.Key}, {"Username", a.Username}} {
			if how := framework.DerivedFrom(key, cred.value); how != "" {
				Fail(fmt.Sprintf("the SessionKey must be random, never equal to or derived from a credential, but the key issued to %s %s: the %s", a.Username, how, cred.name))
			}
		}
	})

	framework.It("ISHARE-SEC-005", func() {
		c := specClient()
		a := mustAccount(0)
		ok := login(c, a, "CreateSessionKey")
		body := strings.ReplaceAll(string(ok.Exchange.Body), ok.SessionKey, "") // a key equal to a credential is ISHARE-SEC-004's business
		for _, cred := range []struct{ name, value string }{{"Password", a.Password}, {"Key", a.Key}} {
			expect(!echoes(body, cred.value), "answers must never echo credentials, but the successful CreateSessionKey answer contains the submitted %s", cred.name)
		}
		sent := account{Username: a.Username, Password: wrongPassword(a), Key: a.Key}
		bad, err := createSessionKey(framework.Ctx(), c, sent)
		noErr(err, "CreateSessionKey with a wrong Password")
		for _, cred := range []struct{ name, value string }{{"Password", sent.Password}, {"Key", sent.Key}} {
			expect(!echoes(string(bad.Exchange.Body), cred.value), "answers must never echo credentials, but the failed CreateSessionKey answer (%s) contains the submitted %s", describeKey(bad), cred.name)
		}
	})

	framework.It("ISHARE-SEC-006", func() {
		c := specClient()
		a := mustAccount(0)
		bad, err := createSessionKey(framework.Ctx(), c, account{Username: a.Username, Password: wrongPassword(a), Key: a.Key})
		noErr(err, "CreateSessionKey with a wrong Password")
		key := login(c, a, "CreateSessionKey")
		gone, err := getUserSchedule(framework.Ctx(), c, key.ClientID, neverIssuedKey())
		noErr(err, "GetUserSchedule with a key never issued")
		for _, r := range []struct {
			what string
			e    *client.Error
			body []byte
		}{{"CreateSessionKey with a wrong Password", bad.Error, bad.Exchange.Body}, {"GetUserSchedule with a key never issued", gone.Error, gone.Exchange.Body}} {
			desc := ""
			if r.e != nil {
				desc = r.e.Description
			}
			if leak := framework.LeakedInternals(desc + "\n" + string(r.body)); leak != "" {
				framework.Warn("error Descriptions should not reveal server internals, but the answer to %s contains %q (Description %q): it tells an attacker about classes, files and SQL behind the service (ASVS 7.4.1)",
					r.what, leak, clip(desc))
			}
		}
	})

	framework.It("ISHARE-SEC-007", func() {
		c := specClient()
		a := mustAccount(0)
		type answer struct {
			what string
			sent account
			r    *client.SessionKeyResult
		}
		var answers []answer
		for _, in := range []struct {
			what string
			sent account
		}{
			{"a wrong Password", account{Username: a.Username, Password: wrongPassword(a), Key: a.Key}},
			{"an unknown Username", account{Username: unknownUsername(), Password: a.Password, Key: a.Key}},
		} {
			r, err := createSessionKey(framework.Ctx(), c, in.sent)
			noErr(err, "CreateSessionKey with "+in.what)
			expect(!r.Success, "CreateSessionKey with %s must be refused; got %s", in.what, describeKey(r))
			answers = append(answers, answer{in.what, in.sent, r})
		}
		// What was sent may be echoed (ISHARE-SEC-005's business): mask it.
		norm := func(x answer) string {
			desc := ""
			if x.r.Error != nil {
				desc = x.r.Error.Description
			}
			vals := []string{x.sent.Username, x.sent.Password, x.sent.Key}
			sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
			for _, v := range vals {
				desc = strings.ReplaceAll(desc, v, "…")
			}
			return fmt.Sprintf("%d %s %s", x.r.Exchange.Status, x.r.Code(), desc)
		}
		ref, other := answers[0], answers[1]
		expect(norm(ref) == norm(other), "a failed CreateSessionKey must not reveal whether the Username exists (user enumeration): %s answered %s, but %s answered %s",
			ref.what, describeKey(ref.r), other.what, describeKey(other.r))
	})

	framework.It("ISHARE-SEC-008", func() {
		t := target()
		c := specClient()
		key := login(c, mustAccount(0), "CreateSessionKey")
		r, err := c.GetUserScheduleGET(framework.Ctx(), key.ClientID, key.SessionKey)
		accepted := err == nil && r.Success
		if httpGetOff(t) == "" {
			if accepted {
				framework.Warn("the HTTP-GET binding accepts the SessionKey in the URL query (GET %s?ClientId=…&SessionKey=…, and CreateSessionKey takes the Password there too): URLs end up in server and proxy logs and browser history. The vendor documents this binding; switch it off (web.config <webServices><protocols><remove name=\"HttpGet\"/>) where no client needs it, and set http_get: false",
					getPath(c, client.MethodGetUserSchedule))
			}
			return
		}
		if accepted {
			framework.Warn("http_get is false, but the HTTP-GET binding still accepts the SessionKey in the URL query (GET %s?ClientId=…&SessionKey=… answered Success true): keys in URLs end up in logs; switch the binding off",
				getPath(c, client.MethodGetUserSchedule))
		}
	})

	framework.It("ISHARE-SEC-009", func() {
		c := specClient()
		r := login(c, mustAccount(0), "CreateSessionKey")
		if cc := r.Exchange.Header.Get("Cache-Control"); !strings.Contains(strings.ToLower(cc), "no-store") {
			framework.Warn("the CreateSessionKey answer carries a SessionKey but may be cached: Cache-Control is %q, want no-store (ASVS 8.2.1)", cc)
		}
	})
})

// distinct counts the different values in list.
func distinct(list []string) int {
	seen := make(map[string]struct{}, len(list))
	for _, v := range list {
		seen[v] = struct{}{}
	}
	return len(seen)
}
