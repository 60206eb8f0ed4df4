package refkit

import (
	"fmt"
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
func (s FaultSet) Names() []string {
	out := make([]string, 0, len(s))
	for k, on := range s {
		if on {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// ParseFaults checks names against the faults a server knows and returns
// the set; an unknown name is an error that lists the known ones.
func ParseFaults(profile string, known []Fault, names []string) (FaultSet, error) {
	set := FaultSet{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		found := false
		for _, f := range known {
			if f.Name == n {
				found = true
				break
			}
		}
		if !found {
			all := make([]string, len(known))
			for i, f := range known {
				all[i] = f.Name
			}
			return nil, fmt.Errorf("%s: unknown fault %q (known: %s)", profile, n, strings.Join(all, ", "))
		}
		set[n] = true
	}
	return set, nil
}
