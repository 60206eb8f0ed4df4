package framework

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/authprobe/authprobe/schemas"
)

// answerMatcher is a Gomega matcher over *Answer whose failure message
// prints the answer itself: "a login with a wrong password must be refused;
// got HTTP 200 application/json: succeeded, token issued".
type answerMatcher struct {
	// want completes "<what> must …" ("be refused with code 1024").
	want string
	// match says whether the answer matches, and when it does not, an
	// optional detail appended to the message.
	match func(a *Answer) (bool, string)
	// detail is kept from the last Match for the failure message.
	detail string
}

var _ types.GomegaMatcher = (*answerMatcher)(nil)

func (m *answerMatcher) Match(actual any) (bool, error) {
	a, ok := actual.(*Answer)
	if !ok {
		return false, fmt.Errorf("framework matchers take a *framework.Answer, got %T", actual)
	}
	if a == nil {
		return false, fmt.Errorf("framework matchers take a non-nil *framework.Answer")
	}
	ok, m.detail = m.match(a)
	return ok, nil
}

func (m *answerMatcher) FailureMessage(actual any) string {
	a, _ := actual.(*Answer)
	return fmt.Sprintf("%s must %s; got %s%s", orRequest(a), m.want, a.Outcome(), suffix(m.detail))
}

func (m *answerMatcher) NegatedFailureMessage(actual any) string {
	a, _ := actual.(*Answer)
	return fmt.Sprintf("%s must not %s; got %s%s", orRequest(a), m.want, a.Outcome(), suffix(m.detail))
}

func orRequest(a *Answer) string {
	if a == nil || a.What == "" {
		return "the request"
	}
	return a.What
}

func suffix(detail string) string {
	if detail == "" {
		return ""
	}
	return " — " + detail
}

func matcher(want string, match func(a *Answer) (bool, string)) types.GomegaMatcher {
	return &answerMatcher{want: want, match: match}
}

// Matcher builds an API's own matcher over *Answer with the kit's failure
// messages ("<what> must <want>; got <outcome> — <detail>"): match says
// whether the answer matches and, when not, an optional detail.
//
//	func beError(n int) types.GomegaMatcher {
//		return framework.Matcher(fmt.Sprintf("answer error %d", n), func(a *framework.Answer) (bool, string) {
//			return a.Refused && a.HasCode(strconv.Itoa(n)), ""
//		})
//	}
func Matcher(want string, match func(a *Answer) (bool, string)) types.GomegaMatcher {
	return matcher(want, match)
}

// BeTurnedAway matches the answer to input an API cannot accept (a wrong
// method or content type, a malformed body, values of the wrong size or
// kind) where the texts promise only "its documented error, not a 5xx
// crash": nothing issued or done, and either a documented refusal (at any
// status: some vendors document 500 refusals) or an HTTP 4xx with any body
// (405, 415, 400 are all legal). A 5xx that is no documented refusal is a
// crash; a 2xx or 3xx that is neither is no refusal.
//
// statuses and codes are pins (Target.Pin): when set, the answer must have
// one of those HTTP statuses, and a documented refusal with one of those
// codes.
func BeTurnedAway(statuses, codes []string) types.GomegaMatcher {
	want := "be refused (a documented refusal, or an HTTP 4xx), never accepted and never a crash"
	if len(statuses) > 0 {
		want += fmt.Sprintf(", with HTTP %s (pinned)", strings.Join(statuses, " or "))
	}
	if len(codes) > 0 {
		want += fmt.Sprintf(", with code %s (pinned)", strings.Join(codes, " or "))
	}
	return matcher(want, func(a *Answer) (bool, string) {
		st := a.Status()
		documented := a.Documented() && a.Refused
		switch {
		case a.Token != "" || (a.OK && a.Documented()):
			return false, "the request was accepted"
		case st == 0:
			return false, "no HTTP answer"
		case !documented && st >= 500:
			return false, fmt.Sprintf("HTTP %d without a documented refusal is a crash", st)
		case !documented && st < 400:
			return false, "neither a documented refusal nor a 4xx"
		}
		if len(statuses) > 0 && !containsString(statuses, strconv.Itoa(st)) {
			return false, fmt.Sprintf("HTTP %d is not the pinned %s", st, strings.Join(statuses, ", "))
		}
		if len(codes) > 0 && !(documented && a.HasCode(codes...)) {
			return false, fmt.Sprintf("not the pinned code %s", strings.Join(codes, ", "))
		}
		return true, ""
	})
}

