package framework

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
)

// workerStopGrace is how long a worker has, once told to stop (SIGTERM),
// to write what it ran before it is killed.
const workerStopGrace = 1500 * time.Millisecond

// parallelizable says whether a run can use workers: at least one target
// whose clock is not controlled (the specs of a controlled target move its
// clock, so they stay together, and a run of controlled targets only is
// fast in one process).
func parallelizable(cfg *config.File) bool {
	for _, t := range cfg.Targets {
		if t.Clock != config.ClockControlled {
			return true
		}
	}
	return false
}

// runParallel runs the selected specs in o.Parallel worker processes (this
// executable in its worker mode, see MaybeWorker) and merges what they ran.
//
// Every worker builds the same spec tree and walks it in the same order;
// before each spec it asks this process for the spec's group (groupOf), and
// the first worker to ask gets it, so the workers drain the catalog like a
// work queue and a group's specs run in one worker. Real-clock timelines
// are claimed the same way when a worker starts. Results are merged by
// position (the trees are identical): each spec's verdict comes from the
// worker that owned its group. The request-rate cap is divided among the
// workers through the parent: a worker takes each request's token from the
// parent's bucket of that target. Canceling o.Context sends each worker SIGTERM (they stop like
// an interrupted run and still report) and kills it after workerStopGrace.
func runParallel(o Options) (*workerResult, error) {
	e, err := setEnv(o.Context, o.Config, 0) // the parent sends nothing; it keeps the redactor
	if err != nil {
		return nil, err
	}
	defer e.cancel()
	setProgress(o.Progress)
	defer setProgress(nil)
	exe := o.Executable
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("parallel conformance: finding this program to start workers: %w", err)
		}
	}
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("parallel conformance: %w", err)
	}
	job := workerJob{
		Nonce: hex.EncodeToString(nonce), Config: o.Config, ConfigPath: o.Config.Path,
		LabelFilter: o.LabelFilter, Expected: o.Expected, Strict: o.Strict, RateLimit: o.RateLimit,
		Seed: time.Now().UnixNano()%1_000_000 + 1,
	}
	for _, t := range o.Config.Targets {
		job.Timeouts = append(job.Timeouts, t.Timeout.Std())
	}
	p := &parent{o: o, owner: map[string]int{}, outs: make([]*workerResult, o.Parallel), limiters: map[string]*rate.Limiter{},
		stdins: make([]*workerStdin, o.Parallel), health: map[string]*sharedHealth{}}
	for _, t := range o.Config.Targets {
		p.limiters[t.Profile] = newLimiter(o.RateLimit)
	}
	var wg sync.WaitGroup
	errs := make([]error, o.Parallel)
	for i := 0; i < o.Parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.runWorker(e.ctx, i, exe, job)
		}()
	}
	wg.Wait()
	if werr := errors.Join(errs...); werr != nil && e.ctx.Err() == nil {
		return nil, fmt.Errorf("parallel conformance: %w", werr)
	}
	res, err := p.merge()
	if err != nil && e.ctx.Err() == nil {
		return nil, fmt.Errorf("parallel conformance: %w", err)
	}
	if res == nil { // interrupted before any worker reported
		res = &workerResult{APIs: describeTargets(e)}
	}
	return res, nil
}

// parent is the coordinating process of a parallel run.
type parent struct {
	o       Options
	mu      sync.Mutex
	owner   map[string]int // group -> worker
	outs    []*workerResult
	started bool // the start event was passed on
	// limiters are the targets' request-rate buckets (nil: no cap).
	limiters map[string]*rate.Limiter
	// stdins are the workers' stdins, for answers and notices.
	stdins []*workerStdin
	// health counts each target's timeouts in a row over all workers.
	health map[string]*sharedHealth
}

// workerStdin is a worker's stdin, written line by line.
type workerStdin struct {
	mu sync.Mutex
	w  io.WriteCloser
}

func (s *workerStdin) line(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = fmt.Fprintf(s.w, format+"\n", args...)
}

func (s *workerStdin) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.Close()
}

// sharedHealth is one target's exchanges that timed out in a row, counted
// over every worker: a target that stops answering is judged once for the
// run, not once per worker.
type sharedHealth struct {
	timeouts int
	last     string
}

// observe counts one worker's exchange with a target and, when the target
// reaches MaxConsecutiveTimeouts, tells every worker (each then fails its
// specs of the target not yet run, as a sequential run does).
func (p *parent) observe(h healthReport) {
	p.mu.Lock()
	sh := p.health[h.Profile]
	if sh == nil {
		sh = &sharedHealth{}
		p.health[h.Profile] = sh
	}
	if !h.Timeout {
		*sh = sharedHealth{}
		p.mu.Unlock()
		return
	}
	sh.timeouts++
	sh.last = h.Last
	if sh.timeouts != MaxConsecutiveTimeouts { // told at the third only
		p.mu.Unlock()
		return
	}
	notice, _ := json.Marshal(downNotice{Profile: h.Profile, Timeouts: sh.timeouts, Last: sh.last})
	stdins := append([]*workerStdin(nil), p.stdins...)
	p.mu.Unlock()
	for _, in := range stdins {
		if in != nil {
			in.line("%s%s", downPrefix, notice)
		}
	}
}

// grant gives group to worker i unless another has it.
func (p *parent) grant(group string, i int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w, ok := p.owner[group]; ok {
		return w == i
	}
	p.owner[group] = i
	return true
}

// event passes a worker's progress on (the start of the first only).
func (p *parent) event(ev Event) {
	if p.o.Progress == nil {
		return
	}
	p.mu.Lock()
	if ev.Kind == EventStart {
		if p.started {
			p.mu.Unlock()
			return
		}
		p.started = true
	}
	p.mu.Unlock()
	emit(ev)
}

