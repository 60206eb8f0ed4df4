package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/config"
)

// Mode is how the rate evolves during a scenario.
type Mode string

// The modes.
const (
	// ModeConstant holds Rate for Duration.
	ModeConstant Mode = "constant"
	// ModeRamp goes linearly from From to To over Duration.
	ModeRamp Mode = "ramp"
	// ModeCapacity steps the rate up until the target breaks.
	ModeCapacity Mode = "capacity"
	// ModeMax sends unpaced: Workers workers, each sending its next hit
	// as soon as its last is answered, for Duration or Hits. It is a
	// closed model — a slow target slows the sender, so latency is
	// service time, not coordinated-omission safe — and finds the
	// ceiling in one run, like vegeta -rate=0 or wrk.
	ModeMax Mode = "max"
)

// Scenario is one load scenario.
type Scenario struct {
	// Name labels the result (default: the target's name).
	Name string
	// Target is the API under load; its credentials are used round-robin.
	Target config.Target
	// Environment is the target configuration's environment; production
	// is refused unless the AllowProduction option is given.
	Environment string
	// API builds the targeter and judge of the target's API (package
	// load/registry has one per profile).
	API Factory

	// Mode is constant (default), ramp or capacity.
	Mode Mode
	// Rate is the constant rate.
	Rate Rate
	// From and To bound a ramp.
	From, To Rate
	// Capacity configures a capacity search.
	Capacity Capacity
	// Duration of a constant, ramp or max attack.
	Duration time.Duration
	// Hits, when positive, ends a constant, ramp or max attack after that
	// many hits (or at Duration, whichever comes first).
	Hits uint64

	// Workers is the initial number of vegeta workers (default 10) and
	// MaxWorkers their bound (default 10,000). In max mode Workers is the
	// fixed number of workers (default DefaultClosedWorkers), each with
	// its own connection.
	Workers, MaxWorkers uint64

	// Thresholds are SLO gates (see ParseThreshold).
	Thresholds []string
	// Expect is ExpectToken ("" too) or a documented error code that
	// counts as success; wrong credentials are then sent.
	Expect string

	// RawFile, when set, receives one line per hit (".csv", else JSON
	// lines), tokens masked.
	RawFile string
	// Shard makes this process one of several sharing the rate.
	Shard Shard
}

// Capacity configures a capacity search: From, From+Step, … each held for
// StepDuration, up to Max, until a step breaks.
type Capacity struct {
	From, Step, Max Rate
	// StepDuration is how long each rate is held; whole seconds.
	StepDuration time.Duration
	// MinSuccess is the success ratio a step must keep (default 0.99).
	MinSuccess float64
	// MinAchieved is the fraction of the requested rate a step must
	// achieve (default 0.9).
	MinAchieved float64
}

// Shard is "take 1/Count of the rate, as shard Index" (1 ≤ Index ≤
// Count). The zero value is no sharding.
type Shard struct {
	Index, Count int
}

// ParseShard reads "i/N", e.g. "1/4".
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("bad shard %q (want i/N with 1 <= i <= N, e.g. 1/4)", s)
	}
	return Shard{Index: i, Count: n}, nil
}

// String prints "i/N", or "" for no sharding.
func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

func (s Shard) count() int {
	if s.Count < 1 {
		return 1
	}
	return s.Count
}

// Defaults of a scenario.
const (
	DefaultWorkers     = 10
	DefaultMaxWorkers  = 10_000
	DefaultMinSuccess  = 0.99
	DefaultMinAchieved = 0.9
	// DefaultClosedWorkers is the number of workers of max mode.
	DefaultClosedWorkers = 64
	defaultTimeout       = 10 * time.Second
)