// HaveCodeIn matches an answer carrying one of codes; with no codes (an
// unset pin) any answer.
func HaveCodeIn(codes []string) types.GomegaMatcher {
	return matcher("carry the pinned code "+strings.Join(codes, " or "), func(a *Answer) (bool, string) {
		return len(codes) == 0 || a.HasCode(codes...), ""
	})
}

// HaveStatusIn matches an answer whose HTTP status is one of statuses
// (text, as a pin setting holds them); with none (an unset pin) any answer.
func HaveStatusIn(statuses []string) types.GomegaMatcher {
	return matcher("answer the pinned HTTP status "+strings.Join(statuses, " or "), func(a *Answer) (bool, string) {
		return len(statuses) == 0 || containsString(statuses, strconv.Itoa(a.Status())), ""
	})
}

// BeAnsweredLike matches an answer with the same status, shape and codes as
// ref (Answer.Key): the same request twice must get the same answer, even
// where the vendor leaves open which answer that is.
func BeAnsweredLike(ref *Answer) types.GomegaMatcher {
	return matcher(fmt.Sprintf("be answered as the same request was a moment before (%s)", ref.Key()), func(a *Answer) (bool, string) {
		return a.Key() == ref.Key(), ""
	})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

// HaveSucceeded matches an answer that did what it was asked (a ping
// accepted, a logout done, a schedule returned), in a documented shape.
func HaveSucceeded() types.GomegaMatcher {
	return matcher("succeed", func(a *Answer) (bool, string) {
		return a.Documented() && a.OK && !a.Refused, ""
	})
}

// HaveIssuedToken matches an answer that issued a session token in a
// documented shape.
func HaveIssuedToken() types.GomegaMatcher {
	return matcher("issue a token", func(a *Answer) (bool, string) {
		return a.Documented() && a.OK && !a.Refused && a.Token != "", ""
	})
}

// BeRefused matches a documented refusal that issued nothing, whatever its
// code: use it where the vendor documents that a request fails but not
// how.
func BeRefused() types.GomegaMatcher {
	return BeRefusedWith()
}

// BeRefusedWith matches a documented refusal carrying one of codes; with no
// codes, any documented refusal. Pass a pinned setting's values to let a
// deployment require its code: BeRefusedWith(t.Pin("invalid_token_code")...).
func BeRefusedWith(codes ...string) types.GomegaMatcher {
	want := "be refused in a documented shape"
	if len(codes) == 1 {
		want = fmt.Sprintf("be refused with code %s", codes[0])
	} else if len(codes) > 1 {
		want = fmt.Sprintf("be refused with one of the codes %s", strings.Join(codes, ", "))
	}
	return matcher(want, func(a *Answer) (bool, string) {
		if !a.Documented() || !a.Refused || a.OK || a.Token != "" {
			return false, ""
		}
		return len(codes) == 0 || a.HasCode(codes...), ""
	})
}

// HaveStatus matches an answer with one of the HTTP statuses.
func HaveStatus(statuses ...int) types.GomegaMatcher {
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = fmt.Sprintf("%d %s", s, http.StatusText(s))
	}
	return matcher("answer HTTP "+strings.Join(names, " or "), func(a *Answer) (bool, string) {
		for _, s := range statuses {
			if a.Status() == s {
				return true, ""
			}
		}
		return false, ""
	})
}

// NotCrash matches any answer but a server error: a status below 500, or a
// documented refusal (some APIs document 500 refusals). Use it where the
// vendor promises only that bad input is not a crash.
func NotCrash() types.GomegaMatcher {
	return matcher("get a documented answer, not a crash", func(a *Answer) (bool, string) {
		if a.Exchange == nil || a.Status() == 0 {
			return false, "no HTTP answer"
		}
		return a.Status() < 500 || (a.Documented() && a.Refused), ""
	})
}

