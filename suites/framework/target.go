package framework

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
)

// Target is one API under test as the specs see it.
type Target struct {
	// Config is the target's configuration entry.
	Config *config.Target
	// HTTP is the client every API client of this target must use.
	HTTP *http.Client
	// MaxBody caps response bodies.
	MaxBody int64

	profile  Profile
	settings map[string]string
	remote   clock.Remote

	offMu    sync.Mutex
	offsets  []time.Duration // since the last clock move: FreshOffset
	reported []time.Duration // before the first clock move: ClockOffset
	advanced bool

	obsMu    sync.Mutex
	observed []*observation

	healthMu    sync.Mutex
	timeouts    int    // exchanges in a row that timed out
	lastTimeout string // the last one's error
}

// MaxConsecutiveTimeouts is how many exchanges in a row may time out before
// a target counts as not answering: the specs of it not yet run then FAIL
// at once, naming the cause, instead of each waiting out the timeout again
// (a target that hangs would otherwise take specs × timeout to judge).
const MaxConsecutiveTimeouts = 3

func newTarget(t *config.Target) (*Target, error) {
	p, ok := lookupProfile(t.Profile)
	if !ok {
		return nil, fmt.Errorf("target %s: no specs for profile %q", t.Name, t.Profile)
	}
	hc, err := wire.NewHTTPClient(wire.ClientOptions{
		Timeout: t.Timeout.Std(), CAFile: t.TLS.CAFile, InsecureSkipVerify: t.TLS.InsecureSkipVerify,
	})
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", t.Name, err)
	}
	tg := &Target{Config: t, HTTP: hc, MaxBody: t.MaxBody, profile: p, settings: map[string]string{},
		remote: clock.Remote{BaseURL: t.ClockControlURL, HTTP: hc}}
	for _, s := range p.settings() {
		if s.Default != "" {
			tg.settings[s.Name] = s.Default
		}
	}
	for k, v := range t.Settings {
		tg.settings[k] = v
	}
	for _, s := range p.settings() {
		if err := s.Check(tg.settings[s.Name]); err != nil {
			return nil, fmt.Errorf("target %s: setting %s: %w", t.Name, s.Name, err)
		}
	}
	return tg, nil
}

// Name is the target's name.
func (t *Target) Name() string { return t.Config.Name }

// Profile is the target's profile name.
func (t *Target) Profile() string { return t.Config.Profile }

// BaseURL is the target's base URL.
func (t *Target) BaseURL() string { return t.Config.BaseURL }

// Clock is the target's clock mode (controlled, real or skip).
func (t *Target) Clock() string { return t.Config.Clock }

// Setting returns a setting's value ("" when unset).
func (t *Target) Setting(name string) string { return t.settings[name] }

// Duration returns a duration setting, and false when it is unset.
func (t *Target) Duration(name string) (time.Duration, bool) {
	v := t.settings[name]
	if v == "" {
		return 0, false
	}
	d, err := time.ParseDuration(v)
	return d, err == nil
}

// Int returns an integer setting (0 when unset).
func (t *Target) Int(name string) int {
	n, _ := strconv.Atoi(t.settings[name])
	return n
}

// Credentials returns the i-th credentials of the pool (wrapping).
func (t *Target) Credentials(i int) map[string]string {
	c := t.Config.Credentials
	return c[i%len(c)]
}

// Advance moves the target's clock forward by d. It is an error unless the
// target's clock mode is controlled.
func (t *Target) Advance(ctx context.Context, d time.Duration) error {
	if t.Config.Clock != config.ClockControlled {
		return fmt.Errorf("target %s: clock is %s, not controlled", t.Name(), t.Config.Clock)
	}
	if _, err := t.remote.Advance(ctx, d); err != nil {
		return fmt.Errorf("target %s: %w", t.Name(), err)
	}
	// Offsets measured before the move no longer hold.
	t.offMu.Lock()
	t.offsets = nil
	t.advanced = true
	t.offMu.Unlock()
	return nil
}

// ServerClock reads the target's clock through its control endpoint
// (controlled mode only).
func (t *Target) ServerClock(ctx context.Context) (time.Time, error) {
	st, err := t.remote.Read(ctx)
	return st.Now, err
}

// observeOffset records the target's clock offset seen in one exchange:
// the server's time minus the midpoint of our send and receive.
func (t *Target) observeOffset(x *wire.Exchange, received time.Time) {
	if t.profile.ServerTime == nil || x == nil || x.Status == 0 {
		return
	}
	st, ok := t.profile.ServerTime(x)
	if !ok {
		return
	}
	mid := received.Add(-x.Duration / 2)
	t.offMu.Lock()
	t.offsets = append(t.offsets, st.Sub(mid))
	if !t.advanced {
		t.reported = append(t.reported, st.Sub(mid))
	}
	t.offMu.Unlock()
}

