// Package registry lists the reference servers authprobe knows. Adding an
// API is adding its package and one line to All.
package registry

import (
	"fmt"
	"strings"

	"github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// All returns the descriptors of every reference server, in a stable order.
func All() []refkit.Descriptor {
	return []refkit.Descriptor{
		ishare.Descriptor(),
		videntity.Descriptor(),
		irp.Descriptor(),
		certna.Descriptor(),
	}
}

// Names returns the profile names in the order of All.
func Names() []string {
	var out []string
	for _, d := range All() {
		out = append(out, d.Name)
	}
	return out
}

// Lookup returns the descriptor of a profile by name.
func Lookup(name string) (refkit.Descriptor, error) {
	for _, d := range All() {
		if d.Name == name {
			return d, nil
		}
	}
	return refkit.Descriptor{}, fmt.Errorf("unknown profile %q (known: %s)", name, strings.Join(Names(), ", "))
}