// HaveDocumentedShape matches an answer the client could read as one of
// the API's documented shapes and that passes the operation's schema.
func HaveDocumentedShape() types.GomegaMatcher {
	return matcher("answer in a documented shape", func(a *Answer) (bool, string) {
		if !a.Documented() {
			return false, ""
		}
		if v := schemaViolation(a); v != "" {
			return false, v
		}
		return true, ""
	})
}

// schemaViolation validates an answer against the schema its profile names
// for it, and returns the validator's message or "".
func schemaViolation(a *Answer) string {
	if a.Exchange == nil || len(a.Exchange.Body) == 0 {
		return ""
	}
	p, ok := lookupProfile(profileOfOp(a.Op))
	if !ok || p.SchemaFor == nil {
		return ""
	}
	name := p.SchemaFor(a.Op, a.Exchange)
	if name == "" {
		return ""
	}
	if err := schemas.Validate(name, a.Exchange.Body); err != nil {
		return fmt.Sprintf("schema %s: %v", name, err)
	}
	return ""
}

// BeRefusedLike matches a documented refusal with the same status, shape
// and codes as ref: for "refused exactly like a wrong password" and for
// consistency (the same situation gets the same answer).
func BeRefusedLike(ref *Answer) types.GomegaMatcher {
	return matcher(fmt.Sprintf("be refused like %s (%s)", orRequest(ref), ref.Key()), func(a *Answer) (bool, string) {
		if !a.Documented() || !a.Refused || a.Token != "" {
			return false, ""
		}
		var diffs []string
		if a.Status() != ref.Status() {
			diffs = append(diffs, fmt.Sprintf("status %d instead of %d", a.Status(), ref.Status()))
		}
		if a.Shape != ref.Shape {
			diffs = append(diffs, fmt.Sprintf("the %s shape instead of the %s shape", OrNone(a.Shape), OrNone(ref.Shape)))
		}
		if !sameSet(a.Codes, ref.Codes) {
			diffs = append(diffs, fmt.Sprintf("code %s instead of %s", OrNone(strings.Join(a.Codes, "+")), OrNone(strings.Join(ref.Codes, "+"))))
		}
		return len(diffs) == 0, strings.Join(diffs, ", ")
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// NotEcho matches an answer whose body and headers contain none of the
// secret values (by name: "password" → value). Values shorter than 4
// characters are not looked for: they occur by chance. The failure names
// the secret and where it appeared, never its value.
func NotEcho(secrets map[string]string) types.GomegaMatcher {
	names := make([]string, 0, len(secrets))
	for n := range secrets {
		names = append(names, n)
	}
	sort.Strings(names)
	return matcher("not echo the "+strings.Join(names, ", "), func(a *Answer) (bool, string) {
		if where := Echoed(a, secrets); where != "" {
			return false, where
		}
		return true, ""
	})
}

// Echoed says where an answer echoes one of the secrets ("the password in
// header Set-Cookie"), or "".
func Echoed(a *Answer, secrets map[string]string) string {
	if a == nil || a.Exchange == nil {
		return ""
	}
	names := make([]string, 0, len(secrets))
	for n := range secrets {
		names = append(names, n)
	}
	sort.Strings(names)
	body := string(a.Exchange.Body)
	for _, n := range names {
		v := secrets[n]
		if len(v) < 4 {
			continue
		}
		forms := echoForms(v)
		for _, f := range forms {
			if strings.Contains(body, f) {
				return fmt.Sprintf("the %s appears in the body", n)
			}
		}
		keys := make([]string, 0, len(a.Exchange.Header))
		for k := range a.Exchange.Header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, hv := range a.Exchange.Header[k] {
				for _, f := range forms {
					if strings.Contains(hv, f) {
						return fmt.Sprintf("the %s appears in header %s", n, k)
					}
				}
			}
		}
	}
	return ""
}

// echoForms are the ways a value shows when a server writes it back: as
// is, XML/HTML-escaped, JSON-escaped and URL-encoded.
func echoForms(v string) []string {
	js, _ := json.Marshal(v)
	out := []string{v}
	for _, f := range []string{html.EscapeString(v), strings.Trim(string(js), `"`), url.QueryEscape(v), url.PathEscape(v)} {
		dup := false
		for _, o := range out {
			dup = dup || o == f
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}