// FromConfig builds a scenario from a target configuration's load section
// for target (default: the section's profile, else the first target).
// Every error names the load key at fault. The CLI then overrides fields
// from its flags and sets API (from package load/registry, which reads
// the options of each API in the section, such as cache_salts).
func FromConfig(f *config.File, target string) (Scenario, error) {
	ls := f.Load
	name := target
	if name == "" {
		name = ls.Profile
	}
	var t *config.Target
	if name == "" {
		if len(f.Targets) == 0 {
			return Scenario{}, fmt.Errorf("%s: no targets", f.Path)
		}
		t = &f.Targets[0]
	} else {
		var ok bool
		if t, ok = f.Target(name); !ok {
			return Scenario{}, fmt.Errorf("%s: load: no target named or of profile %q", f.Path, name)
		}
	}
	sc := Scenario{
		Target:      *t,
		Environment: f.Environment,
		Mode:        Mode(ls.Mode),
		Duration:    ls.Duration.Std(),
		Workers:     ls.Workers,
		MaxWorkers:  ls.MaxWorkers,
		Thresholds:  append([]string(nil), ls.Thresholds...),
		Expect:      ls.Expect,
	}
	if sc.Mode == "" {
		sc.Mode = ModeConstant
	}
	if strings.EqualFold(strings.TrimSpace(ls.Rate), RateMax) {
		sc.Mode, ls.Rate = ModeMax, ""
	}
	rate := func(key, v string) (Rate, error) {
		if v == "" {
			return Rate{}, nil
		}
		r, err := ParseRate(v)
		if err != nil {
			return Rate{}, fmt.Errorf("%s: load.%s: %w", f.Path, key, err)
		}
		return r, nil
	}
	var err error
	if sc.Rate, err = rate("rate", ls.Rate); err != nil {
		return Scenario{}, err
	}
	if sc.From, err = rate("from", ls.From); err != nil {
		return Scenario{}, err
	}
	if sc.To, err = rate("to", ls.To); err != nil {
		return Scenario{}, err
	}
	step, err := rate("step", ls.Step)
	if err != nil {
		return Scenario{}, err
	}
	if sc.Mode == ModeCapacity {
		sc.Capacity = Capacity{From: sc.From, Step: step, Max: sc.To, StepDuration: ls.StepDuration.Std()}
	}
	return sc, nil
}

// Check validates sc as Run would, without sending anything: mode and
// rates, durations, thresholds, safety caps, the production guard. The
// CLI uses it to tell a usage error from a failed run.
func Check(sc Scenario, opts ...Option) error {
	o := defaultOptions()
	for _, opt := range opts {
		opt(o)
	}
	_, err := check(sc, o)
	return err
}

// settings are a scenario's defaults filled in and checks passed.
type settings struct {
	sc          Scenario
	thresholds  []Threshold
	timeout     time.Duration
	stepSecs    int // capacity: whole seconds per step
	plannedTime time.Duration
}

