package framework

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/suites"
)

// FuzzParseExpected throws arbitrary bytes at the expected-failures parser:
// it never panics, and what it accepts lists only catalog IDs, each with a
// reason.
func FuzzParseExpected(f *testing.F) {
	f.Add([]byte("expected_failures:\n  - id: VID-LOGOUT-002\n    reason: vendor ticket 4711\n"))
	f.Add([]byte("expected_failures:\n  - id: NOPE-001\n    reason: x\n"))
	f.Add([]byte("expected_failures:\n  - id: VID-LOGOUT-002\n"))
	f.Add([]byte("expected_failures: []\n"))
	f.Add([]byte("expected_failures:\n  - &a {id: VID-LOGOUT-002, reason: r}\n  - *a\n"))
	f.Add([]byte("colour: blue\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := ParseExpected("known.yaml", raw)
		if err != nil {
			if !strings.Contains(err.Error(), "known.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for id, reason := range got {
			if _, ok := suites.Lookup(id); !ok || reason == "" {
				t.Fatalf("accepted %q with reason %q", id, reason)
			}
		}
	})
}
