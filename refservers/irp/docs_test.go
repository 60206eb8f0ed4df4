package irp_test

import (
	"os"
	"strings"
	"testing"

	irps "github.com/authprobe/authprobe/refservers/irp"
)

// TestProfileDocListsFaultsAndAccounts keeps docs/profiles/irp.md and the
// server in step.
func TestProfileDocListsFaultsAndAccounts(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/irp.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, f := range irps.Faults {
		if !strings.Contains(doc, "| `"+f.Name+"` | ") {
			t.Errorf("fault %s is not in the profile's fault table", f.Name)
		}
	}
	for _, a := range irps.DemoAccounts() {
		if !strings.Contains(doc, "| `"+a.APIKey+"` | `"+a.SharedSecret+"` | ") {
			t.Errorf("demo account %s is not in the profile's account table", a.APIKey)
		}
	}
}
