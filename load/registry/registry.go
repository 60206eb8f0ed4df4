// Package registry lists the load targeters authprobe knows, one per
// profile. Adding an API is adding its package under load/ and one line
// to All.
package registry

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/load/certna"
	"github.com/authprobe/authprobe/load/irp"
	"github.com/authprobe/authprobe/load/ishare"
	"github.com/authprobe/authprobe/load/videntity"
)

// All returns the targeter factory of every profile.
func All() map[string]load.Factory {
	return map[string]load.Factory{
		"certna":    certna.New,
		"irp":       irp.New,
		"ishare":    ishare.New,
		"videntity": videntity.New,
	}
}

// Names returns the profiles that have a targeter, sorted.
func Names() []string {
	var out []string
	for n := range All() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the targeter factory of a profile.
func Lookup(profile string) (load.Factory, error) {
	if f, ok := All()[profile]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("no load targeter for profile %q (known: %s)", profile, strings.Join(Names(), ", "))
}
