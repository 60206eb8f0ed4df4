package load

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/config"
)

// Targeter is the request source of a load run, as in vegeta: it builds
// each hit's request. The packages under load/ (irp, certna, ishare,
// videntity) implement it on their client's request builders.
type Targeter interface {
	// Next fills t with a fresh, valid request for one hit. It is called
	// concurrently by vegeta's workers. A failure of one hit (an earlier
	// step refused or unreachable) must be reported with Replay or Fail,
	// not as an error: an error stops the whole attack, and Run returns it.
	Next(t *vegeta.Target) error
}

// API is what an API's Factory builds for one target: where hits come
// from, how their answers are read, and the steps of a multi-exchange hit.
type API struct {
	// Targeter builds each hit's request.
	Targeter Targeter
	// Judge reads each hit's answer.
	Judge Judge
	// Steps lists the exchanges of one hit when there are several (CeRTNA:
	// salt then login), each with the URL path that identifies it; nil for
	// a single-exchange hit.
	Steps []Step
}

// Step is one exchange of a multi-step hit.
type Step struct {
	// Name labels the step in LoadResult.StepLatency ("salt", "login").
	Name string
	// Path is the URL path of the step's requests.
	Path string
}

// Env is what a targeter gets from the run.
type Env struct {
	// HTTP sends a targeter's own requests (earlier steps of a hit). It
	// is the attack's client: same connections, timeout, step timing and
	// interruption.
	HTTP *http.Client
	// Context is the run's context; a targeter's own requests use it.
	Context context.Context
	// MaxBody caps the answers a targeter reads itself.
	MaxBody int64
	// WrongCredentials asks for requests with a deliberately wrong
	// password or secret (derived with Alter), for scenarios that expect
	// a documented refusal code instead of a token.
	WrongCredentials bool
	// Now is the clock used for request timestamps (default time.Now).
	Now func() time.Time
}

// Factory builds one API's targeter and judge for a configured target.
// Options of an API's own (CeRTNA's salt caching) are given to the
// function that returns its Factory; package load/registry has one
// Factory per profile.
type Factory func(t config.Target, env Env) (API, error)

// RoundRobin hands out indexes of a pool in turn; safe for concurrent use.
type RoundRobin struct{ n atomic.Uint64 }

// Next returns the next index below size (size must be positive).
func (r *RoundRobin) Next(size int) int {
	return int((r.n.Add(1) - 1) % uint64(size))
}

// Accounts returns the credentials sets of t, each checked against the
// API's table (clients/<api>.Table): every key the table lists is there
// and not blank. The error names the target, the set and the keys
// missing: "target shop: credentials[0]: missing shared_secret".
func Accounts(t config.Target, table config.Profile) ([]map[string]string, error) {
	if len(t.Credentials) == 0 {
		return nil, fmt.Errorf("target %s has no credentials (%s wants %s)", t.Name, table.Name, strings.Join(table.CredentialKeys(), ", "))
	}
	for i, c := range t.Credentials {
		if missing := table.CheckCredentials(c); len(missing) > 0 {
			return nil, fmt.Errorf("target %s: credentials[%d]: missing %s", t.Name, i, strings.Join(missing, ", "))
		}
	}
	return t.Credentials, nil
}

// Alter derives a wrong password or secret from a right one by replacing
// its last character, so a wrong-credentials flood is as long as the real
// one and differs from it only at the end.
func Alter(s string) string {
	if s == "" {
		return "x"
	}
	r, size := utf8.DecodeLastRuneInString(s)
	repl := "x"
	if r == 'x' {
		repl = "y"
	}
	return s[:len(s)-size] + repl
}
