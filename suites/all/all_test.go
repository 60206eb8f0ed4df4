package all

import (
	"sort"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/suites"
	"github.com/authprobe/authprobe/suites/framework"
)

// Every catalog entry has a spec and every spec names a catalog entry
// (framework.It panics on an unknown ID, so the second half holds by
// construction; this test checks the first and the profile of each).
func TestCatalogAndSpecsAgree(t *testing.T) {
	ids, err := framework.DryRun(t)
	if err != nil {
		t.Fatal(err)
	}
	reg := map[string]int{}
	for _, id := range ids {
		if id == "" {
			t.Errorf("a spec carries no catalog ID label")
		}
		reg[id]++
	}
	var missing []string
	for _, b := range suites.Catalog() {
		if reg[b.ID] == 0 {
			missing = append(missing, b.ID)
		}
		if !strings.HasPrefix(b.ID, idPrefix(b.Profile)) {
			t.Errorf("%s is in the %s catalog but does not start with %s", b.ID, b.Profile, idPrefix(b.Profile))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("catalog entries without a spec: %s", strings.Join(missing, ", "))
	}
	for id := range reg {
		if _, ok := suites.Lookup(id); !ok {
			t.Errorf("spec %s has no catalog entry", id)
		}
	}
	specLabelsAgree(t)
}

// specLabelsAgree holds framework.Selected (which decides before a run
// which specs a label filter selects, from the catalog alone) to the spec
// tree: every spec carries exactly framework.CatalogLabels - its profile,
// ID and catalog labels, and "timed" exactly when the catalog marks it
// slow.
func specLabelsAgree(t *testing.T) {
	got := framework.SpecLabelsOfLastRun()
	if len(got) == 0 {
		t.Fatal("the dry run reported no spec labels")
	}
	for _, b := range suites.Catalog() {
		labels, ok := got[b.ID]
		if !ok {
			continue // reported above
		}
		have := map[string]bool{}
		for _, l := range labels {
			have[l] = true
		}
		want := map[string]bool{}
		for _, l := range framework.CatalogLabels(b) {
			want[l] = true
			if !have[l] {
				t.Errorf("%s: the spec lacks the label %q (labels %v): a timeline spec must be marked slow in the catalog, and only those", b.ID, l, labels)
			}
		}
		for _, l := range labels {
			if !want[l] {
				t.Errorf("%s: the spec carries label %q, which framework.CatalogLabels does not give it (a timeline spec must be marked slow in the catalog)", b.ID, l)
			}
		}
	}
}

// Every catalog entry is killed by a fault that exists, or says why none can.
func TestCatalogFaultsExist(t *testing.T) {
	known := map[string]bool{}
	for _, d := range registry.All() {
		for _, f := range d.Faults {
			known[d.Name+":"+f.Name] = true
		}
	}
	for _, b := range suites.Catalog() {
		if len(b.KilledBy) == 0 && b.Unkillable == "" {
			t.Errorf("%s: neither killed_by nor unkillable", b.ID)
		}
		for _, k := range b.KilledBy {
			if !known[k] {
				t.Errorf("%s: killed_by names unknown fault %q", b.ID, k)
			}
		}
		if len(b.Authority) == 0 && b.Smell == "" {
			t.Errorf("%s: neither an authority nor a smell (TestCatalogAuthority checks the quotes)", b.ID)
		}
		if b.Severity != "FAILED" && b.Severity != "WARNING" {
			t.Errorf("%s: severity %q", b.ID, b.Severity)
		}
	}
}

// Every profile with a reference server has specs.
func TestEveryProfileHasSpecs(t *testing.T) {
	have := map[string]bool{}
	for _, p := range framework.Profiles() {
		have[p] = true
	}
	for _, n := range registry.Names() {
		if !have[n] {
			t.Errorf("profile %s has no registered spec package", n)
		}
	}
}

func idPrefix(profile string) string {
	switch profile {
	case "videntity":
		return "VID-"
	}
	return strings.ToUpper(profile) + "-"
}