// check fills defaults and validates sc against the run's limits.
func check(sc Scenario, o *options) (*settings, error) {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if sc.Mode == "" {
		sc.Mode = ModeConstant
	}
	if sc.Name == "" {
		sc.Name = sc.Target.Name
		if sc.Name == "" {
			sc.Name = sc.Target.Profile
		}
	}
	if sc.Expect == "" {
		sc.Expect = ExpectToken
	}
	if sc.Mode == ModeMax {
		// a closed model: exactly Workers workers, none added
		if sc.Workers == 0 {
			sc.Workers = DefaultClosedWorkers
		}
		sc.MaxWorkers = sc.Workers
	}
	if sc.Workers == 0 {
		sc.Workers = DefaultWorkers
	}
	if sc.MaxWorkers == 0 {
		sc.MaxWorkers = DefaultMaxWorkers
	}
	if sc.Workers > sc.MaxWorkers {
		fail("workers %d exceeds max workers %d", sc.Workers, sc.MaxWorkers)
	}
	if sc.API == nil {
		fail("no targeter for profile %q (see package load/registry)", sc.Target.Profile)
	}
	if sc.Target.BaseURL == "" {
		fail("target %q has no base_url", sc.Target.Name)
	}
	if len(sc.Target.Credentials) == 0 {
		fail("target %q has no credentials", sc.Target.Name)
	}
	if sc.Environment == config.EnvProduction && !o.allowProduction {
		fail("target environment is production: load against production is refused unless explicitly allowed (AllowProduction)")
	}
	if sc.Shard.Count > 1 && (sc.Shard.Index < 1 || sc.Shard.Index > sc.Shard.Count) {
		fail("bad shard %d/%d (want 1 <= i <= N)", sc.Shard.Index, sc.Shard.Count)
	}
	ths, err := ParseThresholds(sc.Thresholds)
	if err != nil {
		fail("%v", err)
	}
	capRate := func(what string, r Rate) {
		if v := r.PerSecond(); v > o.maxRate {
			fail("%s %s (%.0f/s) exceeds the safety cap of %.0f/s (raise it with WithMaxRate)", what, r, v, o.maxRate)
		}
	}
	capDur := func(what string, d time.Duration) {
		if d > o.maxDuration {
			fail("%s %s exceeds the safety cap of %s (raise it with WithMaxDuration)", what, d, o.maxDuration)
		}
	}
	s := &settings{thresholds: ths, timeout: sc.Target.Timeout.Std()}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	switch sc.Mode {
	case ModeConstant:
		if sc.Rate.IsZero() || sc.Rate.Freq < 0 || sc.Rate.Per < 0 {
			fail("constant mode needs a positive rate, e.g. 200/s")
		}
		if sc.Duration < 0 || (sc.Duration == 0 && sc.Hits == 0) {
			fail("constant mode needs a positive duration or a number of hits, e.g. 30s")
		}
		capRate("rate", sc.Rate)
		s.plannedTime = sc.Duration
		if r := sc.Rate.share(sc.Shard.count()).PerSecond(); sc.Duration == 0 && r > 0 {
			// the time the hits take at this process's rate, rounded up to a second
			s.plannedTime = time.Duration(math.Ceil(float64(sc.Hits)/r)) * time.Second
		}
		capDur("duration", s.plannedTime)
	case ModeRamp:
		if sc.From.IsZero() || sc.To.IsZero() || sc.From.Freq < 0 || sc.To.Freq < 0 {
			fail("ramp mode needs positive from and to rates, e.g. from 10/s to 500/s")
		}
		if sc.Duration <= 0 {
			fail("ramp mode needs a positive duration, e.g. 60s")
		}
		capRate("from", sc.From)
		capRate("to", sc.To)
		capDur("duration", sc.Duration)
		s.plannedTime = sc.Duration
	case ModeMax:
		if sc.Duration < 0 || (sc.Duration == 0 && sc.Hits == 0) {
			fail("max mode needs a positive duration or a number of hits, e.g. 30s or 100000 hits")
		}
		if !sc.Rate.IsZero() {
			fail("max mode is unpaced and takes no rate (got %s; its bound is the number of workers)", sc.Rate)
		}
		for _, t := range ths {
			if t.relative {
				fail("threshold %q compares with the requested rate, and max mode requests none (use rate>=N/s or tokens_per_s>=N)", t.Expr)
			}
		}
		capDur("duration", sc.Duration)
		s.plannedTime = sc.Duration
		if s.plannedTime == 0 {
			s.plannedTime = o.maxDuration // bounded by the hits, and by the cap
		}
	case ModeCapacity:
		if sc.Hits > 0 {
			fail("capacity mode takes no number of hits (each step is held for its duration)")
		}
		c := &sc.Capacity
		if c.MinSuccess == 0 {
			c.MinSuccess = DefaultMinSuccess
		}
		if c.MinAchieved == 0 {
			c.MinAchieved = DefaultMinAchieved
		}
		if c.Max.IsZero() {
			c.Max = perSecond(o.maxRate)
		}
		switch {
		case c.From.IsZero() || c.From.Freq < 0:
			fail("capacity mode needs a positive from rate, e.g. 100/s")
		case c.Step.IsZero() || c.Step.Freq < 0:
			fail("capacity mode needs a positive step, e.g. 100/s")
		case c.StepDuration < time.Second || c.StepDuration%time.Second != 0:
			fail("capacity mode needs a step duration of whole seconds, at least 1s (got %s)", c.StepDuration)
		case c.Max.PerSecond() < c.From.PerSecond():
			fail("capacity max %s is below from %s", c.Max, c.From)
		case c.MinSuccess < 0 || c.MinSuccess > 1 || c.MinAchieved < 0 || c.MinAchieved > 1:
			fail("capacity min success and min achieved are ratios between 0 and 1")
		default:
			capRate("capacity max", c.Max)
			n := capacitySteps(*c)
			s.stepSecs = int(c.StepDuration / time.Second)
			s.plannedTime = time.Duration(n) * c.StepDuration
			capDur(fmt.Sprintf("capacity search of up to %d steps × %s:", n, c.StepDuration), s.plannedTime)
		}
	default:
		fail("unknown mode %q (want constant, ramp, capacity or max)", sc.Mode)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("load scenario %q: %s", sc.Name, strings.Join(errs, "; "))
	}
	s.sc = sc
	return s, nil
}
