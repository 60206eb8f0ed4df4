package irp

import (
	"testing"

	"github.com/authprobe/authprobe/suites/suitetest"
)

// TestConformance runs every irp spec against the clean reference server
// on a test clock: none may fail. With -v it lists every verdict.
func TestConformance(t *testing.T) {
	conf := suitetest.RunEmbedded(t, "irp")
	if testing.Verbose() && conf != nil {
		for _, s := range conf.Specs {
			t.Logf("%-15s %-8s %s%s", s.ID, s.Verdict, s.Message, s.Reason)
		}
	}
}
