package load

import "github.com/authprobe/authprobe/results"

// Total reports whether t bounds a total of the whole run — tokens per
// second, the achieved rate in hits per second, or a count of errors —
// which one shard, sending 1/N of the rate, cannot judge. Latency and ratio
// gates (success, rate as a percentage of the requested rate) mean the same
// on a shard and on the whole.
func (t Threshold) Total() bool {
	switch t.Metric {
	case "tokens_per_s", "errors":
		return true
	case "rate":
		return !t.relative
	}
	return false
}

// evaluateScenario judges ts on s: on the whole run when shards <= 1;
// otherwise as one shard of it — a total is not evaluated (ScopeMerge,
// measured as this shard's share), the others are judged on this shard
// alone (ScopeShard). A shard's gates never break its run: merge judges
// them all on the whole.
func evaluateScenario(ts []Threshold, s summary, shards int) []results.ThresholdResult {
	if shards <= 1 {
		out, _, _ := evaluateAll(ts, s)
		return out
	}
	out := make([]results.ThresholdResult, 0, len(ts))
	for _, t := range ts {
		r := t.evaluate(s)
		r.Scope = results.ScopeShard
		if t.Total() {
			r.Scope, r.Passed = results.ScopeMerge, true
		}
		out = append(out, r)
	}
	return out
}

// stepThresholds are the gates a capacity step is held to: all of them,
// except, on a shard, the totals (a shard's step carries 1/N of the rate).
func stepThresholds(ts []Threshold, shards int) []Threshold {
	if shards <= 1 {
		return ts
	}
	var out []Threshold
	for _, t := range ts {
		if !t.Total() {
			out = append(out, t)
		}
	}
	return out
}
