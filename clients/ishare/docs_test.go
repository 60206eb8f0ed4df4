package ishare

import (
	"os"
	"strings"
	"testing"
)

// TestProfileDocListsSettings keeps docs/profiles/ishare.md and the
// client's settings in step.
func TestProfileDocListsSettings(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/ishare.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for name, def := range Defaults() {
		cell := "`" + def + "`"
		if def == "" {
			cell = "(none)"
		}
		if row := "| `" + name + "` | " + cell + " |"; !strings.Contains(doc, row) {
			t.Errorf("setting %s with default %q is not in the profile's settings table (want a row starting %q)", name, def, row)
		}
	}
	for code, desc := range Descriptions {
		if row := "| " + code + " | " + desc + " |"; !strings.Contains(doc, row) {
			t.Errorf("error %s is not in the profile's error table (want %q)", code, row)
		}
	}
}
