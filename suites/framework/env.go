package framework

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/schemas"
	"github.com/authprobe/authprobe/secrets"
)

// env is the state of one conformance run. Ginkgo runs a suite once per
// process, so there is one.
type env struct {
	cfg      *config.File
	targets  map[string]*Target // by profile
	redactor *secrets.Redactor
	ctx      context.Context
	cancel   context.CancelFunc

	mu  sync.Mutex
	rec *recorder // the current spec's recorder
}

var (
	envMu   sync.Mutex
	current *env
)

// setEnv makes the run's state; rate caps each target's requests per
// second (0: no cap).
func setEnv(parent context.Context, cfg *config.File, rate float64) (*env, error) {
	if parent == nil {
		parent = context.Background()
	}
	e := &env{cfg: cfg, targets: map[string]*Target{}, redactor: &secrets.Redactor{}}
	e.ctx, e.cancel = context.WithCancel(parent)
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if _, dup := e.targets[t.Profile]; dup {
			return nil, fmt.Errorf("target %s: only one target per profile per run (profile %s)", t.Name, t.Profile)
		}
		tg, err := newTarget(t)
		if err != nil {
			return nil, err
		}
		if l := currentLink(); l != nil && rate > 0 {
			capRate(tg.HTTP, linkWaiter{l: l, profile: t.Profile}) // the parent's bucket, shared by the workers
		} else if lim := newLimiter(rate); lim != nil {
			capRate(tg.HTTP, lim)
		}
		e.targets[t.Profile] = tg
		addCredentials(e.redactor, t)
	}
	envMu.Lock()
	current = e
	envMu.Unlock()
	return e, nil
}

// addCredentials has r mask every credential value of t.
func addCredentials(r *secrets.Redactor, t *config.Target) {
	for _, c := range t.Credentials {
		for _, v := range c {
			r.Add(v)
		}
	}
}

// close ends the run: its context, and the targets' idle connections (a
// connection dialled for a concurrent request and never used would hold
// up a server's graceful shutdown).
func (e *env) close() {
	e.cancel()
	for _, t := range e.targets {
		t.HTTP.CloseIdleConnections()
	}
}

func getEnv() *env {
	envMu.Lock()
	defer envMu.Unlock()
	return current
}

// T returns the target of a profile, or nil when the run has none.
func T(profile string) *Target {
	e := getEnv()
	if e == nil {
		return nil
	}
	return e.targets[profile]
}

// Redactor returns the run's secret masker: credentials from the
// configuration plus every secret seen in an exchange.
func Redactor() *secrets.Redactor {
	if e := getEnv(); e != nil {
		return e.redactor
	}
	return &secrets.Redactor{}
}

// Ctx returns the context specs pass to API clients: every exchange sent
// with it is kept as evidence of the current spec and its answer is
// schema-checked after the spec.
func Ctx() context.Context {
	e := getEnv()
	if e == nil {
		return context.Background()
	}
	e.mu.Lock()
	r := e.rec
	e.mu.Unlock()
	if r == nil {
		r = &recorder{}
	}
	return r.context(e.ctx)
}

// recorded is one observed exchange.
type recorded struct {
	profile string
	op      string
	x       *wire.Exchange
	err     error
}

// recorder collects the exchanges of one spec (or one background timeline).
type recorder struct {
	mu   sync.Mutex
	list []recorded
}

func (r *recorder) context(parent context.Context) context.Context {
	// A target given up on (its last exchanges timed out) gets no more
	// requests: a spec in flight fails at its next one, naming why.
	parent = wire.WithGate(parent, func(op string) error {
		if t := T(profileOfOp(op)); t != nil {
			if why := t.givenUp(); why != "" {
				return errors.New(why)
			}
		}
		return nil
	})
	return wire.WithObserver(parent, func(op string, x *wire.Exchange, err error) {
		received := time.Now()
		profile := profileOfOp(op)
		if t := T(profile); t != nil {
			t.observeOffset(x, received)
			t.observeHealth(x, err)
		}
		r.mu.Lock()
		r.list = append(r.list, recorded{profile: profile, op: op, x: x, err: err})
		r.mu.Unlock()
	})
}

func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.list
	r.list = nil
	return out
}

func (r *recorder) add(items []recorded) {
	r.mu.Lock()
	r.list = append(r.list, items...)
	r.mu.Unlock()
}

// profileOfOp reads the profile from a client's op name ("irp Authenticate").
func profileOfOp(op string) string {
	for i := 0; i < len(op); i++ {
		if op[i] == ' ' {
			return op[:i]
		}
	}
	return op
}

// schemaViolations checks every recorded answer against its schema.
func schemaViolations(items []recorded) []string {
	var out []string
	for _, it := range items {
		if it.x == nil || it.x.Status == 0 || len(it.x.Body) == 0 {
			continue
		}
		p, ok := lookupProfile(it.profile)
		if !ok || p.SchemaFor == nil {
			continue
		}
		name := p.SchemaFor(it.op, it.x)
		if name == "" {
			continue
		}
		if err := schemas.Validate(name, it.x.Body); err != nil {
			out = append(out, fmt.Sprintf("%s %s → %d: %v", it.x.Method, it.x.URL, it.x.Status, err))
		}
	}
	return out
}
