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

// ExpectToken is the default expectation: a hit succeeds when its answer
// issues a token.
const ExpectToken = "token"

// Targeter builds the requests of one API for the load runner. The
// packages under load/ (irp, certna, ishare, videntity) implement it on
// their client's request builders.
type Targeter interface {
	// Next fills t with a fresh, valid request for one hit. It is called
	// concurrently by vegeta's workers. A failure of one hit (an earlier
	// step refused or unreachable) must be reported with Replay or Fail,
	// not as an error: an error stops the whole attack, and Run returns it.
	Next(t *vegeta.Target) error
	// Classify says whether an answer issued a token and, if not, which
	// documented code it carried (the client's Classify).
	Classify(status int, body []byte) (issued bool, code string)
	// Code checks that expect is a documented code of the API and returns
	// it in the form Classify reports it ("AUTHENTICATION_ERROR" may be
	// reported as "1").
	Code(expect string) (string, error)
	// Steps lists the exchanges of one hit when there are several (CeRTNA:
	// salt then login), each with the URL path that identifies it; nil for
	// a single-exchange hit.
	Steps() []Step
	// Token returns the token an issuing answer carries, for the raw
	// results file (where it is written masked); "" when none.
	Token(status int, header http.Header, body []byte) string
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
	// CacheSalts lets a salted flow (CeRTNA) fetch each user's salt once
	// and then send only the login.
	CacheSalts bool
	// Now is the clock used for request timestamps (default time.Now).
	Now func() time.Time
}

// Factory builds the targeter of one API for a configured target.
type Factory func(t config.Target, env Env) (Targeter, error)

// RoundRobin hands out indexes of a pool in turn; safe for concurrent use.
type RoundRobin struct{ n atomic.Uint64 }

// Next returns the next index below size (size must be positive).
func (r *RoundRobin) Next(size int) int {
	return int((r.n.Add(1) - 1) % uint64(size))
}

// Credential returns the value of key in the i-th credentials set of t,
// or an error naming the target, the set and the key.
func Credential(t config.Target, i int, key string) (string, error) {
	if i < 0 || i >= len(t.Credentials) {
		return "", fmt.Errorf("target %s: no credentials[%d]", t.Name, i)
	}
	v, ok := t.Credentials[i][key]
	if !ok || v == "" {
		return "", fmt.Errorf("target %s: credentials[%d]: missing %s", t.Name, i, key)
	}
	return v, nil
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

// ValidateCode checks expect against documented codes and returns the
// documented spelling; aliases maps other accepted spellings to it.
// Targeters use it to implement Code.
func ValidateCode(profile, expect string, documented []string, aliases map[string]string) (string, error) {
	e := strings.TrimSpace(expect)
	if a, ok := aliases[e]; ok {
		return a, nil
	}
	for _, c := range documented {
		if strings.EqualFold(c, e) {
			return c, nil
		}
	}
	return "", fmt.Errorf("expect %q is not a documented code of %s (documented: %s, or %q)", expect, profile, strings.Join(documented, ", "), ExpectToken)
}
