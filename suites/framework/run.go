package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites"
)

// Options configure one conformance run.
type Options struct {
	// Config lists the targets.
	Config *config.File
	// LabelFilter is a Ginkgo label filter expression ("" runs all).
	LabelFilter string
	// Expected turns known failures into expected ones (ID -> reason).
	Expected map[string]string
	// Strict makes warnings fail the run.
	Strict bool
	// Quiet silences Ginkgo's own console output (the CLI prints its
	// summary instead).
	Quiet bool
	// T is the testing.T of `go test`; nil under the CLI.
	T ginkgo.GinkgoTestingT
	// Context ends the run early: every exchange in flight is canceled and
	// the specs not yet run are SKIPPED. The CLI cancels it on SIGINT and
	// SIGTERM (Ginkgo sees the signal too and stops the suite). Nil means
	// context.Background().
	Context context.Context
	// Parallel is how many worker processes share the specs (see
	// runParallel); 0 or 1 runs them in this process. Targets on a
	// controlled clock keep all their specs in one worker, and a run whose
	// targets are all on a controlled clock stays in this process.
	Parallel int
	// RateLimit caps the requests per second sent to each target (0: no
	// cap); in a parallel run the workers share it (one bucket per target,
	// kept by this process).
	RateLimit float64
	// Progress, when set, is told when the specs start, when each ends, and
	// when real-clock timelines will end; calls come one at a time.
	Progress func(Event)
	// Executable is the program a parallel run starts as its workers
	// (default os.Executable()); its main, or its TestMain under go test,
	// must call MaybeWorker.
	Executable string

	seed int64 // Ginkgo's random seed (it orders top-level containers); 0: Ginkgo's
}

// interruptGrace is how long Ginkgo waits, once interrupted, for the
// running spec to return before it moves on. The specs' exchanges are
// canceled with Options.Context, so they return at once; the bound keeps
// an interrupted run's exit within a couple of seconds of the signal.
const interruptGrace = time.Second

type nopT struct{}

func (nopT) Fail() {}

var (
	reportMu   sync.Mutex
	lastReport *types.Report
	runFilter  types.LabelFilter
)

var _ = ginkgo.BeforeSuite(func() {
	if runFilter != nil {
		startTimelines(runFilter)
	}
})

var _ = ginkgo.ReportAfterSuite("authprobe results", func(r ginkgo.Report) {
	reportMu.Lock()
	lastReport = &r
	reportMu.Unlock()
})

// Run runs the registered specs against the configured targets and returns
// their verdicts and what was learnt of each target. Ginkgo runs a suite
// once per process: call Run once. With Parallel > 1 and a target whose
// clock is not controlled, the specs run in worker processes instead (see
// runParallel), and Run may be called once too.
func Run(o Options) (*results.Conformance, []results.TargetAPI, error) {
	if o.Config == nil || len(o.Config.Targets) == 0 {
		return nil, nil, fmt.Errorf("conformance: no targets")
	}
	if _, _, err := selection(o); err != nil {
		return nil, nil, err
	}
	for id := range o.Expected {
		if _, ok := suites.Lookup(id); !ok {
			return nil, nil, fmt.Errorf("expected failures: unknown behaviour ID %s", id)
		}
	}
	start := time.Now()
	var (
		res *workerResult
		err error
	)
	if o.Parallel > 1 && parallelizable(o.Config) {
		res, err = runParallel(o)
	} else {
		res, err = runSuite(o)
	}
	if err != nil {
		return nil, nil, err
	}
	conf := &results.Conformance{LabelFilter: o.LabelFilter, Strict: o.Strict, Duration: results.Duration(time.Since(start))}
	conf.Specs = append(conf.Specs, res.Suite...)
	for _, s := range res.Specs {
		conf.Specs = append(conf.Specs, s.Result)
	}
	SortSpecs(conf.Specs)
	return conf, res.APIs, nil
}

