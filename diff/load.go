package diff

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/authprobe/authprobe/results"
)

type loadKey struct{ profile, name string }

func keyOf(l results.LoadResult) loadKey {
	name := l.Name
	if name == "" {
		name = l.Mode
	}
	return loadKey{l.Profile, name}
}

func (k loadKey) String() string {
	if k.profile == "" {
		return k.name
	}
	return k.name + " (" + k.profile + ")"
}

// compareLoad fills the load part of r.
func compareLoad(r *Report, base, new []results.LoadResult) {
	byKey := map[loadKey]results.LoadResult{}
	for _, l := range base {
		byKey[keyOf(l)] = l
	}
	seen := map[loadKey]bool{}
	for _, n := range new {
		k := keyOf(n)
		seen[k] = true
		b, ok := byKey[k]
		if !ok {
			r.LoadAdded = append(r.LoadAdded, k.String())
			continue
		}
		compareScenario(r, k, b, n)
	}
	for _, b := range base {
		if k := keyOf(b); !seen[k] {
			r.LoadRemoved = append(r.LoadRemoved, k.String())
		}
	}
}

func compareScenario(r *Report, k loadKey, b, n results.LoadResult) {
	if b.RequestedRate != n.RequestedRate && b.RequestedRate > 0 && n.RequestedRate > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: the requested rate changed (%g/s → %g/s), so latency and throughput are not like for like", k, b.RequestedRate, n.RequestedRate))
	}
	if b.Mode != n.Mode {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: the load mode changed (%s → %s)", k, b.Mode, n.Mode))
	}
	if n.Interrupted || b.Interrupted {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: a run of this scenario was interrupted", k))
	}
	l := r.Limits
	samples := min(b.Requests, n.Requests)
	latency := func(metric string, q, bv, nv float64, limit LatencyLimit) {
		if bv <= 0 {
			return // no base to compare against
		}
		ch := (nv - bv) / bv * 100
		floor := float64(limit.Floor) / float64(time.Millisecond)
		m := MetricChange{Scenario: k.name, Profile: k.profile, Metric: metric, Base: bv, New: nv,
			Change: ch, Limit: limit.Rise, Floor: floor, Samples: samples, MinSamples: l.MinSamples(q)}
		m.TooFewSamples = samples < m.MinSamples
		if m.TooFewSamples && limit.Enabled() {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: %s not judged: not enough samples (%d requests in the smaller run; %s needs %d for %d beyond it — run longer or at a higher rate)",
				k, metric, samples, strings.TrimSuffix(metric, "_ms"), m.MinSamples, l.MinTailSamples))
		}
		m.Regressed = limit.Enabled() && !m.TooFewSamples &&
			ch > float64(limit.Rise)+epsilon && nv-bv > floor+epsilon
		r.Load = append(r.Load, m)
	}
	throughput := func(metric string, bv, nv float64) {
		if bv <= 0 {
			return
		}
		ch := (nv - bv) / bv * 100
		r.Load = append(r.Load, MetricChange{Scenario: k.name, Profile: k.profile, Metric: metric, Base: bv, New: nv,
			Change: ch, Limit: l.ThroughputDrop, Regressed: l.ThroughputDrop.Enabled() && -ch > float64(l.ThroughputDrop)+epsilon})
	}
	latency("p50_ms", 0.50, b.Latency.P50, n.Latency.P50, l.P50Regression)
	latency("p95_ms", 0.95, b.Latency.P95, n.Latency.P95, l.P95Regression)
	latency("p99_ms", 0.99, b.Latency.P99, n.Latency.P99, l.P99Regression)
	throughput("tokens_per_second", b.TokensPerSec, n.TokensPerSec)
	throughput("achieved_rate", b.AchievedRate, n.AchievedRate)
	if b.MaxHeldRate > 0 && (n.MaxHeldRate > 0 || n.Mode == "capacity") {
		throughput("max_held_rate", b.MaxHeldRate, n.MaxHeldRate)
	}
	if b.Requests > 0 && n.Requests > 0 {
		ch := (n.SuccessRatio - b.SuccessRatio) * 100
		r.Load = append(r.Load, MetricChange{Scenario: k.name, Profile: k.profile, Metric: "success_ratio",
			Base: b.SuccessRatio, New: n.SuccessRatio, Change: ch, Limit: l.SuccessRatioDrop,
			Regressed: l.SuccessRatioDrop.Enabled() && -ch > float64(l.SuccessRatioDrop)+epsilon})
	}
}

// epsilon keeps a change exactly at the limit (10.000000001% from float
// arithmetic) from counting as beyond it.
const epsilon = 1e-9

// finite guards renderers against NaN and Inf from hand-edited reports.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
