package videntity

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/authprobe/authprobe/suites/framework"
)

// answerMatcher is a Gomega matcher over *framework.Answer whose failure
// message prints the answer, like the kit's own matchers.
type answerMatcher struct {
	want   string
	match  func(a *framework.Answer) (bool, string)
	detail string
}

func (m *answerMatcher) Match(actual any) (bool, error) {
	a, ok := actual.(*framework.Answer)
	if !ok || a == nil {
		return false, fmt.Errorf("videntity matchers take a non-nil *framework.Answer, got %T", actual)
	}
	ok, m.detail = m.match(a)
	return ok, nil
}

func (m *answerMatcher) FailureMessage(actual any) string {
	a, _ := actual.(*framework.Answer)
	return fmt.Sprintf("%s must %s; got %s%s", what(a), m.want, a.Outcome(), suffix(m.detail))
}

func (m *answerMatcher) NegatedFailureMessage(actual any) string {
	a, _ := actual.(*framework.Answer)
	return fmt.Sprintf("%s must not %s; got %s%s", what(a), m.want, a.Outcome(), suffix(m.detail))
}

func what(a *framework.Answer) string {
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

// beError matches the documented error number with its documented name
// (profiles.md: "1 AUTHENTICATION_ERROR", "2 SESSION_DOES_NOT_EXIST", …),
// in the documented shape, issuing nothing.
func beError(number int) types.GomegaMatcher {
	name := errorName(number)
	return &answerMatcher{
		want: fmt.Sprintf("answer error %d %s", number, name),
		match: func(a *framework.Answer) (bool, string) {
			if !a.Documented() || !a.Refused || a.OK || a.Token != "" || !a.HasCode(strconv.Itoa(number)) {
				return false, ""
			}
			if !a.HasCode(name) {
				return false, fmt.Sprintf("error %d is documented as %s", number, name)
			}
			return true, ""
		},
	}
}

// beRefusal matches the answer to input the API cannot accept (a wrong
// method, a wrong content type, a malformed body, values of the wrong
// size or kind): nothing issued, and either a documented error (any
// number, any status) or an HTTP 4xx refusal with any body (405, 415, 400
// are legal). A 5xx that is not a documented error is a crash; a 2xx or
// 3xx that is neither is no refusal. statuses, when set (a pin), are the
// HTTP statuses allowed; errorNumbers, when set (a pin), require a
// documented error with one of those numbers.
func beRefusal(statuses, errorNumbers []string) types.GomegaMatcher {
	want := "be refused (a documented error, or an HTTP 4xx refusal), never a session and never a crash"
	if len(statuses) > 0 {
		want += fmt.Sprintf(", with HTTP %s (pinned)", strings.Join(statuses, " or "))
	}
	if len(errorNumbers) > 0 {
		want += fmt.Sprintf(", as error %s (pinned)", strings.Join(errorNumbers, " or "))
	}
	return &answerMatcher{want: want, match: func(a *framework.Answer) (bool, string) {
		st := a.Status()
		documented := a.Documented() && a.Refused
		switch {
		case a.OK || a.Token != "":
			return false, "the request was accepted"
		case st == 0:
			return false, "no HTTP answer"
		case !documented && st >= 500:
			return false, fmt.Sprintf("HTTP %d %s without a documented error is a crash", st, http.StatusText(st))
		case !documented && (st < 400 || st >= 500):
			return false, "neither a documented error nor a 4xx refusal"
		}
		if len(statuses) > 0 && !slices.Contains(statuses, strconv.Itoa(st)) {
			return false, fmt.Sprintf("HTTP %d is not the pinned %s", st, strings.Join(statuses, ", "))
		}
		if len(errorNumbers) > 0 && !(documented && a.HasCode(errorNumbers...)) {
			return false, fmt.Sprintf("not the pinned error %s", strings.Join(errorNumbers, ", "))
		}
		return true, ""
	}}
}

// beAnsweredLike matches an answer with the same status, kind and codes
// as ref (Answer.Key): the same request twice gets the same answer.
func beAnsweredLike(ref *framework.Answer) types.GomegaMatcher {
	return &answerMatcher{
		want: fmt.Sprintf("be answered like the same request a moment before (%s)", ref.Key()),
		match: func(a *framework.Answer) (bool, string) {
			return a.Key() == ref.Key(), ""
		},
	}
}
