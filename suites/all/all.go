// Package all registers the conformance specs of every API: import it for
// its side effects.
package all

import (
	_ "github.com/authprobe/authprobe/suites/certna"    // CeRTNA specs
	_ "github.com/authprobe/authprobe/suites/irp"       // IRP Commerce specs
	_ "github.com/authprobe/authprobe/suites/ishare"    // Astun iShare specs
	_ "github.com/authprobe/authprobe/suites/videntity" // Videntity specs
)
