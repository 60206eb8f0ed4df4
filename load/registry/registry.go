// Package registry lists the load targeters authprobe knows, one factory
// per profile, and reads each API's own options from a target
// configuration's load section. Adding an API is adding its package under
// load/ and one line to All.
package registry

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/load/certna"
	"github.com/authprobe/authprobe/load/irp"
	"github.com/authprobe/authprobe/load/ishare"
	"github.com/authprobe/authprobe/load/videntity"
)

// All returns the factory of every profile, with the API options that the
// load section spec sets (CeRTNA: cache_salts).
func All(spec config.LoadSpec) map[string]load.Factory {
	return map[string]load.Factory{
		"certna":    certna.New(certna.CacheSalts(spec.CacheSalts)),
		"irp":       irp.New,
		"ishare":    ishare.New,
		"videntity": videntity.New,
	}
}

// Names returns the profiles that have a targeter, sorted.
func Names() []string {
	var out []string
	for n := range All(config.LoadSpec{}) {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the factory of a profile, with the API options that the
// load section spec sets.
func Lookup(profile string, spec config.LoadSpec) (load.Factory, error) {
	if f, ok := All(spec)[profile]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("no load targeter for profile %q (known: %s)", profile, strings.Join(Names(), ", "))
}
