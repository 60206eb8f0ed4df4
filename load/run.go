package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/results"
)

// Run runs one scenario and returns what it measured. When ctx is
// canceled the attack stops at once (in-flight requests are canceled) and
// Run returns what was measured so far with Interrupted set and a nil
// error. Errors are a scenario that fails its checks (safety caps
// included), a targeter or judge that cannot be built, a raw file that cannot be
// written, or a targeter that failed mid-run (the partial result is
// returned with that error).
func Run(ctx context.Context, sc Scenario, opts ...Option) (*results.LoadResult, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(o)
	}
	set, err := check(sc, o)
	if err != nil {
		return nil, err
	}
	sc = set.sc

	defer tuneGC()()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	hc, tr, err := newClient(runCtx, set)
	if err != nil {
		return nil, err
	}
	defer tr.CloseIdleConnections()
	maxBody := sc.Target.MaxBody
	if maxBody <= 0 {
		maxBody = wire.DefaultMaxBody
	}
	api, err := sc.API(sc.Target, Env{
		HTTP:             hc,
		Context:          runCtx,
		MaxBody:          maxBody,
		WrongCredentials: sc.Expect != ExpectToken,
		Now:              time.Now,
	})
	if err == nil && (api.Targeter == nil || api.Judge == nil) {
		err = fmt.Errorf("profile %s: the factory built no targeter or no judge", sc.Target.Profile)
	}
	if err != nil {
		return nil, fmt.Errorf("load scenario %q: %w", sc.Name, err)
	}
	expect := ExpectToken
	if sc.Expect != ExpectToken {
		if expect, err = api.Judge.Code(sc.Expect); err != nil {
			return nil, fmt.Errorf("load scenario %q: %w", sc.Name, err)
		}
	}
	steps := newStepTimer(api.Steps)
	if steps != nil {
		tr.steps.Store(steps)
	}

	r := &runner{set: set, opts: o, hc: hc, targeter: api.Targeter, judge: api.Judge, expect: expect, maxBody: maxBody}
	if sc.RawFile != "" || o.raw != nil {
		if r.raw, err = openRaw(sc.RawFile, o.raw, o.rawFormat); err != nil {
			return nil, fmt.Errorf("load scenario %q: %w", sc.Name, err)
		}
	}
	if sc.Mode != ModeCapacity {
		r.seriesLen = int((sc.Duration + time.Second - 1) / time.Second)
	}
	r.series = newSeries(r.seriesLen, set.timeout, o.seriesHDR || sc.Shard.count() > 1)

	res := &results.LoadResult{
		Name:    sc.Name,
		Profile: sc.Target.Profile,
		Mode:    string(sc.Mode),
		Expect:  expect,
		Shard:   sc.Shard.String(),
		Model:   results.ModelOpen,
	}
	if sc.Mode == ModeMax {
		res.Model, res.Workers = results.ModelClosed, sc.Workers
	}
	agg := newMetrics(time.Time{})
	if err := r.execute(runCtx, agg, res); err != nil {
		_ = r.raw.close()
		return nil, err
	}
	if o.inspect != nil {
		o.inspect(agg)
	}
	if err := fill(res, agg, r.series, steps, res.Interrupted); err != nil {
		_ = r.raw.close()
		return nil, err
	}
	return res, errors.Join(r.targeterErr(), r.raw.close())
}