// SortSpecs orders verdicts by profile, then ID (stable: suite-level
// failures keep their order), as every report lists them.
func SortSpecs(specs []results.SpecResult) {
	sort.SliceStable(specs, func(i, j int) bool {
		if specs[i].Profile != specs[j].Profile {
			return specs[i].Profile < specs[j].Profile
		}
		return specs[i].ID < specs[j].ID
	})
}

// selection is the run's Ginkgo label filter: the configured profiles,
// and the user's filter when given.
func selection(o Options) (string, types.LabelFilter, error) {
	var profiles []string
	for _, t := range o.Config.Targets {
		profiles = append(profiles, t.Profile)
	}
	filter := "(" + strings.Join(profiles, " || ") + ")"
	if strings.TrimSpace(o.LabelFilter) != "" {
		filter = "(" + o.LabelFilter + ") && " + filter
	}
	match, err := ParseLabelFilter(filter)
	if err != nil {
		return "", nil, fmt.Errorf("--label-filter: %w", err)
	}
	return filter, match, nil
}

// runSuite runs the selected specs in this process: every spec, or in a
// worker the specs whose groups it claims.
func runSuite(o Options) (*workerResult, error) {
	e, err := setEnv(o.Context, o.Config, o.RateLimit)
	if err != nil {
		return nil, err
	}
	defer e.close()
	filter, match, err := selection(o)
	if err != nil {
		return nil, err
	}
	runFilter = match
	resetTimelines()
	resetSamples()
	setProgress(o.Progress)
	defer setProgress(nil)

	sc, rc := ginkgo.GinkgoConfiguration()
	sc.LabelFilter = filter
	sc.RandomizeAllSpecs = false
	if o.seed != 0 {
		sc.RandomSeed = o.seed // every worker of a parallel run walks the specs in one order
	}
	sc.FailFast = false
	sc.Timeout = 24 * time.Hour
	sc.GracePeriod = interruptGrace
	rc.NoColor = true
	t := o.T
	if t == nil {
		t = nopT{}
	}
	if o.Quiet {
		saved := formatter.ColorableStdOut
		formatter.ColorableStdOut = io.Discard
		defer func() { formatter.ColorableStdOut = saved }()
		rc.Succinct = true
		rc.SilenceSkips = true
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "authprobe conformance", sc, rc)
	reportMu.Lock()
	rep := lastReport
	reportMu.Unlock()
	if rep == nil {
		return nil, fmt.Errorf("conformance: ginkgo produced no report")
	}
	specs, suite := convert(rep, match, o, e.ctx.Err() != nil)
	return &workerResult{Specs: specs, Suite: suite, APIs: describeTargets(e)}, nil
}

func describeTargets(e *env) []results.TargetAPI {
	var out []results.TargetAPI
	for _, t := range e.cfg.Targets {
		api := results.TargetAPI{Name: t.Name, Profile: t.Profile, BaseURL: t.BaseURL, Clock: t.Clock}
		if tg := e.targets[t.Profile]; tg != nil {
			if off, ok := tg.ClockOffset(); ok {
				api.ClockOffset = off.Round(time.Millisecond).String()
			}
			if pins := tg.Pins(); len(pins) > 0 {
				api.Pinned = pins
			}
			api.Observed = tg.Observations()
		}
		out = append(out, api)
	}
	return out
}

