package load

import (
	"errors"
	"fmt"
	"strings"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/authprobe/authprobe/results"
)

// Merge combines the results of shards of one scenario run at the same
// time (each with Scenario.Shard i/N) into the result of the whole run.
// It is exact: latency histograms (run, steps, each second, each capacity
// step) are decoded and added, counters summed, rates summed, series
// added second by second, and every percentile recomputed from the merged
// histograms; thresholds are re-evaluated on the merged figures. A series
// point that lacks its histogram (a result not produced as a shard) is
// merged approximately: p50 as the request-weighted mean, p99 as the
// maximum. Capacity steps merge index by index, from their histograms
// (kept only in shard results); a merged step held only if it held in
// every shard.
func Merge(rs ...*results.LoadResult) (*results.LoadResult, error) {
	if len(rs) == 0 {
		return nil, errors.New("load merge: no results")
	}
	first := rs[0]
	seen := map[string]bool{}
	for i, r := range rs {
		switch {
		case r == nil:
			return nil, fmt.Errorf("load merge: result %d is nil", i+1)
		case r.Profile != first.Profile || r.Mode != first.Mode || r.Expect != first.Expect || r.Model != first.Model:
			return nil, fmt.Errorf("load merge: result %d is %s/%s/expect %s/model %q, result 1 is %s/%s/expect %s/model %q: not shards of one scenario",
				i+1, r.Profile, r.Mode, r.Expect, r.Model, first.Profile, first.Mode, first.Expect, first.Model)
		case r.Shard != "" && seen[r.Shard]:
			return nil, fmt.Errorf("load merge: shard %s given twice", r.Shard)
		}
		seen[r.Shard] = true
	}
	out := &results.LoadResult{
		Name: first.Name, Profile: first.Profile, Mode: first.Mode, Expect: first.Expect, Model: first.Model,
		StatusCodes: map[string]uint64{},
	}
	h := newHist()
	codes, errs := map[string]uint64{}, map[string]uint64{}
	var duration time.Duration
	for i, r := range rs {
		if err := mergeHDR(h, r.HDR, r.Requests > 0, fmt.Sprintf("result %d", i+1)); err != nil {
			return nil, err
		}
		out.Requests += r.Requests
		out.Workers += r.Workers
		out.Successes += r.Successes
		out.RequestedRate += r.RequestedRate
		out.AchievedRate += r.AchievedRate
		out.TokensPerSec += r.TokensPerSec
		out.Interrupted = out.Interrupted || r.Interrupted
		if d := time.Duration(r.Duration); d > duration {
			duration = d
		}
		addCounts(out.StatusCodes, r.StatusCodes)
		addCounts(codes, r.Codes)
		addCounts(errs, r.Errors)
	}
	out.RequestedRate = round3(out.RequestedRate)
	out.AchievedRate = round3(out.AchievedRate)
	out.TokensPerSec = round3(out.TokensPerSec)
	out.Duration = results.Duration(duration)
	out.SuccessRatio = ratio(out.Successes, out.Requests)
	out.Codes = codeMap(codes)
	out.Errors = codeMap(errs)
	out.Latency = latencyOf(h)
	out.Histogram = buckets(h)
	enc, err := encode(h)
	if err != nil {
		return nil, err
	}
	out.HDR = enc

	if out.StepLatency, out.StepHDR, err = mergeStepLatency(rs); err != nil {
		return nil, err
	}
	if out.Series, err = mergeSeries(rs); err != nil {
		return nil, err
	}
	if out.Steps, err = mergeSteps(rs); err != nil {
		return nil, err
	}
	return out, rejudge(out, rs)
}

// mergeHDR decodes enc and adds it to h; required says an empty enc is an
// error (the result has hits but no histogram to merge).
func mergeHDR(h *hdr.Histogram, enc string, required bool, what string) error {
	if enc == "" {
		if required {
			return fmt.Errorf("load merge: %s has hits but no encoded histogram: cannot merge exactly", what)
		}
		return nil
	}
	d, err := decode(enc)
	if err != nil {
		return fmt.Errorf("load merge: %s: %w", what, err)
	}
	if dropped := h.Merge(d); dropped > 0 {
		return fmt.Errorf("load merge: %s: %d values outside the histogram's range", what, dropped)
	}
	return nil
}

func addCounts(dst, src map[string]uint64) {
	for k, v := range src {
		dst[k] += v
	}
}

func mergeStepLatency(rs []*results.LoadResult) (map[string]results.Latency, map[string]string, error) {
	hs := map[string]*hdr.Histogram{}
	for i, r := range rs {
		for _, name := range sortedKeys(r.StepLatency) {
			if hs[name] == nil {
				hs[name] = newHist()
			}
			if err := mergeHDR(hs[name], r.StepHDR[name], true, fmt.Sprintf("result %d step %s", i+1, name)); err != nil {
				return nil, nil, err
			}
		}
	}
	if len(hs) == 0 {
		return nil, nil, nil
	}
	lat, enc := map[string]results.Latency{}, map[string]string{}
	for name, h := range hs {
		lat[name] = latencyOf(h)
		e, err := encode(h)
		if err != nil {
			return nil, nil, err
		}
		enc[name] = e
	}
	return lat, enc, nil
}

