package ishare

import (
	"testing"

	"github.com/authprobe/authprobe/suites/suitetest"
)

// TestConformance runs every ishare spec against the clean reference server
// on a test clock: none may fail.
func TestConformance(t *testing.T) { suitetest.RunEmbedded(t, "ishare") }

// TestConformanceAllDialects runs them against the reference server
// speaking every legal variation at once: none may fail either.
func TestConformanceAllDialects(t *testing.T) { suitetest.RunEmbedded(t, "ishare", "ishare:all") }
