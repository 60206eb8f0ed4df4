package registry_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
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

// Every targeter reads its credentials by its API's table: an entry with
// the table's keys builds, and one without a key fails naming it.
func TestTargetersReadTheirTablesKeys(t *testing.T) {
	tables := map[string]config.Profile{
		"certna": certna.Table, "irp": irp.Table, "ishare": ishare.Table, "videntity": videntity.Table,
	}
	for _, name := range registry.Names() {
		table, ok := tables[name]
		if !ok {
			t.Errorf("profile %s: no table in this test", name)
			continue
		}
		entry := map[string]string{}
		for _, k := range table.CredentialKeys() {
			entry[k] = "value-of-" + k
		}
		tg := config.Target{Name: name, Profile: name, BaseURL: "http://127.0.0.1:1", Credentials: []map[string]string{entry}}
		f, _ := registry.Lookup(name, config.LoadSpec{})
		if _, err := f(tg, load.Env{}); err != nil {
			t.Errorf("%s with the table's keys %v: %v", name, table.CredentialKeys(), err)
		}
		for _, k := range table.CredentialKeys() {
			partial := maps.Clone(entry)
			delete(partial, k)
			tg.Credentials = []map[string]string{partial}
			if _, err := f(tg, load.Env{}); err == nil || !strings.Contains(err.Error(), "credentials[0]: missing "+k) {
				t.Errorf("%s without %s: %v", name, k, err)
			}
		}
	}
}
