package suggest

import (
	"reflect"
	"testing"
)

func TestClosest(t *testing.T) {
	labels := []string{"expiry", "negative", "security", "slow", "IRP-SKEW-001", "IRP-SKEW-002", "IRP-AUTH-001", "irp", "certna"}
	for _, c := range []struct {
		word string
		n    int
		want []string
	}{
		{"securty", 1, []string{"security"}},
		{"irp-skew-003", 2, []string{"IRP-SKEW-001", "IRP-SKEW-002"}},
		{"IRP-SKEW", 2, []string{"IRP-SKEW-001", "IRP-SKEW-002"}},
		{"certn", 1, []string{"certna"}},
		{"slow", 1, []string{"irp"}}, // the word itself is not suggested
		{"", 3, nil},
		{"slow", 0, nil},
	} {
		if got := Closest(c.word, labels, c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Closest(%q, %d) = %q, want %q", c.word, c.n, got, c.want)
		}
	}
	if got := Closest("a", []string{"B", "b", "c"}, 5); !reflect.DeepEqual(got, []string{"B", "c"}) {
		t.Errorf("duplicates ignoring case: %q", got)
	}
	if Phrase(nil) != "" || Phrase([]string{"a", "b"}) != "closest: a, b" {
		t.Errorf("Phrase: %q", Phrase([]string{"a", "b"}))
	}
}
