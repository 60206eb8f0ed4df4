package framework

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites"
)

// A parallel run (Options.Parallel > 1) starts worker processes: the same
// executable, started with workerArg as its only argument and workerEnv set
// to a fresh random nonce that the job it reads on stdin must repeat. Each
// worker runs the whole selected spec tree in its own Ginkgo suite, but runs
// only the specs whose group it claims from the parent (the first worker to
// reach a group gets it; the others skip it), so the workers share the
// catalog like a work queue. See docs/ARCHITECTURE.md, "Parallel runs".
const (
	workerArg = "__authprobe-conformance-worker"
	workerEnv = "AUTHPROBE_CONFORMANCE_WORKER"
	// skipClaimed is the skip reason of a spec another worker runs.
	skipClaimed = "authprobe: run by another worker"
)

// workerJob is what the parent sends a worker, as one JSON line on stdin.
type workerJob struct {
	Nonce       string            `json:"nonce"`
	Config      *config.File      `json:"config"`
	Timeouts    []time.Duration   `json:"timeouts"` // per target: config.Duration does not survive JSON
	ConfigPath  string            `json:"config_path"`
	LabelFilter string            `json:"label_filter"`
	Expected    map[string]string `json:"expected"`
	Strict      bool              `json:"strict"`
	RateLimit   float64           `json:"rate_limit"`
	Seed        int64             `json:"seed"`
}

// workerMessage is one JSON line a worker writes to the parent on its
// results pipe (file descriptor 3): a claim of a group or a request for a
// token of a target's request-rate bucket (answered on the worker's stdin
// with "<seq> 1" or "<seq> 0"), how an exchange with a target went (timed
// out or answered), a progress event, or the results at the end.
type workerMessage struct {
	Seq    int64         `json:"seq,omitempty"`
	Claim  string        `json:"claim,omitempty"`
	Take   string        `json:"take,omitempty"` // a target's profile
	Health *healthReport `json:"health,omitempty"`
	Event  *Event        `json:"event,omitempty"`
	Result *workerResult `json:"result,omitempty"`
}

// healthReport is one exchange's outcome as the target's health sees it:
// a timeout, or an answer (which ends a run of timeouts).
type healthReport struct {
	Profile string `json:"profile"`
	Timeout bool   `json:"timeout,omitempty"`
	Last    string `json:"last,omitempty"` // the timeout's error
}

// downPrefix starts the line, "down {json}", by which the parent tells
// every worker that a target stopped answering (downNotice).
const downPrefix = "down "

// downNotice says that a target's last exchanges, over all workers, timed
// out: Timeouts in a row, the last failing with Last.
type downNotice struct {
	Profile  string `json:"profile"`
	Timeouts int    `json:"timeouts"`
	Last     string `json:"last"`
}

// workerResult is what one worker ran: every selected spec in the suite's
// order (the same order in every worker) with its group, the suite-level
// failures, and what it learnt of the targets.
type workerResult struct {
	Specs  []workerSpec         `json:"specs"`
	Suite  []results.SpecResult `json:"suite,omitempty"`
	APIs   []results.TargetAPI  `json:"apis"`
	Errors []string             `json:"errors,omitempty"`
}

type workerSpec struct {
	Group  string             `json:"group"`
	Result results.SpecResult `json:"result"`
}

// workerLink is a worker's side of the protocol; nil outside a worker.
type workerLink struct {
	outMu sync.Mutex
	out   *json.Encoder

	mu      sync.Mutex
	seq     int64
	pending map[int64]chan bool
	owned   map[string]bool // groups asked for: granted or not
	closed  bool            // the parent is gone: nothing more is granted
}

func newWorkerLink(out io.Writer, in *bufio.Reader) *workerLink {
	l := &workerLink{out: json.NewEncoder(out), pending: map[int64]chan bool{}, owned: map[string]bool{}}
	go l.readAnswers(in)
	return l
}

// readAnswers hands each answer of the parent to the request waiting for it.
func (l *workerLink) readAnswers(in *bufio.Reader) {
	for {
		line, err := in.ReadString('\n')
		if err != nil {
			l.mu.Lock()
			l.closed = true
			for seq, ch := range l.pending {
				close(ch)
				delete(l.pending, seq)
			}
			l.mu.Unlock()
			return
		}
		if notice, ok := strings.CutPrefix(line, downPrefix); ok {
			var n downNotice
			if json.Unmarshal([]byte(notice), &n) == nil {
				if t := T(n.Profile); t != nil {
					t.markDown(n.Timeouts, n.Last)
				}
			}
			continue
		}
		var seq int64
		var ok int
		if _, err := fmt.Sscanf(line, "%d %d", &seq, &ok); err != nil {
			continue
		}
		l.mu.Lock()
		ch := l.pending[seq]
		delete(l.pending, seq)
		l.mu.Unlock()
		if ch != nil {
			ch <- ok == 1
		}
	}
}

var (
	linkMu sync.Mutex
	link   *workerLink
)

func currentLink() *workerLink {
	linkMu.Lock()
	defer linkMu.Unlock()
	return link
}

// send writes one message to the parent.
func (l *workerLink) send(m workerMessage) error {
	l.outMu.Lock()
	defer l.outMu.Unlock()
	return l.out.Encode(m)
}

