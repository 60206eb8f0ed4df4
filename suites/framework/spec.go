package framework

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites"
)

// Report entry names the framework uses.
const (
	entryWarning     = "authprobe-warning"
	entryEvidence    = "authprobe-evidence"
	entryInterrupted = "authprobe-interrupted"
)

// Describe is a container for one profile's specs: it carries the profile
// label and skips everything when the run has no target for the profile.
func Describe(profile, text string, body func()) bool {
	return ginkgo.Describe(profile+": "+text, ginkgo.Label(profile), ginkgo.Offset(1), func() {
		ginkgo.BeforeEach(func() {
			t := T(profile)
			if t == nil {
				ginkgo.Skip("no target for profile " + profile + " in this run")
			}
			if why := t.unresponsive(); why != "" {
				ginkgo.Fail(why)
			}
		})
		body()
	})
}

// specLabels returns the Ginkgo labels of a catalog entry.
func specLabels(b suites.Behavior) ginkgo.Labels {
	l := ginkgo.Labels{b.Profile, b.ID}
	l = append(l, b.Labels...)
	return l
}

func behavior(id string) suites.Behavior {
	b, ok := suites.Lookup(id)
	if !ok {
		panic(fmt.Sprintf("framework: spec %s has no catalog entry in suites/behaviors", id))
	}
	return b
}

// SpecText is the text of a spec: its ID and the catalog statement.
func SpecText(id string) string {
	b, _ := suites.Lookup(id)
	return id + " " + b.Statement
}

// It registers the spec of a catalog entry. The body is func() or
// func(SpecContext).
func It(id string, body any, decorators ...any) bool {
	b := behavior(id)
	args := append([]any{specLabels(b), ginkgo.Offset(1)}, decorators...)
	args = append(args, body)
	return ginkgo.It(SpecText(id), args...)
}

// Entry is a DescribeTable entry for a catalog entry.
func Entry(id string, parameters ...any) ginkgo.TableEntry {
	b := behavior(id)
	args := append([]any{specLabels(b), ginkgo.Offset(1)}, parameters...)
	return ginkgo.Entry(SpecText(id), args...)
}

// Warn records a WARNING: the spec passes as far as Ginkgo is concerned,
// but its verdict is WARNING (a "should" broken, or a security smell that
// the vendor does not forbid). Use it only in specs whose catalog severity
// is WARNING.
func Warn(format string, args ...any) {
	ginkgo.AddReportEntry(entryWarning, fmt.Sprintf(format, args...), ginkgo.ReportEntryVisibilityFailureOrVerbose, ginkgo.Offset(1))
}

// Evidence is one exchange as shown in reports, secrets masked.
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
}

const maxEvidenceBody = 2048

func renderEvidence(items []recorded) []Evidence {
	red := Redactor()
	for _, it := range items {
		if it.x != nil {
			red.Add(it.x.Secrets...)
		}
	}
	out := make([]Evidence, 0, len(items))
	for _, it := range items {
		var req, resp strings.Builder
		if it.x != nil {
			fmt.Fprintf(&req, "%s %s\n", it.x.Method, it.x.URL)
			for k, vs := range it.x.RequestHeader {
				fmt.Fprintf(&req, "%s: %s\n", k, strings.Join(vs, ", "))
			}
			if len(it.x.RequestBody) > 0 {
				req.WriteString("\n" + clip(it.x.RequestBody))
			}
			if it.x.Status != 0 {
				fmt.Fprintf(&resp, "%d (%s)\n", it.x.Status, it.x.Duration.Round(100_000))
				for _, k := range []string{"Content-Type", "Content-Length", "Www-Authenticate", "Location"} {
					if v := it.x.Header.Get(k); v != "" {
						fmt.Fprintf(&resp, "%s: %s\n", k, v)
					}
				}
				if len(it.x.Body) > 0 {
					resp.WriteString("\n" + clip(it.x.Body))
				}
			}
		}
		if it.err != nil {
			fmt.Fprintf(&resp, "\nerror: %v", it.err)
		}
		out = append(out, Evidence{Request: red.Redact(req.String()), Response: red.Redact(resp.String())})
	}
	return out
}

func clip(b []byte) string {
	if len(b) > maxEvidenceBody {
		return string(b[:maxEvidenceBody]) + fmt.Sprintf("\n… (%d more bytes)", len(b)-maxEvidenceBody)
	}
	return string(b)
}

// The hooks below apply to every spec of the suite.
var _ = ginkgo.BeforeEach(func() {
	e := getEnv()
	if e == nil {
		return
	}
	if e.ctx.Err() != nil {
		ginkgo.Skip("interrupted: the run was stopped before this spec")
	}
	if !claimCurrentSpec() {
		ginkgo.Skip(skipClaimed)
	}
	e.mu.Lock()
	e.rec = &recorder{}
	e.mu.Unlock()
})

var _ = ginkgo.AfterEach(func() {
	e := getEnv()
	if e == nil {
		return
	}
	e.mu.Lock()
	r := e.rec
	e.rec = nil
	e.mu.Unlock()
	if r == nil {
		return
	}
	items := r.take()
	report := ginkgo.CurrentSpecReport()
	if e.ctx.Err() != nil && canceledExchange(items) {
		// The run was stopped under this spec: its exchanges were
		// canceled, so its outcome says nothing about the target.
		ginkgo.AddReportEntry(entryInterrupted, "interrupted: the run was stopped while this spec ran", ginkgo.ReportEntryVisibilityNever)
		return
	}
	violations := schemaViolations(items)
	if report.Failed() || len(violations) > 0 {
		if ev, err := json.Marshal(renderEvidence(items)); err == nil {
			ginkgo.AddReportEntry(entryEvidence, string(ev), ginkgo.ReportEntryVisibilityNever)
		}
	}
	if len(violations) > 0 && !report.Failed() {
		ginkgo.Fail(Redactor().Redact("schema violation: " + strings.Join(violations, "\n")))
	}
})

// canceledExchange reports whether an exchange of items was canceled.
func canceledExchange(items []recorded) bool {
	for _, it := range items {
		if wire.KindOf(it.err) == wire.KindCanceled {
			return true
		}
	}
	return false
}

// ParseLabelFilter checks a Ginkgo label filter expression.
func ParseLabelFilter(expr string) (types.LabelFilter, error) {
	if strings.TrimSpace(expr) == "" {
		return func([]string) bool { return true }, nil
	}
	f, err := types.ParseLabelFilter(expr)
	if err != nil {
		return nil, fmt.Errorf("bad label filter %q: %w", expr, err)
	}
	return f, nil
}
