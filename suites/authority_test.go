package suites

import (
	"strings"
	"testing"
)

// Every catalog entry that can FAIL a target rests on a quote of the
// vendor's page or of profiles.md, and every quote is verbatim in the text
// it names: our own docs and reference servers are not authorities.
func TestCatalogAuthority(t *testing.T) {
	var problems []string
	for _, b := range Catalog() {
		for _, err := range b.CheckAuthority() {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		t.Errorf("%d catalog authority problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}