// ask sends a request and waits for its answer (false when the parent is
// gone or ctx ends first).
func (l *workerLink) ask(ctx context.Context, m workerMessage) bool {
	ch := make(chan bool, 1)
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.seq++
	m.Seq = l.seq
	l.pending[m.Seq] = ch
	l.mu.Unlock()
	if l.send(m) != nil {
		return false
	}
	select {
	case ok := <-ch:
		return ok
	case <-ctx.Done():
		return false
	}
}

// claim asks the parent for a group: true when this worker runs it.
func (l *workerLink) claim(group string) bool {
	l.mu.Lock()
	if ok, asked := l.owned[group]; asked {
		l.mu.Unlock()
		return ok
	}
	l.mu.Unlock()
	granted := l.ask(context.Background(), workerMessage{Claim: group})
	l.mu.Lock()
	l.owned[group] = granted
	l.mu.Unlock()
	return granted
}

func (l *workerLink) owns(group string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.owned[group]
}

// linkWaiter takes tokens of a target's request-rate bucket, which the
// parent keeps for all workers.
type linkWaiter struct {
	l       *workerLink
	profile string
}

// Wait returns when the parent hands out a token, or ctx ends.
func (w linkWaiter) Wait(ctx context.Context) error {
	if !w.l.ask(ctx, workerMessage{Take: w.profile}) {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("the parallel run's coordinator refused a request to %s (stopping)", w.profile)
	}
	return nil
}

// groupOf names the specs that must run in one process, one after another:
// every spec of a target on a controlled clock (they move its clock), the
// specs of one Ordered container (they share state), the sampling specs of
// a profile (they share one sample); any other spec is a group of its own.
func groupOf(profile, id string, ordered bool, containers []string) string {
	if t := T(profile); t != nil && t.Clock() == config.ClockControlled {
		return "target:" + profile
	}
	if ordered {
		return "ordered:" + profile + ":" + strings.Join(containers, " / ")
	}
	if sampling(id) {
		return "sample:" + profile
	}
	return "spec:" + id
}

func groupOfReport(s types.SpecReport) string {
	id := catalogID(s.Labels())
	b, _ := suites.Lookup(id)
	return groupOf(b.Profile, id, s.IsInOrderedContainer, s.ContainerHierarchyTexts)
}

// ownsSpec says whether this process runs s: always outside a worker.
func ownsSpec(s types.SpecReport) bool {
	l := currentLink()
	return l == nil || l.owns(groupOfReport(s))
}

// claimCurrentSpec claims the running spec's group; false means another
// worker runs it.
func claimCurrentSpec() bool {
	l := currentLink()
	return l == nil || l.claim(groupOfReport(ginkgo.CurrentSpecReport()))
}

// claimGroup claims a group outside a spec (a timeline started before the
// specs); true outside a worker.
func claimGroup(group string) bool {
	l := currentLink()
	return l == nil || l.claim(group)
}

// catalogID is the catalog ID among a spec's labels ("" if none).
func catalogID(labels []string) string {
	for _, l := range labels {
		if _, ok := suites.Lookup(l); ok {
			return l
		}
	}
	return ""
}

// MaybeWorker turns this process into a conformance worker when a parallel
// run started it as one, and never returns then; otherwise it returns at
// once. Call it first thing in main (cmd/authprobe) and in the TestMain of
// test binaries that run conformance in parallel (a parallel run re-executes
// os.Executable()). A process started with the worker argument but without
// the parent's nonce in its environment refuses with exit code 2: the mode
// cannot be entered by accident.
func MaybeWorker() {
	if len(os.Args) < 2 || os.Args[1] != workerArg {
		return
	}
	os.Exit(runWorker(os.Args[1:], os.Getenv(workerEnv), os.Stdin, os.NewFile(3, "results"), os.Stderr))
}

// runWorker is the worker's main: it returns the exit code.
func runWorker(args []string, nonce string, stdin io.Reader, results io.Writer, stderr io.Writer) int {
	refuse := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "authprobe: %s is the internal worker mode of a parallel conformance run, not a verb: "+format+"\n", append([]any{workerArg}, a...)...)
		return 2
	}
	if len(args) != 1 {
		return refuse("unexpected arguments %q", args[1:])
	}
	if nonce == "" {
		return refuse("started without its marker (%s)", workerEnv)
	}
	if results == nil {
		return refuse("no results pipe")
	}
	in := bufio.NewReader(stdin)
	line, err := in.ReadBytes('\n')
	if err != nil {
		return refuse("reading the job: %v", err)
	}
	var job workerJob
	if err := json.Unmarshal(line, &job); err != nil {
		return refuse("reading the job: %v", err)
	}
	if job.Nonce != nonce || job.Config == nil {
		return refuse("the job does not carry the marker")
	}
	cfg := job.Config
	cfg.Path = job.ConfigPath
	for i := range cfg.Targets {
		if i < len(job.Timeouts) {
			cfg.Targets[i].Timeout = config.Dur(job.Timeouts[i])
		}
	}
	l := newWorkerLink(results, in)
	linkMu.Lock()
	link = l
	linkMu.Unlock()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := runSuite(Options{
		Config: cfg, LabelFilter: job.LabelFilter, Expected: job.Expected, Strict: job.Strict,
		Quiet: true, Context: ctx, RateLimit: job.RateLimit, seed: job.Seed,
		Progress: func(ev Event) { _ = l.send(workerMessage{Event: &ev}) },
	})
	if err != nil {
		res = &workerResult{Errors: []string{err.Error()}}
	}
	_ = l.send(workerMessage{Result: res})
	return 0
}