// runWorker starts worker i, answers its claims, passes its progress on,
// and keeps its results.
func (p *parent) runWorker(ctx context.Context, i int, exe string, job workerJob) error {
	results, resultsW, err := os.Pipe()
	if err != nil {
		return err
	}
	defer results.Close()
	cmd := exec.Command(exe, workerArg)
	cmd.Env = append(os.Environ(), workerEnv+"="+job.Nonce)
	cmd.ExtraFiles = []*os.File{resultsW}
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = workerProcAttr()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		resultsW.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		resultsW.Close()
		return fmt.Errorf("starting worker %d (%s): %w", i+1, exe, err)
	}
	resultsW.Close()
	exited := make(chan struct{})
	go func() { // stop the worker when the run is interrupted
		select {
		case <-ctx.Done():
			_ = cmd.Process.Signal(stopSignal)
			select {
			case <-exited:
			case <-time.After(workerStopGrace):
				_ = cmd.Process.Kill()
			}
		case <-exited:
		}
	}()
	in := &workerStdin{w: stdin}
	line, _ := json.Marshal(job)
	in.line("%s", line)
	p.mu.Lock()
	p.stdins[i] = in
	p.mu.Unlock()
	answer := func(seq int64, ok bool) {
		v := 0
		if ok {
			v = 1
		}
		in.line("%d %d", seq, v)
	}
	sc := bufio.NewScanner(results)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	var res *workerResult
	for sc.Scan() {
		var m workerMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			continue
		}
		switch {
		case m.Claim != "":
			answer(m.Seq, p.grant(m.Claim, i))
		case m.Take != "":
			lim := p.limiters[m.Take]
			if lim == nil {
				answer(m.Seq, true)
				continue
			}
			go func(seq int64) {
				if lim.Wait(ctx) == nil { // canceled: no answer; the worker is being stopped
					answer(seq, true)
				}
			}(m.Seq)
		case m.Health != nil:
			p.observe(*m.Health)
		case m.Event != nil:
			p.event(*m.Event)
		case m.Result != nil:
			res = m.Result
		}
	}
	p.mu.Lock()
	p.stdins[i] = nil
	p.mu.Unlock()
	in.close()
	werr := cmd.Wait()
	close(exited)
	p.mu.Lock()
	p.outs[i] = res
	p.mu.Unlock()
	switch {
	case res == nil && ctx.Err() == nil:
		return fmt.Errorf("worker %d ended without results: %v", i+1, werr)
	case res != nil && len(res.Errors) > 0:
		return fmt.Errorf("worker %d: %s", i+1, res.Errors[0])
	}
	return nil
}

// merge builds the run's results from the workers': each spec's verdict
// from the worker that owned its group (a spec no worker claimed has the
// same verdict in all, e.g. SKIPPED when interrupted, or FAILED when its
// Ordered container's setup failed); a spec whose owner was killed before
// it reported is SKIPPED as interrupted.
func (p *parent) merge() (*workerResult, error) {
	var base *workerResult
	for _, r := range p.outs {
		if r != nil && len(r.Errors) == 0 {
			base = r
			break
		}
	}
	if base == nil {
		for _, r := range p.outs {
			if r != nil {
				return nil, errors.New(r.Errors[0])
			}
		}
		return nil, errors.New("no worker reported")
	}
	out := &workerResult{}
	seenSuite := map[string]bool{}
	for _, r := range p.outs {
		if r == nil {
			continue
		}
		if !sameTree(r.Specs, base.Specs) {
			return nil, fmt.Errorf("workers ran different spec trees (%d and %d specs)", len(r.Specs), len(base.Specs))
		}
		for _, s := range r.Suite {
			if key := s.ID + "\x00" + s.Message; !seenSuite[key] {
				seenSuite[key] = true
				out.Suite = append(out.Suite, s)
			}
		}
	}
	for i, s := range base.Specs {
		w, claimed := p.owner[s.Group]
		switch {
		case !claimed:
			out.Specs = append(out.Specs, s)
		case p.outs[w] != nil:
			out.Specs = append(out.Specs, p.outs[w].Specs[i])
		default:
			r := s.Result
			r.Verdict, r.Reason, r.Message, r.Location, r.Authority, r.Evidence = results.Skipped,
				"interrupted: the worker running this spec was stopped before it reported", "", "", nil, nil
			out.Specs = append(out.Specs, workerSpec{Group: s.Group, Result: r})
		}
	}
	out.APIs = mergeAPIs(p.outs)
	return out, nil
}

// sameTree says whether two workers' specs are the same, in one order.
func sameTree(a, b []workerSpec) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Result.ID != b[i].Result.ID || a[i].Group != b[i].Group {
			return false
		}
	}
	return true
}

// mergeAPIs merges what the workers learnt of each target: the pins (the
// same in all), the first measured clock offset, and every observation
// with its counts summed.
func mergeAPIs(outs []*workerResult) []results.TargetAPI {
	var merged []results.TargetAPI
	for _, r := range outs {
		if r == nil {
			continue
		}
		if merged == nil {
			for _, a := range r.APIs {
				a.Observed = nil
				a.ClockOffset = ""
				merged = append(merged, a)
			}
		}
		for i, a := range r.APIs {
			if i >= len(merged) {
				break
			}
			m := &merged[i]
			if m.ClockOffset == "" {
				m.ClockOffset = a.ClockOffset
			}
			for _, ob := range a.Observed {
				found := false
				for j := range m.Observed {
					if m.Observed[j].Situation == ob.Situation && m.Observed[j].Answer == ob.Answer {
						m.Observed[j].Count += ob.Count
						found = true
						break
					}
				}
				if !found {
					m.Observed = append(m.Observed, ob)
				}
			}
		}
	}
	return merged
}
