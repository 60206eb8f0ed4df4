package irp

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// sampleTokens authenticates token_samples times, cycling through the
// usable credentials of the pool, and returns the tokens issued.
func sampleTokens(c *client.Client) []string {
	t := target()
	n := t.Int("token_samples")
	if n < 2 {
		Skip(fmt.Sprintf("token_samples is %d: set at least 2 (200 by default) to sample tokens", n))
	}
	pool := accounts(t)
	offset := specNow().Sub(time.Now())
	tokens := make([]string, 0, n)
	for i := 0; i < n; i++ {
		a := pool[i%len(pool)]
		r, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, time.Now().Add(offset))
		noErr(err, fmt.Sprintf("Authenticate %d of %d", i+1, n))
		expect(r.Issued(), "Authenticate %d of %d with the configured API key %s must issue a token; got %s", i+1, n, mask(a.Key), describe(r))
		tokens = append(tokens, r.AuthenticationToken)
	}
	return tokens
}

// distinct counts the different values in list.
func distinct(list []string) int {
	seen := make(map[string]struct{}, len(list))
	for _, v := range list {
		seen[v] = struct{}{}
	}
	return len(seen)
}

var _ = framework.Describe(profile, "session security", func() {
	framework.It("IRP-SEC-001", func() {
		c := specClient()
		tokens := sampleTokens(c)
		min := target().Int("min_token_entropy_bits")
		bits := framework.EntropyBits(tokens)
		expect(bits >= float64(min), "tokens must carry at least %d bits of entropy (ASVS 3.2.2); %d tokens from %d logins (%d distinct) carry an estimated %.1f bits (character-position analysis): tokens are predictable or drawn from a small space",
			min, len(tokens), len(tokens), distinct(tokens), bits)
	})

	framework.It("IRP-SEC-002", func() {
		c := specClient()
		tokens := sampleTokens(c)
		dups := framework.Duplicates(tokens)
		expect(len(dups) == 0, "tokens must be unique, but %d of %d logins got a token issued before (%d distinct tokens repeated)",
			len(tokens)-distinct(tokens), len(tokens), len(dups))
	})

	framework.It("IRP-SEC-003", func() {
		c := specClient()
		a := mustAccount(0)
		first := login(c, a, "first Authenticate")
		second := login(c, a, "second Authenticate while the first token is live")
		expect(first.AuthenticationToken != second.AuthenticationToken, "every Authenticate must issue a new token, but a second Authenticate with API key %s while its first token was live returned the same token (a token outlives the request that got it; fixation risk)",
			mask(a.Key))
	})

	framework.It("IRP-SEC-004", func() {
		c := specClient()
		a := mustAccount(0)
		now := specNow()
		r, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, now)
		noErr(err, "Authenticate")
		expect(r.Issued(), "Authenticate with the configured credentials must issue a token; got %s", describe(r))
		ts := client.FormatTimestamp(now)
		for _, cred := range []struct{ name, value string }{
			{"API key", a.Key}, {"shared secret", a.Secret}, {"request Signature", client.Sign(a.Key, ts, a.Secret)},
		} {
			if how := framework.DerivedFrom(r.AuthenticationToken, cred.value); how != "" {
				Fail(fmt.Sprintf("a token must be random, never derived from a credential, but the token issued to API key %s %s: the %s (whoever sees the token learns part of the credential, and whoever knows the credential can guess tokens)",
					mask(a.Key), how, cred.name))
			}
		}
	})

	framework.It("IRP-SEC-005", func() {
		c := specClient()
		a := mustAccount(0)
		ok, err := c.Authenticate(framework.Ctx(), a.Key, a.Secret, specNow())
		noErr(err, "Authenticate")
		expect(ok.Issued(), "Authenticate with the configured credentials must issue a token; got %s", describe(ok))
		body := string(ok.Exchange.Body)
		if ok.AuthenticationToken != "" {
			body = strings.ReplaceAll(body, ok.AuthenticationToken, "") // a token derived from a credential is IRP-SEC-004's business
		}
		for _, cred := range []struct{ name, value string }{{"shared secret", a.Secret}, {"API key", a.Key}} {
			expect(!strings.Contains(body, cred.value), "answers must never echo credentials (the Signature is echoed \"but does not include the API Key in the response\", seed), but the successful Authenticate answer contains the %s", cred.name)
		}
		wrong := wrongSecret(a)
		bad, err := c.Authenticate(framework.Ctx(), a.Key, wrong, specNow())
		noErr(err, "an Authenticate signed with a wrong shared secret")
		gone, err := c.CheckTokenTime(framework.Ctx(), "authprobe"+randomWord(23), a.Secret, specNow())
		noErr(err, "a CheckTokenTime with a token never issued")
		for _, r := range []struct {
			what string
			r    *client.Response
		}{{"an Authenticate signed with a wrong shared secret", bad}, {"a CheckTokenTime with a token never issued", gone}} {
			b := string(r.r.Exchange.Body)
			if r.r.AuthenticationToken != "" {
				b = strings.ReplaceAll(b, r.r.AuthenticationToken, "")
			}
			for _, cred := range []struct{ name, value string }{{"shared secret", a.Secret}, {"shared secret used", wrong}, {"API key", a.Key}} {
				expect(!strings.Contains(b, cred.value), "answers must never echo credentials, but the answer to %s contains the %s", r.what, cred.name)
			}
		}
	})

	framework.It("IRP-SEC-006", func() {
		c := specClient()
		a := mustAccount(0)
		s := specSettings()
		now := specNow()
		type row struct {
			what string
			do   func() (*client.Response, error)
		}
		for _, in := range []row{
			{"an Authenticate sent as text/plain (2010)", func() (*client.Response, error) {
				return c.Send(framework.Ctx(), client.AuthenticatePath, []byte("APIKey=x&TimeStamp=y"), "text/plain")
			}},
			{"an Authenticate signed with a wrong shared secret (2003)", func() (*client.Response, error) {
				return c.Authenticate(framework.Ctx(), a.Key, wrongSecret(a), now)
			}},
			{"an Authenticate with an unknown API key (2014)", func() (*client.Response, error) {
				return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.SignedAuthenticateFields(unknownKey(s.APIKeyLength), a.Secret, now))
			}},
			{"an Authenticate with a TimeStamp that is not a date (2007)", func() (*client.Response, error) {
				return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.AuthenticateFields(a.Key, "'; SELECT 1 --", "x"))
			}},
			{"a CheckTokenTime with a token never issued (2002)", func() (*client.Response, error) {
				return c.CheckTokenTime(framework.Ctx(), "authprobe"+randomWord(23), a.Secret, now)
			}},
		} {
			r, err := in.do()
			noErr(err, in.what)
			var text strings.Builder
			for _, m := range r.Messages {
				text.WriteString(m.Message + "\n")
			}
			text.Write(r.Exchange.Body)
			if leak := framework.LeakedInternals(text.String()); leak != "" {
				Fail(fmt.Sprintf("error answers must not reveal server internals (stack traces, source paths, SQL), but the answer to %s contains %q: %s", in.what, leak, describe(r)))
			}
		}
	})

	framework.It("IRP-SEC-007", func() {
		c := specClient()
		a := mustAccount(0)
		r := login(c, a, "Authenticate")
		now := specNow()
		for _, in := range []struct {
			what, path string
			fields     client.Fields
			field      string
		}{
			{"a CheckTokenTime", client.CheckTokenTimePath, client.SignedCheckTokenTimeFields(r.AuthenticationToken, a.Secret, now), client.FieldAuthenticationToken},
			{"an Authenticate", client.AuthenticatePath, client.SignedAuthenticateFields(a.Key, a.Secret, now), client.FieldAPIKey},
		} {
			q := url.Values{}
			for _, f := range in.fields {
				q.Set(f.Name, f.Value)
			}
			got, err := c.Send(framework.Ctx(), in.path+"?"+q.Encode(), []byte{}, c.Encoding.ContentType())
			noErr(err, in.what+" with its fields only in the URL query")
			expect(!got.Success.OK(), "tokens and keys must never travel in a URL (they end up in logs, proxies and browser history), but %s with its fields only in the URL query string was answered as valid: %s",
				in.what, describe(got))
			expect(got.HasCode(client.CodeRequired), "%s with an empty body and its fields only in the URL query must answer 2004 Required Value Not Present (for %s and the others: fields are read from the body only); got %s",
				in.what, in.field, describe(got))
		}
	})

	framework.It("IRP-SEC-008", func() {
		c := specClient()
		a := mustAccount(0)
		s := specSettings()
		now := specNow()
		unknown, err := c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.SignedAuthenticateFields(unknownKey(s.APIKeyLength), a.Secret, now))
		noErr(err, "an Authenticate with an unknown API key")
		wrong, err := c.Authenticate(framework.Ctx(), a.Key, wrongSecret(a), now)
		noErr(err, "an Authenticate signed with a wrong shared secret")
		if unknown.Success.OK() || wrong.Success.OK() {
			Skip("cannot compare the two refusals: one of them was accepted (IRP-ERR-003 and IRP-ERR-012 check those codes)")
		}
		var diffs []string
		if unknown.Status() != wrong.Status() {
			diffs = append(diffs, fmt.Sprintf("HTTP %d vs %d", unknown.Status(), wrong.Status()))
		}
		if fu, fw := topFields(unknown), topFields(wrong); fu != fw {
			diffs = append(diffs, fmt.Sprintf("fields {%s} vs {%s}", fu, fw))
		}
		if len(unknown.Messages) != len(wrong.Messages) {
			diffs = append(diffs, fmt.Sprintf("%d vs %d messages", len(unknown.Messages), len(wrong.Messages)))
		}
		if len(diffs) > 0 {
			framework.Warn("an unknown API key and a wrong signature of a known key are answered differently beyond the documented codes (2014 vs 2003): %s; whoever probes keys learns more than the vendor documents",
				strings.Join(diffs, ", "))
		}
	})
})

// topFields lists the top-level fields of an answer, sorted.
func topFields(r *client.Response) string {
	var m map[string]any
	if err := json.Unmarshal(r.Exchange.Body, &m); err != nil {
		return "(not an object)"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