// mergeSeries adds the series second by second.
func mergeSeries(rs []*results.LoadResult) ([]results.SeriesPoint, error) {
	n := 0
	for _, r := range rs {
		n = max(n, len(r.Series))
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]results.SeriesPoint, n)
	for sec := range out {
		p := &out[sec]
		p.Second = sec
		exact := true
		h := newSeriesHist()
		var weighted float64
		for i, r := range rs {
			if sec >= len(r.Series) {
				continue
			}
			q := r.Series[sec]
			p.Requests += q.Requests
			p.Successes += q.Successes
			p.Max = max(p.Max, q.Max)
			p.P99 = max(p.P99, q.P99)
			weighted += q.P50 * float64(q.Requests)
			if q.Requests == 0 {
				continue
			}
			if q.HDR == "" {
				exact = false
				continue
			}
			if err := mergeHDR(h, q.HDR, true, fmt.Sprintf("result %d second %d", i+1, sec)); err != nil {
				return nil, err
			}
		}
		switch {
		case p.Requests == 0:
		case exact && h.TotalCount() > 0:
			q := h.ValueAtPercentilesSlice([]float64{50, 99})
			p.P50, p.P99 = min(ms(q[0]), p.Max), min(ms(q[1]), p.Max)
			enc, err := encode(h)
			if err != nil {
				return nil, err
			}
			p.HDR = enc
		default:
			p.P50 = round3(weighted / float64(p.Requests))
		}
	}
	return out, nil
}

// mergeSteps merges capacity steps index by index, up to the first step
// that did not hold in every shard.
func mergeSteps(rs []*results.LoadResult) ([]results.CapacityStep, error) {
	n := 0
	for _, r := range rs {
		n = max(n, len(r.Steps))
	}
	var out []results.CapacityStep
	for i := 0; i < n; i++ {
		st := results.CapacityStep{Held: true}
		h := newHist()
		var reasons []string
		for j, r := range rs {
			if i >= len(r.Steps) {
				st.Held = false
				reasons = append(reasons, fmt.Sprintf("shard %s stopped before this step", shardName(r, j)))
				continue
			}
			s := r.Steps[i]
			st.Rate += s.Rate
			st.AchievedRate += s.AchievedRate
			st.Requests += s.Requests
			st.Successes += s.Successes
			st.Errors += s.Errors
			if !s.Held {
				st.Held = false
				reasons = append(reasons, fmt.Sprintf("shard %s: %s", shardName(r, j), s.Broken))
			}
			if err := mergeHDR(h, s.HDR, s.Requests > 0, fmt.Sprintf("result %d capacity step %d (capacity results merge only as shards)", j+1, i+1)); err != nil {
				return nil, err
			}
		}
		st.Rate, st.AchievedRate = round3(st.Rate), round3(st.AchievedRate)
		st.SuccessRatio = ratio(st.Successes, st.Requests)
		st.P99 = latencyOf(h).P99
		enc, err := encode(h)
		if err != nil {
			return nil, err
		}
		st.HDR = enc
		st.Broken = strings.Join(reasons, "; ")
		out = append(out, st)
		if !st.Held {
			break
		}
	}
	return out, nil
}

func shardName(r *results.LoadResult, i int) string {
	if r.Shard != "" {
		return r.Shard
	}
	return fmt.Sprintf("#%d", i+1)
}

// rejudge re-evaluates the shards' thresholds on the merged result and
// sets MaxHeldRate.
func rejudge(out *results.LoadResult, rs []*results.LoadResult) error {
	var exprs []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, t := range r.Thresholds {
			if !seen[t.Expr] {
				seen[t.Expr] = true
				exprs = append(exprs, t.Expr)
			}
		}
	}
	ths, err := ParseThresholds(exprs)
	if err != nil {
		return fmt.Errorf("load merge: %w", err)
	}
	sum := summary{
		Latency: out.Latency, SuccessRatio: out.SuccessRatio, TokensPerSec: out.TokensPerSec,
		AchievedRate: out.AchievedRate, RequestedRate: out.RequestedRate, Errors: sumCounts(out.Errors),
	}
	if out.Mode == string(ModeCapacity) && len(out.Steps) > 0 {
		pick := 0
		for i, s := range out.Steps {
			if s.Held {
				pick = i
				out.MaxHeldRate = s.Rate
			}
		}
		s := out.Steps[pick]
		lat := results.Latency{}
		if s.HDR != "" {
			h, err := decode(s.HDR)
			if err != nil {
				return fmt.Errorf("load merge: %w", err)
			}
			lat = latencyOf(h)
		}
		sum = summary{
			Latency: lat, SuccessRatio: s.SuccessRatio, TokensPerSec: s.AchievedRate * s.SuccessRatio,
			AchievedRate: s.AchievedRate, RequestedRate: s.Rate, Errors: s.Errors,
		}
	}
	out.Thresholds, _, _ = evaluateAll(ths, sum)
	return nil
}

func sumCounts(m map[string]uint64) uint64 {
	var n uint64
	for _, v := range m {
		n += v
	}
	return n
}
