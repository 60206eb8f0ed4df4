package videntity

import (
	"os"
	"strings"
	"testing"
)

// TestProfileDocListsSettings keeps docs/profiles/videntity.md and the
// client's settings in step.
func TestProfileDocListsSettings(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/videntity.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for name, def := range Defaults() {
		if name == SettingSessionTTL {
			def = "30m"
		}
		if row := "| `" + name + "` | `" + def + "` |"; !strings.Contains(doc, row) {
			t.Errorf("setting %s with default %s is not in the profile's settings table (want a row starting %q)", name, def, row)
		}
	}
}
