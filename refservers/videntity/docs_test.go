package videntity_test

import (
	"os"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/videntity"
)

// TestProfileDocListsFaultsAndAccounts keeps docs/profiles/videntity.md and
// the server in step: every fault and every demo account is in the doc.
func TestProfileDocListsFaultsAndAccounts(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/videntity.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, f := range videntity.Faults {
		if !strings.Contains(doc, "| `"+f.Name+"` |") {
			t.Errorf("fault %s is not in the profile's fault table", f.Name)
		}
	}
	if n := strings.Count(doc, "\n| `") - 6; n != len(videntity.Faults) { // 6 settings rows
		t.Errorf("the doc's tables list %d faults, the server has %d", n, len(videntity.Faults))
	}
	for _, a := range videntity.DemoAccounts() {
		if !strings.Contains(doc, "| "+a.Username+" | "+a.Password+" | "+a.AccountNumber+" |") {
			t.Errorf("demo account %s is not in the profile's account table", a.Username)
		}
	}
}
