package ishare

import (
	"os"
	"testing"

	"github.com/authprobe/authprobe/suites/suitetest"
)

// TestConformance runs every ishare spec against the clean reference server
// on a test clock: none may fail. Ginkgo runs one suite per process, so the
// dialects are checked by `authprobe conform --dialect-matrix`, or here
// with ISHARE_DIALECTS=ishare:all (or one dialect) in the environment.
func TestConformance(t *testing.T) {
	if d := os.Getenv("ISHARE_DIALECTS"); d != "" {
		suitetest.RunEmbedded(t, "ishare", d)
		return
	}
	suitetest.RunEmbedded(t, "ishare")
}