// execute runs the scenario's attacks into agg and fills what depends on
// the mode: requested rate, thresholds, capacity steps, interruption.
func (r *runner) execute(ctx context.Context, agg *metrics, res *results.LoadResult) error {
	sc := r.set.sc
	shards := sc.Shard.count()
	var last pacing
	switch sc.Mode {
	case ModeConstant, ModeRamp, ModeMax:
		du, hits := sc.Duration, sc.Hits
		switch sc.Mode {
		case ModeRamp:
			last = linearPacing(sc.From.share(shards), sc.To.share(shards), sc.Duration)
		case ModeMax:
			last = maxPacing()
		default:
			rate := sc.Rate.share(shards)
			last = constantPacing(rate)
			if planned := scheduled(rate, du); planned > 0 && (hits == 0 || planned < hits) {
				// The schedule's hits, all of them: vegeta ends an attack
				// when it finds its duration passed, which drops the last
				// hits of a schedule it is running late on (a busy machine).
				// (No hit scheduled: hits = 0 would lift the bound.)
				hits, du = planned, du+min(time.Second, du/10)
			}
		}
		if du == 0 {
			// bounded by the hits; the planned time (the duration cap in
			// max mode) bounds the run too, with a second's slack for a
			// paced run
			du = r.set.plannedTime
			if sc.Mode != ModeMax {
				du += time.Second
			}
		}
		res.Interrupted = r.attack(ctx, upTo(last, hits), du, span{length: r.seriesLen}, agg)
		res.RequestedRate = round3(last.rate)
		res.Thresholds = evaluateScenario(r.set.thresholds, agg.summary(last.rate), shards)
	case ModeCapacity:
		co, err := r.capacity(ctx, agg)
		if err != nil {
			return err
		}
		last = constantPacing(perSecond(co.steps[len(co.steps)-1].Rate))
		res.Steps, res.MaxHeldRate, res.Thresholds = co.steps, co.maxHeld, co.thresholds
		res.RequestedRate = round3(co.requested)
		res.Interrupted = co.interrupted
		agg.start = r.start // the aggregate spans every step
	}
	r.report(time.Now(), last, r.start, span{}, agg, 0, true)
	return nil
}

// newClient builds the HTTP client of the run: the target's TLS settings,
// the transport that times, tags and cancels exchanges, and no client-side
// timeout (the transport applies it per exchange, so that an interruption
// cancels in-flight requests too).
func newClient(run context.Context, set *settings) (*http.Client, *transport, error) {
	t := set.sc.Target
	base, err := wire.NewHTTPClient(wire.ClientOptions{
		Timeout:            set.timeout,
		CAFile:             t.TLS.CAFile,
		InsecureSkipVerify: t.TLS.InsecureSkipVerify,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load scenario %q: target %s: %w", set.sc.Name, t.Name, err)
	}
	if ht, ok := base.Transport.(*http.Transport); ok {
		tuneTransport(ht, set.sc.MaxWorkers)
	}
	maxBody := t.MaxBody
	if maxBody <= 0 {
		maxBody = wire.DefaultMaxBody
	}
	tr := &transport{base: base.Transport, run: run, timeout: set.timeout, maxBody: maxBody}
	tr.lean = newLeanTransport(run, t.BaseURL, min(set.timeout, 5*time.Second), int(min(max(set.sc.MaxWorkers, 1024), 1<<16)))
	return &http.Client{Transport: tr, CheckRedirect: base.CheckRedirect}, tr, nil
}

// fill writes the run-wide metrics into res.
func fill(res *results.LoadResult, agg *metrics, s *series, steps *stepTimer, interrupted bool) error {
	res.Requests = agg.requests
	res.Successes = agg.successes
	res.SuccessRatio = agg.successRatio()
	res.AchievedRate = round3(agg.achievedRate())
	res.TokensPerSec = round3(agg.tokensPerSec())
	res.Duration = results.Duration(agg.span())
	res.Latency = latencyOf(agg.hist)
	res.StatusCodes = statusMap(agg.status)
	res.Codes = codeMap(agg.codes)
	res.Errors = kindMap(agg.kinds)
	res.Series = s.finish(interrupted)
	if s.err != nil {
		return s.err
	}
	res.Histogram = buckets(agg.hist)
	enc, err := encode(agg.hist)
	if err != nil {
		return err
	}
	res.HDR = enc
	res.StepLatency, res.StepHDR, err = steps.latencies()
	return err
}
