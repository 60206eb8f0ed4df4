package videntity

import (
	"testing"

	"github.com/authprobe/authprobe/suites/suitetest"
)

// TestConformance runs every videntity spec against the clean reference
// server on a test clock: none may fail.
func TestConformance(t *testing.T) { suitetest.RunEmbedded(t, "videntity") }
