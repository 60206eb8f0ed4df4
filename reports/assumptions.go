package reports

import (
	"fmt"
	"sort"

	"github.com/authprobe/authprobe/results"
)

// assumptionLines says, for one target API, which settings pinned a choice
// the vendor leaves open and what the target chose where the specs accepted
// every legal form, one line each:
//
//	pinned invalid_token_code = InvalidToken
//	observed: invalid token on storechecksum → HTTP 401 refused code=InvalidToken
func assumptionLines(a results.TargetAPI) []string {
	var out []string
	names := make([]string, 0, len(a.Pinned))
	for n := range a.Pinned {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, fmt.Sprintf("pinned %s = %s", n, a.Pinned[n]))
	}
	for _, o := range a.Observed {
		line := fmt.Sprintf("observed: %s → %s", o.Situation, o.Answer)
		if o.Count > 1 {
			line += fmt.Sprintf(" (%d×)", o.Count)
		}
		out = append(out, line)
	}
	return out
}
