package irp

import (
	"context"
	"fmt"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// A target may refuse a Signature it has accepted before (replays inside
// the window are undocumented: profiles.md makes them a WARNING, and a
// server that refuses them is as legal as one that accepts them). So no
// spec but the replay ones ever signs the same key or token with the same
// TimeStamp twice: stamps hands out whole seconds that no earlier request
// of the run used for the key.
//
//   - Ordinary requests (freshStamp) get the target's current second or one
//     up to timestamp_spread before it: never one in the future nor one
//     before the run's first, which an earlier run against the same target
//     (back to back) may have used. When none is free the run asks the
//     target once whether it accepts replays (then a used second does no
//     harm); otherwise it waits for the target's clock to move on.
//   - The skew specs' TimeStamps (edgeStamp) sit near the window's edges and
//     move only away from them; against a target that refuses replays a
//     past one must be one of this run's seconds too, and the run outlives
//     an accepted future one (outlive), so that a later run cannot meet it.
//   - Early in a run few seconds are free: timelines whose first login had
//     to wait measure their later steps from the token's issue (waitUntil),
//     not from the timeline's start.

// stampBook records, per key or token, the seconds the run signed it with.
type stampBook struct {
	mu    sync.Mutex
	used  map[string]map[int64]bool // key or token -> Unix seconds
	start int64                     // the run's first ordinary second (Unix), 0 until then
}

var stamps = &stampBook{used: map[string]map[int64]bool{}}

// runStart returns the run's first ordinary second (Unix): now's, when the
// run has none yet.
func (b *stampBook) runStart(now time.Time) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.start == 0 {
		b.start = now.Unix()
	}
	return b.start
}

// take marks and returns the first second not yet used for key from at's
// second on, moving by dir (1 later, -1 earlier) at most limit and never
// before floor (Unix; 0 for none). When every one is used it returns at's
// second and false.
func (b *stampBook) take(key string, at time.Time, dir int, limit time.Duration, floor int64) (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	u := b.used[key]
	if u == nil {
		u = map[int64]bool{}
		b.used[key] = u
	}
	base, n := at.Unix(), int64(limit/time.Second)
	for k := range n + 1 {
		if s := base + int64(dir)*k; s >= floor && !u[s] {
			u[s] = true
			return time.Unix(s, 0).UTC(), true
		}
	}
	return time.Unix(base, 0).UTC(), false
}

// mark records that key was signed with the TimeStamp at.
func (b *stampBook) mark(key string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used[key] == nil {
		b.used[key] = map[int64]bool{}
	}
	b.used[key][at.Unix()] = true
}

// seconds is d in whole seconds.
func seconds(d time.Duration) int { return int(d / time.Second) }

