package videntity_test

import (
	"os"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// section returns the text of a "## name" section of doc.
func section(doc, name string) string {
	_, rest, ok := strings.Cut(doc, "\n## "+name+"\n")
	if !ok {
		return ""
	}
	body, _, _ := strings.Cut(rest, "\n## ")
	return body
}

// TestProfileDocListsFaultsDialectsSettingsAndAccounts keeps
// docs/profiles/videntity.md and the server in step: every fault, dialect,
// setting and demo account is in the doc, and nothing else is.
func TestProfileDocListsFaultsDialectsSettingsAndAccounts(t *testing.T) {
	b, err := os.ReadFile("../../docs/profiles/videntity.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	tables := []struct {
		section string
		names   []string
	}{
		{"Faults", nil}, {"Dialects", nil}, {"Settings", nil},
	}
	for _, f := range videntity.Faults {
		tables[0].names = append(tables[0].names, f.Name)
	}
	for _, d := range videntity.Dialects {
		tables[1].names = append(tables[1].names, d.Name)
	}
	for _, s := range client.Table.Settings {
		tables[2].names = append(tables[2].names, s.Name)
	}
	for _, tb := range tables {
		sec := section(doc, tb.section)
		if sec == "" {
			t.Errorf("the doc has no %q section", tb.section)
			continue
		}
		for _, n := range tb.names {
			if !strings.Contains(sec, "| `"+n+"` ") {
				t.Errorf("%s: %s is not in the table", tb.section, n)
			}
		}
		if rows := strings.Count(sec, "\n| `"); rows != len(tb.names) {
			t.Errorf("%s: the doc's table has %d rows, the code %d", tb.section, rows, len(tb.names))
		}
	}
	for _, a := range videntity.DemoAccounts() {
		if !strings.Contains(doc, "| "+a.Username+" | "+a.Password+" | "+a.AccountNumber+" |") {
			t.Errorf("demo account %s is not in the profile's account table", a.Username)
		}
	}
	open := section(doc, "Open choices")
	for _, d := range videntity.Dialects {
		if !strings.Contains(open, "`"+d.Name+"`") {
			t.Errorf("dialect %s is not named in the Open choices table", d.Name)
		}
	}
	for _, s := range client.Table.Settings {
		if s.Pin && !strings.Contains(open, "`"+s.Name+"`") {
			t.Errorf("pin %s is not named in the Open choices table", s.Name)
		}
	}
}
