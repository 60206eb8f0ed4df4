// Package suitetest runs a spec package's specs against its clean
// reference server under `go test`. It is test support: the spec framework
// and the authprobe binary do not import it, so they do not depend on the
// reference servers.
package suitetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
)

// RunEmbedded is the `go test` entry of a spec package: it starts the
// profile's reference server on a test clock, runs the package's specs
// against it and fails t unless every spec passes (WARNING verdicts are
// allowed only for catalog entries whose severity is WARNING; SKIPPED only
// with a reason).
//
// Dialects ("irp:all", "irp:refusal-codes") make the server speak legal
// variations: the specs must pass those too.
func RunEmbedded(t *testing.T, profile string, dialects ...string) *results.Conformance {
	t.Helper()
	set, err := embedded.Start(embedded.Options{Profiles: []string{profile}, TestClock: true, Dialects: dialects})
	if err != nil {
		t.Fatalf("start %s reference server: %v", profile, err)
	}
	defer set.Close()
	conf, _, err := framework.Run(framework.Options{Config: set.Config(), T: t})
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
