package ishare_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/ishare"
)

// TestProfileDocListsFaultsAndAccounts keeps docs/profiles/ishare.md and
// the server in step: every fault and every demo account is in the doc,
// and the fault table lists nothing else.
func TestProfileDocListsFaultsAndAccounts(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/ishare.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	_, faultTable, ok := strings.Cut(doc, "\n## Faults\n")
	if !ok {
		t.Fatal("the profile has no Faults section")
	}
	faultTable, _, _ = strings.Cut(faultTable, "\n## ")
	for _, f := range ishare.Faults {
		if !strings.Contains(faultTable, "\n| `"+f.Name+"` | ") {
			t.Errorf("fault %s is not in the profile's fault table", f.Name)
		}
	}
	if n := strings.Count(faultTable, "\n| `"); n != len(ishare.Faults) {
		t.Errorf("the doc's fault table lists %d faults, the server has %d", n, len(ishare.Faults))
	}
	for _, a := range ishare.DemoAccounts() {
		row := fmt.Sprintf("| `%s` | `%s` | `%s` | %d |", a.Username, a.Password, a.Key, a.ClientID)
		if !strings.Contains(doc, row) {
			t.Errorf("demo account %s is not in the profile's account table (want a row starting %q)", a.Username, row)
		}
	}
	if !strings.Contains(doc, fmt.Sprintf("%d minutes after its creation", int(ishare.DefaultTTL.Minutes()))) {
		t.Errorf("the doc does not state the reference's %s session lifetime", ishare.DefaultTTL)
	}
}
