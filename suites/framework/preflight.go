package framework

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/secrets"
)

// PreflightFunc probes a target's login endpoint through the API's own
// client, before any spec of the target runs: it sends a login that every
// legal implementation answers with a documented refusal (a wrong secret
// or an unknown user or key) and returns nil when the answer has a
// documented shape — a refusal, or a token issued after all (that is for
// the specs to judge) — and the client's error otherwise (a transport
// failure, or an answer of no documented shape). It must assert nothing
// beyond the shape: the reference servers are one legal implementation.
type PreflightFunc func(ctx context.Context, t *Target) error

// PreflightError says why a target failed its preflight: the URL asked,
// what came back (status, content type, a short masked excerpt of the
// body) and the client's error. Its text is one line.
type PreflightError struct {
	Target      string
	Profile     string
	BaseURL     string
	Method      string
	URL         string
	Status      int // 0 when no answer came
	ContentType string
	Excerpt     string
	Err         error
}

func (e *PreflightError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "target %s (%s): ", e.Target, e.BaseURL)
	if e.Status == 0 {
		fmt.Fprintf(&b, "the login endpoint did not answer: %s %s: %s", e.Method, e.URL, oneLine(errText(e.Err)))
		return b.String()
	}
	fmt.Fprintf(&b, "the login endpoint does not answer as the %s API: %s %s → HTTP %d %s", e.Profile, e.Method, e.URL, e.Status, http.StatusText(e.Status))
	fmt.Fprintf(&b, ", content type %s", orDash(e.ContentType))
	if e.Excerpt != "" {
		fmt.Fprintf(&b, ", body %q", e.Excerpt)
	} else {
		b.WriteString(", empty body")
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%s)", oneLine(errText(e.Err)))
	}
	return b.String()
}

func (e *PreflightError) Unwrap() error { return e.Err }

// preflightExcerpt is how much of an answer's body a preflight error quotes.
const preflightExcerpt = 160

// Preflight checks that target's login endpoint answers at all, in the
// API's documented shape or a documented refusal, through the profile's
// registered PreflightFunc. It returns a *PreflightError when it does not,
// and another error when the target cannot even be set up (a bad setting:
// a configuration error). A profile without a PreflightFunc passes.
func Preflight(ctx context.Context, target *config.Target) error {
	if ctx == nil {
		ctx = context.Background()
	}
	tg, err := newTarget(target)
	if err != nil {
		return err
	}
	defer tg.HTTP.CloseIdleConnections()
	if tg.profile.Preflight == nil {
		return nil
	}
	var (
		mu   sync.Mutex
		last *wire.Exchange
	)
	probeCtx := wire.WithObserver(ctx, func(_ string, x *wire.Exchange, _ error) {
		mu.Lock()
		if x != nil {
			last = x
		}
		mu.Unlock()
	})
	perr := tg.profile.Preflight(probeCtx, tg)
	if perr == nil {
		return nil
	}
	mu.Lock()
	x := last
	mu.Unlock()
	var we *wire.Error
	if x == nil && errors.As(perr, &we) {
		x = we.Exchange
	}
	red := &secrets.Redactor{}
	addCredentials(red, target)
	e := &PreflightError{Target: target.Name, Profile: target.Profile, BaseURL: target.BaseURL}
	if x != nil {
		red.Add(x.Secrets...)
		e.Method, e.URL, e.Status = x.Method, red.Redact(x.URL), x.Status
		if x.Status != 0 {
			e.ContentType = x.Header.Get("Content-Type")
			e.Excerpt = excerpt(red.RedactBytes(x.Body), preflightExcerpt) // masked whole, then cut: no half secret survives
		}
	}
	e.Err = errors.New(red.Redact(errText(perr)))
	return e
}

// PreflightAccount is the account a preflight logs in with before it
// makes one of its values wrong: the target's first credentials when they
// are complete (configured true), else made-up values for every credential
// key (the login is then refused for an unknown user, which is just as
// documented).
func PreflightAccount(t *Target) (a Account, configured bool) {
	if a, err := t.Account(0); err == nil {
		return a, true
	}
	a = Account{}
	for _, k := range t.profile.Table.CredentialKeys() {
		a[k] = "authprobe-preflight-" + RandomWord(8)
	}
	return a, false
}

// WrongSecret is the secret a preflight login sends: the account's own,
// made wrong, so that every legal server refuses it in its documented
// shape without the probe locking out or logging in the real account.
func WrongSecret(secret string) string { return secret + "-authprobe-preflight" }

// excerpt returns the start of body as one line of text, cut at limit
// bytes on a rune boundary.
func excerpt(body []byte, limit int) string {
	s := oneLine(strings.ToValidUTF8(string(body), "\uFFFD"))
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none)"
	}
	return s
}