// observeHealth counts exchanges that timed out in a row; any answer
// resets the count.
//
// In a parallel run's worker each outcome also goes to the parent, which
// counts the target's timeouts over all workers (markDown).
func (t *Target) observeHealth(x *wire.Exchange, err error) {
	var report *healthReport
	t.healthMu.Lock()
	switch {
	case wire.KindOf(err) == wire.KindTimeout:
		t.timeouts++
		t.lastTimeout = err.Error()
		report = &healthReport{Profile: t.Config.Profile, Timeout: true, Last: t.lastTimeout}
	case x != nil && x.Status != 0:
		t.timeouts = 0
		report = &healthReport{Profile: t.Config.Profile}
	}
	t.healthMu.Unlock()
	if l := currentLink(); l != nil && report != nil {
		_ = l.send(workerMessage{Health: report})
	}
}

// markDown records what the parent of a parallel run saw: the target's
// last timeouts exchanges, over all workers, timed out, the last with
// last.
func (t *Target) markDown(timeouts int, last string) {
	t.healthMu.Lock()
	defer t.healthMu.Unlock()
	if t.timeouts < timeouts {
		t.timeouts, t.lastTimeout = timeouts, last
	}
}

// unresponsive says why the target's specs not yet run are not run, or "".
func (t *Target) unresponsive() string {
	if why := t.givenUp(); why != "" {
		return "not run: " + why
	}
	return ""
}

// givenUp says why the target counts as not answering, or "".
func (t *Target) givenUp() string {
	t.healthMu.Lock()
	defer t.healthMu.Unlock()
	if t.timeouts < MaxConsecutiveTimeouts {
		return ""
	}
	timeout := t.Config.Timeout.Std()
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return fmt.Sprintf("target %s is not answering — its last %d exchanges timed out (timeout %s); last: %s",
		t.Name(), t.timeouts, timeout, t.lastTimeout)
}

// ClockOffset returns the median measured clock offset of the target
// (server minus us), rounded to the second the APIs report, and whether any
// was measured. In controlled mode only answers from before the specs
// first moved the target's clock count.
func (t *Target) ClockOffset() (time.Duration, bool) {
	t.offMu.Lock()
	defer t.offMu.Unlock()
	if len(t.reported) == 0 {
		return 0, false
	}
	s := append([]time.Duration(nil), t.reported...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], true
}

// FreshOffset is the latest clock offset measured (0 if none): specs that
// send timestamps shift them by it so skew checks measure the window, not
// our clock's difference from the target's.
func (t *Target) FreshOffset() time.Duration {
	t.offMu.Lock()
	defer t.offMu.Unlock()
	if len(t.offsets) == 0 {
		return 0
	}
	return t.offsets[len(t.offsets)-1]
}

// observation is what a target answered in one situation the vendor leaves
// open, each distinct answer with how often it came.
type observation struct {
	situation string
	keys      []string
	counts    map[string]int
}

// Observe records which answer the target gave in a situation whose answer
// the vendor leaves open ("invalid token on storechecksum"), so reports show
// testers what the target chose: "invalid token on storechecksum → HTTP 401
// refused code=InvalidToken". It returns a, for use inline.
func (t *Target) Observe(situation string, a *Answer) *Answer {
	if a == nil {
		return a
	}
	t.ObserveAs(situation, a.Key())
	return a
}

// ObserveAs records key as what the target answered in a situation the
// vendor leaves open, for a choice an Answer's Key does not show (the media
// type of answers, say).
func (t *Target) ObserveAs(situation, key string) {
	t.obsMu.Lock()
	defer t.obsMu.Unlock()
	var o *observation
	for _, x := range t.observed {
		if x.situation == situation {
			o = x
			break
		}
	}
	if o == nil {
		o = &observation{situation: situation, counts: map[string]int{}}
		t.observed = append(t.observed, o)
	}
	if o.counts[key] == 0 {
		o.keys = append(o.keys, key)
	}
	o.counts[key]++
}

// Observations returns what Observe recorded, in the order first seen.
func (t *Target) Observations() []results.Observation {
	t.obsMu.Lock()
	defer t.obsMu.Unlock()
	var out []results.Observation
	for _, o := range t.observed {
		for _, k := range o.keys {
			out = append(out, results.Observation{Situation: o.situation, Answer: k, Count: o.counts[k]})
		}
	}
	return out
}

// Pins returns the pin settings the target sets (name → value): the
// choices its configuration fixes instead of accepting every legal form.
func (t *Target) Pins() map[string]string {
	out := map[string]string{}
	for _, s := range t.profile.settings() {
		if s.Pin && strings.TrimSpace(t.settings[s.Name]) != "" {
			out[s.Name] = t.settings[s.Name]
		}
	}
	return out
}
