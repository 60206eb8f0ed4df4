package load

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/authprobe/authprobe/results"
)

// capacitySteps is how many rates a search may try: From, From+Step, … up
// to Max.
func capacitySteps(c Capacity) int {
	n := math.Floor((c.Max.PerSecond()-c.From.PerSecond())/c.Step.PerSecond()+1e-9) + 1
	if n < 1 {
		return 1
	}
	return int(n)
}

// capacityOutcome is what a capacity search found.
type capacityOutcome struct {
	steps       []results.CapacityStep
	maxHeld     float64
	thresholds  []results.ThresholdResult
	requested   float64 // mean requested rate over the steps run
	interrupted bool
}

// capacity steps the rate up from Capacity.From by Capacity.Step, holding
// each rate for StepDuration, until a step breaks: its achieved rate falls
// below MinAchieved of the requested one, its success ratio below
// MinSuccess, or a threshold fails. Every step's hits also go into agg.
// The thresholds reported for the run are those of the highest step that
// held (or of the first step, when none did).
func (r *runner) capacity(ctx context.Context, agg *metrics) (capacityOutcome, error) {
	var out capacityOutcome
	c := r.set.sc.Capacity
	shards := r.set.sc.Shard.count()
	n := capacitySteps(c)
	var rateSum float64
	for i := 0; i < n; i++ {
		total := c.From.PerSecond() + float64(i)*c.Step.PerSecond()
		p := constantPacing(perSecond(total).share(shards))
		m := newMetrics(time.Now())
		sp := span{step: i + 1, offset: i * r.set.stepSecs, length: r.set.stepSecs}
		interrupted := r.attack(ctx, p, c.StepDuration, sp, m)
		agg.merge(m)
		r.doneReq, r.doneSucc, r.doneErr = agg.requests, agg.successes, agg.errors
		rateSum += p.rate

		sum := m.summary(p.rate)
		_, passed, broken := evaluateAll(stepThresholds(r.set.thresholds, shards), sum)
		thr := evaluateScenario(r.set.thresholds, sum, shards)
		st := results.CapacityStep{
			Rate:         round3(p.rate),
			AchievedRate: round3(sum.AchievedRate),
			SuccessRatio: sum.SuccessRatio,
			P99:          sum.Latency.P99,
			Requests:     m.requests,
			Successes:    m.successes,
			Errors:       m.errors,
		}
		if r.series.keepHDR { // shards only, as for the series
			enc, err := encode(m.hist)
			if err != nil {
				return out, err
			}
			st.HDR = enc
		}
		switch {
		case interrupted:
			st.Broken = "interrupted"
		case sum.AchievedRate < c.MinAchieved*p.rate:
			st.Broken = fmt.Sprintf("achieved %.1f/s, below %g%% of the requested %.1f/s", sum.AchievedRate, c.MinAchieved*100, p.rate)
		case sum.SuccessRatio < c.MinSuccess:
			st.Broken = fmt.Sprintf("success %.3f%%, below %g%%", sum.SuccessRatio*100, c.MinSuccess*100)
		case !passed:
			st.Broken = "threshold " + broken
		default:
			st.Held = true
		}
		out.steps = append(out.steps, st)
		if st.Held {
			out.maxHeld, out.thresholds = st.Rate, thr
		} else if out.thresholds == nil {
			out.thresholds = thr
		}
		if interrupted {
			out.interrupted = true
		}
		if !st.Held {
			break
		}
	}
	out.requested = rateSum / float64(len(out.steps))
	return out, nil
}
