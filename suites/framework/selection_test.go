package framework

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

func TestSelected(t *testing.T) {
	all, err := Selected([]string{"irp"}, "")
	if err != nil || len(all) == 0 {
		t.Fatalf("no filter: %d specs, %v", len(all), err)
	}
	for _, b := range all {
		if b.Profile != "irp" {
			t.Fatalf("a spec of %s selected for irp", b.Profile)
		}
	}
	one, _ := Selected([]string{"irp", "certna"}, "IRP-SKEW-001")
	if len(one) != 1 || one[0].ID != "IRP-SKEW-001" {
		t.Errorf("an ID selects its spec: %v", one)
	}
	sec, _ := Selected([]string{"irp"}, "security && !slow")
	if len(sec) == 0 || len(sec) >= len(all) {
		t.Errorf("security && !slow selected %d of %d", len(sec), len(all))
	}
	timed, _ := Selected([]string{"irp"}, "timed")
	slow, _ := Selected([]string{"irp"}, "slow")
	if len(timed) == 0 || len(timed) >= len(all) || fmt.Sprint(timed) != fmt.Sprint(slow) {
		t.Errorf("timed selects %d of %d specs, slow %d: want the same, some", len(timed), len(all), len(slow))
	}
	if none, _ := Selected([]string{"irp"}, "certna"); len(none) != 0 {
		t.Errorf("certna selected %d irp specs", len(none))
	}
	if _, err := Selected([]string{"irp"}, "(irp"); err == nil {
		t.Errorf("a bad filter is no error")
	}
}

// A filter that selects nothing is an error naming the filter and the
// closest labels and IDs; one that selects something is none.
func TestCheckSelection(t *testing.T) {
	for _, c := range []struct {
		profiles []string
		filter   string
		want     []string // "" means no error
	}{
		{[]string{"irp"}, "", nil},
		{[]string{"irp"}, "security && !slow", nil},
		{[]string{"irp", "certna"}, "IRP-SKEW-001", nil},
		{[]string{"irp"}, "nosuchlabel", []string{`--label-filter "nosuchlabel" selects no spec`, `no spec of this run has the label "nosuchlabel"`, "closest: "}},
		{[]string{"irp"}, "securty", []string{`"securty"`, "closest: security"}},
		{[]string{"irp"}, "irp && IRP-SKEW-01", []string{`"IRP-SKEW-01"`, "closest: IRP-SKEW-001"}},
		{[]string{"irp"}, "certna", []string{`the label "certna"`, "profiles irp"}},
		{[]string{"irp", "certna"}, "irp && certna", []string{"every label in it exists", "security", "slow"}},
		{[]string{"irp"}, "/^nothing-like-this$/", []string{"every label in it exists"}},
	} {
		err := CheckSelection("--label-filter", c.profiles, c.filter)
		if c.want == nil {
			if err != nil {
				t.Errorf("%q on %v: %v", c.filter, c.profiles, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q on %v: no error", c.filter, c.profiles)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q on %v: %q does not say %q", c.filter, c.profiles, err, w)
			}
		}
	}
}

func TestNotRun(t *testing.T) {
	specs := NotRun("certna", "!slow", "target certna is unreachable: connection refused")
	want, _ := Selected([]string{"certna"}, "!slow")
	if len(specs) == 0 || len(specs) != len(want) {
		t.Fatalf("%d NOT-RUN specs, want %d", len(specs), len(want))
	}
	for _, s := range specs {
		if s.Verdict != results.NotRun || s.Profile != "certna" || s.Reason == "" || s.Title == "" {
			t.Errorf("%+v", s)
		}
	}
}
