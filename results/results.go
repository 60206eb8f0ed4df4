// Package results is authprobe's one results model: the conformance
// verdicts with their evidence, the load metrics, the target and the
// timings of a run. Every report writer reads it; nothing in it calls a
// client.
package results

import (
	"sort"
	"time"
)

// SchemaVersion is the version of the JSON form of Run.
const SchemaVersion = "1.0"

// Verdict is the outcome of one spec.
type Verdict string

// The verdicts. ExpectedFailure and UnexpectedPass come from an
// expected-failures file.
const (
	Passed          Verdict = "PASSED"
	Failed          Verdict = "FAILED"
	Warning         Verdict = "WARNING"
	Skipped         Verdict = "SKIPPED"
	ExpectedFailure Verdict = "EXPECTED-FAILURE"
	UnexpectedPass  Verdict = "UNEXPECTED-PASS"
	// NotRun is a spec that could not run because its target could not be
	// tested: unreachable, or failing its preflight (the reason says
	// which). It fails the run; the CLI exits 3, not 1.
	NotRun Verdict = "NOT-RUN"
)

// Fails reports whether the verdict fails a run (warnings only when strict).
func (v Verdict) Fails(strict bool) bool {
	switch v {
	case Failed, UnexpectedPass, NotRun:
		return true
	case Warning:
		return strict
	}
	return false
}

// Run is everything one authprobe invocation measured.
type Run struct {
	SchemaVersion string       `json:"schema_version"`
	Tool          Tool         `json:"tool"`
	Target        Target       `json:"target"`
	Started       time.Time    `json:"started"`
	Finished      time.Time    `json:"finished"`
	Incomplete    bool         `json:"incomplete"`
	Conformance   *Conformance `json:"conformance,omitempty"`
	Load          []LoadResult `json:"load,omitempty"`
	Notes         []string     `json:"notes,omitempty"`
}

// Tool identifies the authprobe build.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Go      string `json:"go"`
}

// Target names what was tested.
type Target struct {
	// Config is the configuration file path, or "(embedded reference servers)".
	Config      string      `json:"config"`
	Environment string      `json:"environment"`
	APIs        []TargetAPI `json:"apis"`
}

// TargetAPI is one API under test.
type TargetAPI struct {
	Name    string `json:"name"`
	Profile string `json:"profile"`
	BaseURL string `json:"base_url"`
	Clock   string `json:"clock"`
	// ClockOffset is the target's clock minus ours, as measured from its
	// response timestamps ("" when not measured).
	ClockOffset string `json:"clock_offset,omitempty"`
	// Pinned are the settings that pinned a choice the vendor leaves open
	// (name → value); every other open choice was accepted in every legal
	// form.
	Pinned map[string]string `json:"pinned,omitempty"`
	// Observed lists what the target chose where the vendor leaves the
	// answer open.
	Observed []Observation `json:"observed,omitempty"`
	// Error says why the target was not tested (unreachable, or its
	// preflight failed); its specs are then NOT-RUN.
	Error string `json:"error,omitempty"`
}

// Observation is the answer a target gave in a situation the vendor
// leaves open: "invalid token on storechecksum" → "HTTP 401 refused
// code=InvalidToken", seen Count times.
type Observation struct {
	Situation string `json:"situation"`
	Answer    string `json:"answer"`
	Count     int    `json:"count"`
}

// Conformance is the result of the conformance specs.
type Conformance struct {
	LabelFilter string       `json:"label_filter,omitempty"`
	Strict      bool         `json:"strict"`
	Specs       []SpecResult `json:"specs"`
	Duration    Duration     `json:"duration"`
}

// SpecResult is the verdict of one spec.
type SpecResult struct {
	ID       string  `json:"id"`
	Profile  string  `json:"profile"`
	Title    string  `json:"title"`
	Verdict  Verdict `json:"verdict"`
	Message  string  `json:"message,omitempty"`
	Location string  `json:"location,omitempty"`
	Reason   string  `json:"reason,omitempty"` // expected-failure reason or skip reason
	// Authority is what a FAILED verdict rests on: the catalog entry's
	// citations of the vendor page or of profiles.md, and any setting that
	// pinned the choice.
	Authority []string   `json:"authority,omitempty"`
	Labels    []string   `json:"labels,omitempty"`
	Evidence  []Evidence `json:"evidence,omitempty"`
	Duration  Duration   `json:"duration"`
}

// Evidence is one exchange with the target, secrets masked.
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
}

// Counts tallies verdicts.
type Counts map[Verdict]int

// Counts returns the number of specs per verdict.
func (c *Conformance) Counts() Counts {
	out := Counts{}
	if c == nil {
		return out
	}
	for _, s := range c.Specs {
		out[s.Verdict]++
	}
	return out
}

// Profiles returns the profiles with specs, sorted.
func (c *Conformance) Profiles() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range c.Specs {
		if !seen[s.Profile] {
			seen[s.Profile] = true
			out = append(out, s.Profile)
		}
	}
	sort.Strings(out)
	return out
}

// Failed reports whether any spec fails the run.
func (c *Conformance) Failed(strict bool) bool {
	if c == nil {
		return false
	}
	for _, s := range c.Specs {
		if s.Verdict.Fails(strict) {
			return true
		}
	}
	return false
}

// Duration is a time.Duration that prints as "1.5s" in JSON.
type Duration time.Duration

// MarshalText prints the duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText parses the duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	*d = Duration(v)
	return err
}
