package refkit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Fault is a named defect a reference server can be started with. Each
// fault breaks exactly one documented behaviour; Breaks says which, in a
// tester's words. The catalog's killed_by lists the specs it must fail.
type Fault struct {
	Name   string `json:"name" yaml:"name"`
	Breaks string `json:"breaks" yaml:"breaks"`
}

// FaultSet is the set of faults a server runs with. The zero value has no
// fault.
type FaultSet map[string]bool

// Has reports whether the fault is on.
func (s FaultSet) Has(name string) bool { return s[name] }

// Names returns the faults that are on, sorted.
func (s FaultSet) Names() []string { return onNames(s) }

// ParseFaults checks names against the faults a server knows and returns
// the set; an unknown name is an error that lists the known ones.
func ParseFaults(profile string, known []Fault, names []string) (FaultSet, error) {
	all := make([]string, len(known))
	for i, f := range known {
		all[i] = f.Name
	}
	set, err := parseNames(profile, "fault", all, names, false)
	return FaultSet(set), err
}

// onNames returns the names a set has on, sorted.
func onNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k, on := range set {
		if on {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// parseNames checks names against known (what: "fault" or "dialect") and
// returns the set of those named; with allowAll, "all" names every one.
func parseNames(profile, what string, known, names []string, allowAll bool) (map[string]bool, error) {
	set := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
			continue
		case allowAll && n == AllDialects:
			for _, k := range known {
				set[k] = true
			}
			continue
		}
		if !slices.Contains(known, n) {
			hint := ""
			if allowAll {
				hint = ", or " + AllDialects
			}
			return nil, fmt.Errorf("%s: unknown %s %q (known: %s%s)", profile, what, n, strings.Join(known, ", "), hint)
		}
		set[n] = true
	}
	return set, nil
}
