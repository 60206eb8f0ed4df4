package framework

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/authprobe/authprobe/config"
)

// Timeline is a spec that needs sessions to age: steps at offsets from its
// start (login at 0, ping at 20m, check at 40m), then assertions.
//
// With clock: controlled the steps run one after another and the target's
// clock is advanced between them, so a 30-minute expiry takes milliseconds.
// With clock: real every timeline of the run starts together before the
// first spec and runs in the background, so a run lasts about the longest
// timeline, not the sum of them; each spec then waits for its own. With
// clock: skip the spec is SKIPPED.
type Timeline struct {
	steps []step
	then  []func()
}

type step struct {
	at   time.Duration
	name string
	do   func(ctx context.Context) error
}

// At adds a step that runs at offset from the timeline's start. Steps
// report unexpected errors (transport, malformed answers) by returning
// them; they record results for Then to assert on and must not call
// Gomega.
func (tl *Timeline) At(offset time.Duration, name string, do func(ctx context.Context) error) {
	tl.steps = append(tl.steps, step{at: offset, name: name, do: do})
}

// Then adds assertions that run in the spec once every step is done.
func (tl *Timeline) Then(f func()) { tl.then = append(tl.then, f) }

// Length is the offset of the last step.
func (tl *Timeline) Length() time.Duration {
	var max time.Duration
	for _, s := range tl.steps {
		if s.at > max {
			max = s.at
		}
	}
	return max
}

type timedSpec struct {
	id      string
	profile string
	labels  []string
	build   func(t *Target, tl *Timeline)
}

// running is a timeline started in the background (real clock).
type running struct {
	tl   *Timeline
	rec  *recorder
	done chan struct{}
	err  error
}

var (
	timedMu    sync.Mutex
	timedSpecs []*timedSpec
	started    = map[string]*running{}
)

// Timed registers a timeline spec for a catalog entry. build runs when the
// timeline starts: at the beginning of the run for a real clock, in the
// spec for a controlled one.
func Timed(id string, build func(t *Target, tl *Timeline), decorators ...any) bool {
	b := behavior(id)
	ts := &timedSpec{id: id, profile: b.Profile, labels: specLabels(b), build: build}
	timedMu.Lock()
	timedSpecs = append(timedSpecs, ts)
	timedMu.Unlock()
	args := append([]any{ginkgo.Labels(ts.labels), ginkgo.Offset(1), ginkgo.Label("timed")}, decorators...)
	args = append(args, func(sc ginkgo.SpecContext) { runTimed(sc, ts) })
	return ginkgo.It(SpecText(id), args...)
}

func runTimed(sc ginkgo.SpecContext, ts *timedSpec) {
	t := T(ts.profile)
	if t == nil {
		ginkgo.Skip("no target for profile " + ts.profile)
	}
	switch t.Clock() {
	case config.ClockSkip:
		ginkgo.Skip(fmt.Sprintf("clock: skip — %s needs a session to age; set clock: real or controlled for target %s", ts.id, t.Name()))
	case config.ClockReal:
		timedMu.Lock()
		r := started[ts.id]
		timedMu.Unlock()
		if r == nil {
			// Not started with the others (e.g. run outside Run): start now.
			r = startTimeline(t, ts)
		}
		select {
		case <-r.done:
		case <-sc.Done():
			ginkgo.Fail("interrupted while waiting for the timeline")
		}
		mergeRecorded(r.rec)
		if r.err != nil {
			ginkgo.Fail(r.err.Error())
		}
		for _, f := range r.tl.then {
			f()
		}
	default: // controlled
		tl := &Timeline{}
		ts.build(t, tl)
		sort.SliceStable(tl.steps, func(i, j int) bool { return tl.steps[i].at < tl.steps[j].at })
		var now time.Duration
		for _, s := range tl.steps {
			if s.at > now {
				if err := t.Advance(Ctx(), s.at-now); err != nil {
					ginkgo.Fail(fmt.Sprintf("moving the target's clock to +%s: %v", s.at, err))
				}
				now = s.at
			}
			if err := s.do(Ctx()); err != nil {
				ginkgo.Fail(fmt.Sprintf("step %q at +%s: %v", s.name, s.at, err))
			}
		}
		for _, f := range tl.then {
			f()
		}
	}
}

// startTimelines starts, in the background, every timeline whose target
// has a real clock and whose labels pass the filter.
func startTimelines(match func([]string) bool) {
	timedMu.Lock()
	specs := append([]*timedSpec(nil), timedSpecs...)
	timedMu.Unlock()
	for _, ts := range specs {
		t := T(ts.profile)
		if t == nil || t.Clock() != config.ClockReal || !match(append(ts.labels, "timed")) {
			continue
		}
		if !claimGroup(groupOf(ts.profile, ts.id, false, nil)) {
			continue // another worker runs it
		}
		r := startTimeline(t, ts)
		emit(Event{Kind: EventWait, ID: ts.id, Until: time.Now().Add(r.tl.Length())})
		timedMu.Lock()
		started[ts.id] = r
		timedMu.Unlock()
	}
}

func startTimeline(t *Target, ts *timedSpec) *running {
	r := &running{tl: &Timeline{}, rec: &recorder{}, done: make(chan struct{})}
	ts.build(t, r.tl)
	sort.SliceStable(r.tl.steps, func(i, j int) bool { return r.tl.steps[i].at < r.tl.steps[j].at })
	e := getEnv()
	go func() {
		defer close(r.done)
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("timeline %s panicked: %v", ts.id, p)
			}
		}()
		start := time.Now()
		ctx := r.rec.context(e.ctx)
		for _, s := range r.tl.steps {
			wait := time.Until(start.Add(s.at))
			if wait > 0 {
				select {
				case <-time.After(wait):
				case <-e.ctx.Done():
					r.err = fmt.Errorf("step %q at +%s: run canceled", s.name, s.at)
					return
				}
			}
			if err := s.do(ctx); err != nil {
				r.err = fmt.Errorf("step %q at +%s: %w", s.name, s.at, err)
				return
			}
		}
	}()
	return r
}

func mergeRecorded(from *recorder) {
	e := getEnv()
	if e == nil {
		return
	}
	e.mu.Lock()
	r := e.rec
	e.mu.Unlock()
	if r != nil {
		r.add(from.take())
	}
}

func resetTimelines() {
	timedMu.Lock()
	started = map[string]*running{}
	timedMu.Unlock()
}

// Skip makes the timeline's spec SKIPPED with the reason: call it instead
// of adding steps.
func (tl *Timeline) Skip(reason string) {
	tl.then = append(tl.then, func() { ginkgo.Skip(reason) })
}

// ExpiryTiming returns the session_ttl and expiry_margin settings that
// expiry timelines are built from, or why they cannot be: session_ttl unset
// (unsetHint says what to set) or a margin that is not positive and under
// a quarter of the TTL.
func (t *Target) ExpiryTiming(unsetHint string) (ttl, margin time.Duration, why string) {
	ttl, ok := t.Duration("session_ttl")
	if !ok || ttl <= 0 {
		return 0, 0, "session_ttl is unset: " + unsetHint
	}
	margin, _ = t.Duration("expiry_margin")
	if margin <= 0 || margin >= ttl/4 {
		return 0, 0, fmt.Sprintf("expiry_margin %s must be positive and under a quarter of session_ttl %s", margin, ttl)
	}
	return ttl, margin, ""
}
