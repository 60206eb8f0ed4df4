package framework

import (
	"errors"
	"fmt"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// Answer is one API answer as the spec kit reads it: what an API client
// made of one exchange, in the terms every API shares. Each suite turns
// its client's results into Answers (one small function per operation),
// and the kit's matchers (HaveIssuedToken, BeRefusedWith, …) judge them and
// print them when they fail.
//
//	login → HTTP 401 application/json: refused, code InvalidToken "token unknown"
type Answer struct {
	// What names the request in a tester's words ("a login with a wrong
	// password"); failure messages start with it.
	What string
	// Op is the client's operation name ("certna Login"), which picks the
	// schema HaveDocumentedShape checks.
	Op string
	// Exchange is the raw exchange; nil when no request was answered.
	Exchange *wire.Exchange
	// Err is a transport failure or an answer of no documented shape.
	Err error
	// OK says the call did what it was asked: a token issued, a ping or a
	// logout accepted, a schedule returned.
	OK bool
	// Token is the session token the answer issued, or "".
	Token string
	// Refused says the answer is one of the API's documented refusals.
	Refused bool
	// Codes are the refusal's documented codes as text ("1024",
	// "INVALID_TOKEN", "2001"); several when an API lists several errors.
	Codes []string
	// Message is the refusal's human text.
	Message string
	// Shape names which documented refusal shape came, where an API has
	// several ("Exception" or "code" for CeRTNA); "" otherwise.
	Shape string
	// Sent are secret values the request carried beyond the configured
	// credentials (a salted password hash, a signature), by name: the
	// echo and derivation checks look for them too.
	Sent map[string]string
	// Result is the client's own result (e.g. *irp.Response), for an API's
	// own matchers (Matcher) that judge fields the kit does not know.
	Result any
	// Note is a fact of the answer worth printing after its outcome in
	// failure messages (`MinutesRemaining "04:59"`).
	Note string
}

// NewAnswer starts an API's answer adapter: an Answer with what, op, the
// exchange and the client's error filled in. With no exchange, the one a
// *wire.Error carries is kept (a malformed answer still has a status).
//
//	ans := framework.NewAnswer(what, client.OpLogin, r.Exchange, err)
func NewAnswer(what, op string, x *wire.Exchange, err error) *Answer {
	if x == nil {
		var we *wire.Error
		if errors.As(err, &we) {
			x = we.Exchange
		}
	}
	return &Answer{What: what, Op: op, Exchange: x, Err: err}
}

// Status is the HTTP status of the answer, 0 when none came.
func (a *Answer) Status() int {
	if a == nil || a.Exchange == nil {
		return 0
	}
	return a.Exchange.Status
}

// ContentType is the answer's Content-Type header ("" when none).
func (a *Answer) ContentType() string {
	if a == nil || a.Exchange == nil || a.Exchange.Header == nil {
		return ""
	}
	return a.Exchange.Header.Get("Content-Type")
}

// Documented says the answer has a documented shape: it came, and the
// client could read it.
func (a *Answer) Documented() bool { return a != nil && a.Err == nil && a.Exchange != nil }

// HasCode reports whether the refusal carries one of codes.
func (a *Answer) HasCode(codes ...string) bool {
	if a == nil {
		return false
	}
	for _, c := range a.Codes {
		for _, w := range codes {
			if c == w {
				return true
			}
		}
	}
	return false
}

// TokenErr returns nil when the answer issued a token, and otherwise an
// error saying what came instead. A timeline step that logs in returns it,
// so a login that failed ends the timeline at once instead of leaving it
// to wait out a session lifetime with nothing to age:
//
//	tl.At(0, "login", func(ctx context.Context) error { in = login(ctx, c, a); return in.TokenErr() })
func (a *Answer) TokenErr() error {
	if a.Documented() && a.OK && !a.Refused && a.Token != "" {
		return nil
	}
	return fmt.Errorf("%s must issue a token; got %s", orRequest(a), a.Outcome())
}

// Outcome is how the answer reads in one line, without the request.
func (a *Answer) Outcome() string {
	if a == nil {
		return "no answer"
	}
	var b strings.Builder
	if a.Exchange != nil && a.Exchange.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d", a.Exchange.Status)
		if ct := a.ContentType(); ct != "" {
			fmt.Fprintf(&b, " %s", ct)
		}
		b.WriteString(": ")
	}
	switch {
	case a.Err != nil:
		b.WriteString("no documented answer")
		var we *wire.Error
		if errors.As(a.Err, &we) && we.Exchange != nil && len(we.Exchange.Body) > 0 {
			fmt.Fprintf(&b, ", body %s", Snippet(we.Exchange.Body))
		} else if a.Exchange != nil && len(a.Exchange.Body) > 0 {
			fmt.Fprintf(&b, ", body %s", Snippet(a.Exchange.Body))
		}
		fmt.Fprintf(&b, " (%v)", a.Err)
	case a.Refused:
		b.WriteString("refused")
		if a.Shape != "" {
			fmt.Fprintf(&b, " (%s shape)", a.Shape)
		}
		if len(a.Codes) > 0 {
			fmt.Fprintf(&b, ", code %s", strings.Join(a.Codes, "+"))
		}
		if a.Message != "" {
			fmt.Fprintf(&b, " %q", a.Message)
		}
	case a.OK && a.Token != "":
		b.WriteString("succeeded, token issued")
	case a.OK:
		b.WriteString("succeeded")
	default:
		b.WriteString("neither a success nor a documented refusal")
	}
	if a.Note != "" {
		b.WriteString(", " + a.Note)
	}
	return b.String()
}

// String is "what → outcome".
func (a *Answer) String() string {
	if a == nil {
		return "no answer"
	}
	if a.What == "" {
		return a.Outcome()
	}
	return a.What + " → " + a.Outcome()
}

// Key is the part of an answer that must repeat when the same situation
// repeats: status, shape and codes (not the message, which may carry a
// timestamp or a transaction number).
func (a *Answer) Key() string {
	if a == nil {
		return "no answer"
	}
	switch {
	case a.Err != nil:
		return fmt.Sprintf("HTTP %d undocumented", a.Status())
	case a.Refused:
		k := fmt.Sprintf("HTTP %d refused", a.Status())
		if a.Shape != "" {
			k += " " + a.Shape
		}
		if len(a.Codes) > 0 {
			k += " code=" + strings.Join(a.Codes, "+")
		}
		return k
	case a.OK:
		return fmt.Sprintf("HTTP %d succeeded", a.Status())
	}
	return fmt.Sprintf("HTTP %d", a.Status())
}

// Snippet quotes the start of a body for a failure message.
func Snippet(b []byte) string {
	const max = 160
	if len(b) > max {
		return fmt.Sprintf("%q…", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// OrNone is v, or "(none)" when it is empty.
func OrNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
