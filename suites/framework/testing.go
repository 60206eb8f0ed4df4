package framework

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/results"
)

// RunEmbeddedTest is the `go test` entry of a spec package: it starts the
// profile's reference server on a test clock, runs the package's specs
// against it and fails t unless every spec passes (WARNING verdicts are
// allowed only for catalog entries whose severity is WARNING; SKIPPED only
// with a reason).
func RunEmbeddedTest(t *testing.T, profile string) *results.Conformance {
	t.Helper()
	set, err := embedded.Start(embedded.Options{Profiles: []string{profile}, TestClock: true})
	if err != nil {
		t.Fatalf("start %s reference server: %v", profile, err)
	}
	defer set.Close()
	conf, _, err := Run(Options{Config: set.Config(), T: t})
	if err != nil {
		t.Fatalf("conformance run: %v", err)
	}
	if len(conf.Specs) == 0 {
		t.Fatalf("no %s spec ran", profile)
	}
	var bad []string
	for _, s := range conf.Specs {
		switch {
		case s.Verdict == results.Failed || s.ID == "UNCATALOGUED":
			bad = append(bad, fmt.Sprintf("%s %s: %s", s.ID, s.Verdict, s.Message))
		case s.Verdict == results.Skipped && s.Reason == "":
			bad = append(bad, fmt.Sprintf("%s skipped without a reason", s.ID))
		}
	}
	if len(bad) > 0 {
		t.Errorf("the clean %s reference server must pass every spec:\n%s", profile, strings.Join(bad, "\n"))
	}
	return conf
}
