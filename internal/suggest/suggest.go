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
// starts with word, or that word starts with, counts as near as the
// length difference. Duplicates (ignoring case) are listed once.
func Closest(word string, candidates []string, n int) []string {
	w := strings.ToLower(strings.TrimSpace(word))
	if n <= 0 || w == "" {
		return nil
	}
	type scored struct {
		name string
		dist int
		pos  int
	}
	seen := map[string]bool{}
	var list []scored
	for i, c := range candidates {
		lc := strings.ToLower(c)
		if c == "" || seen[lc] || lc == w {
			continue
		}
		seen[lc] = true
		d := levenshtein.ComputeDistance(w, lc)
		if strings.HasPrefix(lc, w) || strings.HasPrefix(w, lc) {
			d = min(d, abs(len(lc)-len(w)))
		}
		list = append(list, scored{c, d, i})
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].dist != list[j].dist {
			return list[i].dist < list[j].dist
		}
		return list[i].pos < list[j].pos
	})
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

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
