package reports

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

// A run whose target pinned one choice and left others open, and one FAILED
// spec with its authority: every writer shows what was assumed and what
// the verdict rests on.
func TestWritersShowPinsObservationsAndAuthority(t *testing.T) {
	run := &results.Run{
		SchemaVersion: results.SchemaVersion,
		Target: results.Target{Config: "t.yaml", Environment: "staging", APIs: []results.TargetAPI{{
			Name: "certna-staging", Profile: "certna", BaseURL: "https://certna.example", Clock: "skip",
			Pinned: map[string]string{"invalid_token_code": "InvalidToken"},
			Observed: []results.Observation{
				{Situation: "invalid token on storechecksum", Answer: "HTTP 401 refused code=InvalidToken", Count: 3},
				{Situation: "login without user_name", Answer: "HTTP 500 refused Exception code=DatabaseError", Count: 1},
			},
		}}},
		Conformance: &results.Conformance{Specs: []results.SpecResult{{
			ID: "CERTNA-CHK-003", Profile: "certna", Title: "a token never issued is refused", Verdict: results.Failed,
			Message:   "a storechecksum with a token never issued must be refused with code InvalidToken; got HTTP 401: refused, code Unauthorized",
			Authority: []string{`profiles.md certna: "an invalid or expired token on a later call → HTTP 401"`, "setting invalid_token_code: InvalidToken (pinned by the target configuration)"},
		}}},
	}
	md := string(Markdown(run))
	junit, err := JUnit(run)
	if err != nil {
		t.Fatal(err)
	}
	html, err := HTML(run)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md, "junit": string(junit), "html": string(html)} {
		for _, want := range []string{
			"pinned invalid_token_code = InvalidToken",
			"invalid token on storechecksum → HTTP 401 refused code=InvalidToken (3×)",
			"login without user_name → HTTP 500 refused Exception code=DatabaseError",
			"pinned by the target configuration",
		} {
			if !strings.Contains(out, want) && !strings.Contains(out, escapeForCheck(name, want)) {
				t.Errorf("%s report lacks %q", name, want)
			}
		}
	}
	if !strings.Contains(md, "an invalid or expired token on a later call") {
		t.Error("markdown failure lacks the authority quote")
	}
}

// escapeForCheck is want as an HTML or XML writer escapes it.
func escapeForCheck(writer, want string) string {
	if writer == "markdown" {
		return want
	}
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(want)
}