// pass lets d go by on the target's clock: with clock: controlled it moves
// the clock, otherwise it sleeps.
func pass(ctx context.Context, t *framework.Target, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if t.Clock() == config.ClockControlled {
		return t.Advance(ctx, d)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// waitUntil waits until the target's clock reads at least at.
func waitUntil(ctx context.Context, t *framework.Target, at time.Time) error {
	now, err := serverNow(ctx, t)
	if err != nil {
		return err
	}
	return pass(ctx, t, at.Sub(now))
}

// freeSecond asks pick for a free second at the target's time and, while
// none is, waits for the target's clock to reach its next second, at most
// waits times; ok is false when none came free (at is then pick's last
// answer).
func freeSecond(ctx context.Context, t *framework.Target, waits int, pick func(now time.Time) (time.Time, bool)) (time.Time, bool, error) {
	for i := 0; ; i++ {
		now, err := serverNow(ctx, t)
		if err != nil {
			return time.Time{}, false, err
		}
		if at, ok := pick(now); ok || i >= waits {
			return at, ok, nil
		}
		if err := pass(ctx, t, time.Second-time.Duration(now.Nanosecond())); err != nil {
			return time.Time{}, false, err
		}
	}
}

// ordinarySecond is freeSecond for an ordinary TimeStamp of key: the
// target's current second or one up to spread before it, none before the
// run's first.
func ordinarySecond(ctx context.Context, t *framework.Target, key string, spread time.Duration, waits int) (time.Time, bool, error) {
	return freeSecond(ctx, t, waits, func(now time.Time) (time.Time, bool) {
		return stamps.take(key, now, -1, spread, stamps.runStart(now))
	})
}

// freshStamp returns an ordinary TimeStamp for key that no request of the
// run used. When none is free it first asks (once per run, see
// replaysAccepted) whether the target accepts a replayed request: then the
// current second is returned; otherwise it waits for the target's clock to
// move on, a second at a time (requests running together share the new
// seconds), for at most timestamp_spread, and then reuses a second rather
// than stall.
func freshStamp(ctx context.Context, t *framework.Target, keyOrToken string) (time.Time, error) {
	s, err := settingsOf(t)
	if err != nil {
		return time.Time{}, err
	}
	at, ok, err := ordinarySecond(ctx, t, keyOrToken, s.StampSpread, 0)
	if err != nil || ok || replaysAccepted(ctx, t, s) {
		return at, err
	}
	at, _, err = ordinarySecond(ctx, t, keyOrToken, s.StampSpread, seconds(s.StampSpread))
	return at, err
}

// replay is what the run learnt of the target's replays (asked once).
var replay struct {
	once     sync.Once
	accepted bool
}

// replaysAccepted reports whether the target issues a token for a signed
// Authenticate sent twice, asking it once per run: it logs the first
// credentials in with a TimeStamp no request used and sends the same
// request again. Unknown counts as refused.
func replaysAccepted(ctx context.Context, t *framework.Target, s client.Settings) bool {
	replay.once.Do(func() { replay.accepted = probeReplay(ctx, t, s) })
	return replay.accepted
}

func probeReplay(ctx context.Context, t *framework.Target, s client.Settings) bool {
	a, err := t.Account(0)
	if err != nil {
		return false
	}
	c, err := newClient(t)
	if err != nil {
		return false
	}
	at, ok, err := ordinarySecond(ctx, t, key(a), s.StampSpread, seconds(s.StampSpread))
	if err != nil || !ok {
		return false
	}
	f := client.SignedAuthenticateFields(key(a), secret(a), at)
	first, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, f)
	if err != nil || !first.Issued() {
		return false
	}
	again, err := c.SendFields(ctx, client.AuthenticatePath, c.Encoding, f)
	return err == nil && again.Issued()
}

// edgeStamp returns an unused TimeStamp for key at e's skew from the
// target's time (measured afresh), moving only as e allows, so that a
// TimeStamp meant inside (outside) the window stays there.
// Against a target that refuses replays a TimeStamp in the past must also
// be one of this run's seconds (an earlier run may have used the others):
// early in a run it waits until the run is old enough. When every such
// second is used it waits for the target's clock to move on.
func edgeStamp(keyOrToken string, e edge) time.Time {
	GinkgoHelper()
	ctx, t, s := framework.Ctx(), target(), specSettings()
	bounded := e.skew < 0 && !replaysAccepted(ctx, t, s)
	waits := 5
	if bounded {
		waits += seconds(-e.skew + e.limit)
	}
	if err := measureClock(ctx, t); err != nil {
		Fail(err.Error())
	}
	at, _, err := freeSecond(ctx, t, waits, func(now time.Time) (time.Time, bool) {
		floor := int64(0)
		if bounded {
			floor = stamps.runStart(now)
		}
		return stamps.take(keyOrToken, now.Add(e.skew), e.dir, e.limit, floor)
	})
	if err != nil {
		Fail(err.Error())
	}
	return at
}

// outlive waits, against a target that refuses replays, until at (a
// TimeStamp ahead of the target's clock that it accepted) is past, so that
// the run does not end before it: a run started after this one would meet
// it among its own ordinary seconds and be refused as a replay.
func outlive(at time.Time) {
	GinkgoHelper()
	ctx, t := framework.Ctx(), target()
	if replaysAccepted(ctx, t, specSettings()) {
		return
	}
	if err := waitUntil(ctx, t, at.Add(time.Second)); err != nil {
		Fail(err.Error())
	}
}

// The target's clock. Every TimeStamp the specs sign is the target's time,
// not ours: in controlled mode read through the clock control endpoint,
// otherwise our clock shifted by the offset measured from answers'
// TimeStamps (framework.Target.FreshOffset).

// serverNow returns the target's current time. With a real clock and no
// offset measured yet it first probes the target.
func serverNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	if t.Clock() == config.ClockControlled {
		return controlledNow(ctx, t)
	}
	if _, ok := t.ClockOffset(); !ok {
		if err := probeClock(ctx, t); err != nil {
			return time.Time{}, err
		}
	}
	return time.Now().Add(t.FreshOffset()), nil
}

// measureClock measures a real clock's offset anew, for the skew specs
// whose TimeStamps sit within skew_margin of the window's edges (serverNow
// reads a controlled clock every time). Every answer measures the offset
// too, so a failed probe falls back on the latest one.
func measureClock(ctx context.Context, t *framework.Target) error {
	if t.Clock() == config.ClockControlled {
		return nil
	}
	if err := probeClock(ctx, t); err != nil {
		if _, ok := t.ClockOffset(); !ok {
			return err
		}
	}
	return nil
}

func controlledNow(ctx context.Context, t *framework.Target) (time.Time, error) {
	before := time.Now()
	st, err := t.ServerClock(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the target's clock through its control endpoint: %w", err)
	}
	after := time.Now()
	off := st.Sub(before.Add(after.Sub(before) / 2))
	return time.Now().Add(off), nil
}

// probeClock sends an Authenticate with an empty body: whatever it
// answers carries the server's TimeStamp, which the framework records as a
// clock offset. A target that answers an empty body in another shape (any
// 4xx is legal) is asked with a signed Authenticate at our own time
// instead, which works when the clocks are within the window.
func probeClock(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	r, err := c.Send(ctx, client.AuthenticatePath, []byte{}, client.ContentTypeForm)
	if err == nil {
		if _, err = r.ServerTime(); err == nil {
			return nil
		}
	}
	if a, aerr := t.Account(0); aerr == nil {
		s, _ := settingsOf(t)
		if at, ok := stamps.take(key(a), time.Now(), -1, s.StampSpread, 0); ok {
			r, serr := c.Authenticate(ctx, key(a), secret(a), at)
			if serr == nil {
				if _, serr = r.ServerTime(); serr == nil {
					return nil
				}
			}
		}
	}
	return fmt.Errorf("measuring the target's clock offset (an Authenticate, whose answer carries the server's TimeStamp): %w", err)
}

// stamp is freshStamp for a spec body: an error fails the spec.
func stamp(keyOrToken string) time.Time {
	GinkgoHelper()
	at, err := freshStamp(framework.Ctx(), target(), keyOrToken)
	if err != nil {
		Fail(err.Error())
	}
	return at
}

// specNow is serverNow for a spec body: an error fails the spec.
func specNow() time.Time {
	GinkgoHelper()
	now, err := serverNow(framework.Ctx(), target())
	if err != nil {
		Fail(err.Error())
	}
	return now
}
