package load

import (
	"context"
	"net"
	"net/http"
	"time"
)

// stopAfter is an unpaced vegeta pacer that stops after n hits.
type stopAfter struct{ n uint64 }

func (p stopAfter) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	return 0, hits >= p.n
}
func (stopAfter) Rate(time.Duration) float64 { return 0 }

// HitCounts is what RunHits measured.
type HitCounts struct{ Requests, Successes, Errors uint64 }

// RunHits sends n unpaced hits of sc through the runner's own hit path
// (targeter, vegeta attacker, transport, classification, recording) with
// the network replaced by rt (nil: the real network): the benchmarks' way
// to measure one hit.
func RunHits(ctx context.Context, sc Scenario, rt http.RoundTripper, n uint64) (HitCounts, error) {
	return runHits(ctx, sc, rt, nil, false, n)
}

// RunHitsConn is RunHits with the network replaced below HTTP: every
// connection is made by dial, and the HTTP exchanges go over the lean
// transport (lean) or net/http's (not lean).
func RunHitsConn(ctx context.Context, sc Scenario, dial func(ctx context.Context, network, addr string) (net.Conn, error), lean bool, n uint64) (HitCounts, error) {
	return runHits(ctx, sc, nil, dial, lean, n)
}

func runHits(ctx context.Context, sc Scenario, rt http.RoundTripper, dial func(ctx context.Context, network, addr string) (net.Conn, error), lean bool, n uint64) (HitCounts, error) {
	o := defaultOptions()
	set, err := check(sc, o)
	if err != nil {
		return HitCounts{}, err
	}
	sc = set.sc
	hc, tr, err := newClient(ctx, set)
	if err != nil {
		return HitCounts{}, err
	}
	switch {
	case rt != nil:
		tr.base, tr.lean = rt, nil
	case dial != nil && lean:
		tr.lean.dialHook = dial
	case dial != nil:
		tr.base.(*http.Transport).DialContext = dial
		tr.lean = nil
	}
	api, err := sc.API(sc.Target, Env{HTTP: hc, Context: ctx, MaxBody: 1 << 20, Now: time.Now})
	if err != nil {
		return HitCounts{}, err
	}
	r := &runner{set: set, opts: o, hc: hc, targeter: api.Targeter, judge: api.Judge, expect: ExpectToken, maxBody: 1 << 20}
	r.seriesLen = 1
	r.series = newSeries(1, set.timeout, false)
	m := newMetrics(time.Time{})
	p := pacing{pacer: stopAfter{n}, at: func(uint64) time.Duration { return 0 }}
	r.attack(ctx, p, 0, span{length: 1}, m)
	return HitCounts{m.requests, m.successes, m.errors}, r.targeterErr()
}
