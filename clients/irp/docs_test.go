package irp

import (
	"os"
	"strings"
	"testing"
)

// TestProfileDocListsSettings keeps docs/profiles/irp.md and Table in step.
func TestProfileDocListsSettings(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/irp.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Table.Settings {
		def := "`" + s.Default + "`"
		if s.Default == "" {
			def = "(unset)"
		}
		if row := "| `" + s.Name + "` | " + def + " |"; !strings.Contains(string(b), row) {
			t.Errorf("setting %s is not in the profile's settings table (want a row starting %q)", s.Name, row)
		}
	}
}
