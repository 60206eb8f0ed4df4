package reports

import "fmt"

// JUnitWarnings says how junit.xml shows a WARNING verdict. JUnit has no
// warning state; both forms keep the testcase's name (CI history is kept
// by name), carry the whole warning and its evidence in <system-out>, and
// add the suite property verdict.<ID>=WARNING.
type JUnitWarnings string

const (
	// JUnitWarningsSkipped writes a WARNING as <skipped
	// message="WARNING: …"/>: GitLab, Jenkins and GitHub test tabs show it
	// apart (yellow, not failing). The default.
	JUnitWarningsSkipped JUnitWarnings = "skipped"
	// JUnitWarningsPassed writes a WARNING as a plain passing testcase,
	// for gates that count skipped testcases against a run.
	JUnitWarningsPassed JUnitWarnings = "passed"
)

// ParseJUnitWarnings reads a --junit-warnings value ("" is the default).
func ParseJUnitWarnings(s string) (JUnitWarnings, error) {
	switch JUnitWarnings(s) {
	case "", JUnitWarningsSkipped:
		return JUnitWarningsSkipped, nil
	case JUnitWarningsPassed:
		return JUnitWarningsPassed, nil
	}
	return "", fmt.Errorf("junit warnings %q: want skipped or passed", s)
}

// WithJUnitWarnings sets how junit.xml shows WARNING verdicts (default
// JUnitWarningsSkipped).
func WithJUnitWarnings(w JUnitWarnings) Option {
	return func(o *options) { o.junitWarnings = w }
}