// convert turns Ginkgo's report into verdicts, in the suite's order, each
// with its group, and the suite-level failures; interrupted says the run
// was stopped early, which is the reason of the specs Ginkgo then skipped.
func convert(rep *types.Report, match types.LabelFilter, o Options, interrupted bool) (specs []workerSpec, suite []results.SpecResult) {
	red := Redactor()
	for _, s := range rep.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			if s.State.Is(types.SpecStateFailureStates) {
				suite = append(suite, results.SpecResult{
					ID:    "SUITE-" + strings.ToUpper(strings.ReplaceAll(s.LeafNodeType.String(), " ", "-")),
					Title: s.LeafNodeType.String(), Verdict: results.Failed,
					Message: red.Redact(s.Failure.Message), Location: Location(s.Failure.Location.FileName, s.Failure.Location.LineNumber),
				})
			}
			continue
		}
		labels := s.Labels()
		if !match(labels) {
			continue
		}
		id := catalogID(labels)
		b, _ := suites.Lookup(id)
		r := results.SpecResult{
			ID: id, Profile: b.Profile, Title: b.Statement, Labels: labels,
			Duration: results.Duration(s.RunTime),
		}
		if id == "" {
			r.ID, r.Title = "UNCATALOGUED", s.LeafNodeText
		}
		var warnings []string
		stopped := s.State == types.SpecStateInterrupted
		for _, en := range s.ReportEntries {
			switch en.Name {
			case entryInterrupted:
				stopped = true
			case entryWarning:
				warnings = append(warnings, en.StringRepresentation())
			case entryEvidence:
				var ev []Evidence
				if json.Unmarshal([]byte(en.StringRepresentation()), &ev) == nil { // the entry holds the JSON text
					for _, x := range ev {
						r.Evidence = append(r.Evidence, results.Evidence{Request: x.Request, Response: x.Response})
					}
				}
			}
		}
		switch {
		case stopped:
			r.Verdict, r.Reason = results.Skipped, "interrupted: the run was stopped while this spec ran"
		case s.State == types.SpecStatePassed && len(warnings) > 0:
			r.Verdict, r.Message = results.Warning, strings.Join(warnings, "\n")
		case s.State == types.SpecStatePassed:
			r.Verdict = results.Passed
		case s.State == types.SpecStateSkipped || s.State == types.SpecStatePending:
			r.Verdict, r.Reason = results.Skipped, s.Failure.Message
			if r.Reason == "" && interrupted {
				r.Reason = "interrupted: the run was stopped before this spec"
			}
		default:
			r.Verdict = results.Failed
			r.Message = s.Failure.Message
			if s.State != types.SpecStateFailed {
				r.Message = s.State.String() + ": " + r.Message
			}
			r.Location = Location(s.Failure.Location.FileName, s.Failure.Location.LineNumber)
			r.Authority = authorityOf(b)
		}
		if reason, ok := o.Expected[r.ID]; ok {
			switch r.Verdict {
			case results.Failed:
				r.Verdict, r.Reason = results.ExpectedFailure, reason
			case results.Passed, results.Warning:
				r.Verdict, r.Reason = results.UnexpectedPass, "listed as an expected failure ("+reason+") but passed: remove the entry"
			}
		}
		r.Message = red.Redact(r.Message)
		r.Reason = red.Redact(r.Reason)
		specs = append(specs, workerSpec{Group: groupOfReport(s), Result: r})
	}
	return specs, suite
}

// DryRun builds the spec tree without running anything and returns, per
// spec, the catalog ID it carries ("" for a spec without one). Like Run it
// can be called once per process.
func DryRun(t ginkgo.GinkgoTestingT) ([]string, error) {
	sc, rc := ginkgo.GinkgoConfiguration()
	sc.DryRun = true
	rc.Succinct = true
	saved := formatter.ColorableStdOut
	formatter.ColorableStdOut = io.Discard
	defer func() { formatter.ColorableStdOut = saved }()
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "authprobe conformance (dry run)", sc, rc)
	reportMu.Lock()
	rep := lastReport
	reportMu.Unlock()
	if rep == nil {
		return nil, fmt.Errorf("dry run: ginkgo produced no report")
	}
	var ids []string
	for _, s := range rep.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		id := ""
		for _, l := range s.Labels() {
			if _, ok := suites.Lookup(l); ok {
				id = l
				break
			}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// authorityOf is what a FAILED verdict of b rests on: its citations and
// the settings of its target that pinned one of its choices.
func authorityOf(b suites.Behavior) []string {
	out := b.Authorities()
	if t := T(b.Profile); t != nil {
		pins := t.Pins()
		for _, name := range b.PinnedBy {
			if v, ok := pins[name]; ok {
				out = append(out, fmt.Sprintf("setting %s: %s (pinned by the target configuration)", name, v))
			}
		}
	}
	return out
}
