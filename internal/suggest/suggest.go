// Package suggest finds the known names closest to a mistyped one, for
// errors that say "did you mean …".
package suggest

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns up to n of candidates nearest to word by edit distance,
// ignoring case, nearest first (ties in candidate order). A candidate that
// starts with word, or that word starts with, is as near as the length
// difference (the edit distance of a prefix). Duplicates (ignoring case) are
// listed once.
func Closest(word string, candidates []string, n int) []string {
	w := strings.ToLower(strings.TrimSpace(word))
	if n <= 0 || w == "" {
		return nil
	}
	type scored struct {
		name string
		dist int
	}
	seen := map[string]bool{}
	var list []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if c == "" || seen[lc] || lc == w {
			continue
		}
		seen[lc] = true
		list = append(list, scored{c, levenshtein.ComputeDistance(w, lc)})
	}
	// Stable: ties keep candidate order.
	sort.SliceStable(list, func(i, j int) bool { return list[i].dist < list[j].dist })
	var out []string
	for _, s := range list {
		if len(out) == n {
			break
		}
		out = append(out, s.name)
	}
	return out
}

// Phrase renders names as "closest: a, b, c", or "" when there are none.
func Phrase(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return "closest: " + strings.Join(names, ", ")
}
