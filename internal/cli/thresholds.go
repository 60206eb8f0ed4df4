package cli

import (
	"fmt"
	"io"

	"github.com/authprobe/authprobe/results"
)

// printThresholds prints a scenario's gates. A shard's gates are labelled:
// latency and ratio gates as judged on this shard alone, gates on totals
// as left to authprobe merge (never BROKEN on a shard).
func printThresholds(w io.Writer, r *results.LoadResult) {
	if r.Shard != "" && len(r.Thresholds) > 0 {
		fmt.Fprintf(w, "  shard %s: thresholds are judged on the whole run by authprobe merge; per-shard values below are informative\n", r.Shard)
	}
	for _, t := range r.Thresholds {
		switch t.Scope {
		case results.ScopeMerge:
			fmt.Fprintf(w, "  threshold merge  %-22s not judged on a shard (a total; this shard: %.3f%s)\n", t.Expr, t.Measured, t.Unit)
		case results.ScopeShard:
			mark := "ok  "
			if !t.Passed {
				mark = "over"
			}
			fmt.Fprintf(w, "  threshold per-shard %s %-22s measured %.3f%s on this shard\n", mark, t.Expr, t.Measured, t.Unit)
		default:
			mark := "ok    "
			if !t.Passed {
				mark = "BROKEN"
			}
			fmt.Fprintf(w, "  threshold %s %-22s measured %.3f%s\n", mark, t.Expr, t.Measured, t.Unit)
		}
	}
}
