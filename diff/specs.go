package diff

import "github.com/authprobe/authprobe/results"

type specKey struct{ profile, id string }

// compareSpecs fills the conformance part of r.
func compareSpecs(r *Report, base, new *results.Conformance) {
	baseSpecs := index(base)
	seen := map[specKey]bool{}
	if new != nil {
		for _, s := range new.Specs {
			k := specKey{s.Profile, s.ID}
			if seen[k] {
				continue
			}
			seen[k] = true
			b, ok := baseSpecs[k]
			if !ok {
				c := change(s.ID, s.Profile, s.Title, "", s.Verdict, s.Message)
				r.Added = append(r.Added, c)
				if s.Verdict.Fails(false) {
					r.NewFailures = append(r.NewFailures, c)
				}
				continue
			}
			classify(r, b, s)
		}
	}
	if base != nil {
		done := map[specKey]bool{}
		for _, s := range base.Specs {
			k := specKey{s.Profile, s.ID}
			if seen[k] || done[k] {
				continue
			}
			done[k] = true
			r.Removed = append(r.Removed, change(s.ID, s.Profile, s.Title, s.Verdict, "", s.Message))
		}
	}
}

// classify files a spec present in both runs under the right heading.
func classify(r *Report, b, n results.SpecResult) {
	if b.Verdict == n.Verdict {
		return
	}
	c := change(n.ID, n.Profile, n.Title, b.Verdict, n.Verdict, n.Message)
	bFails, nFails := b.Verdict.Fails(false), n.Verdict.Fails(false)
	switch {
	case nFails && !bFails:
		r.NewFailures = append(r.NewFailures, c)
	case bFails && !nFails && n.Verdict != results.Skipped:
		r.Fixed = append(r.Fixed, c)
		if n.Verdict == results.Warning {
			r.NewWarnings = append(r.NewWarnings, c)
		}
	case n.Verdict == results.Warning:
		r.NewWarnings = append(r.NewWarnings, c)
	case b.Verdict == results.Warning && !nFails:
		c.Message = b.Message
		r.GoneWarnings = append(r.GoneWarnings, c)
	default:
		r.Changed = append(r.Changed, c)
	}
}

func change(id, profile, title string, base, new results.Verdict, msg string) SpecChange {
	return SpecChange{ID: id, Profile: profile, Title: title, Base: base, New: new, Message: msg}
}

func index(c *results.Conformance) map[specKey]results.SpecResult {
	out := map[specKey]results.SpecResult{}
	if c == nil {
		return out
	}
	for _, s := range c.Specs {
		k := specKey{s.Profile, s.ID}
		if _, dup := out[k]; !dup {
			out[k] = s
		}
	}
	return out
}
