package registry_test

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load/registry"
	refregistry "github.com/authprobe/authprobe/refservers/registry"
)

// Every reference server's profile has a load targeter.
func TestEveryProfileHasATargeter(t *testing.T) {
	for _, name := range refregistry.Names() {
		if f, err := registry.Lookup(name, config.LoadSpec{}); err != nil || f == nil {
			t.Errorf("profile %s: %v", name, err)
		}
	}
	if len(registry.Names()) != len(refregistry.Names()) {
		t.Errorf("targeters %v, reference servers %v", registry.Names(), refregistry.Names())
	}
	if _, err := registry.Lookup("soap", config.LoadSpec{}); err == nil || !strings.Contains(err.Error(), "known: certna, irp, ishare, videntity") {
		t.Errorf("unknown profile: %v", err)
	}
}
