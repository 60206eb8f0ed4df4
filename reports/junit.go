package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authprobe/authprobe/results"
)

// junitEvidenceLimit caps each request and response quoted in a JUnit
// failure; the JSON report keeps them whole.
const junitEvidenceLimit = 16 << 10

// Failure types of the JUnit report.
const (
	junitFailed         = "FAILED"
	junitUnexpectedPass = "UNEXPECTED-PASS"
	junitThreshold      = "THRESHOLD"
	junitIncomplete     = "INCOMPLETE"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Package    string          `xml:"package,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Error     *junitMessage `xml:"error"`
	Failure   *junitMessage `xml:"failure"`
	SystemOut *junitText    `xml:"system-out"`
}

type junitMessage struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

// JUnit renders a run as JUnit XML for Jenkins, GitLab and GitHub test
// reporters: one <testsuite> per API profile with one <testcase> per spec
// (named by behaviour ID and statement, classname authprobe.<profile>), a
// "load" suite with the SLO thresholds, and for an incomplete run an
// "authprobe" suite whose one testcase errors.
//
// Verdicts map as follows: FAILED and UNEXPECTED-PASS are <failure>s,
// NOT-RUN is an <error type="NOT-RUN"> whose message is the target's error,
// SKIPPED and EXPECTED-FAILURE are <skipped> with the reason, WARNING is
// <skipped message="WARNING: …"> (or, with WithJUnitWarnings(
// JUnitWarningsPassed), a passing testcase) with the warning and its
// evidence in <system-out> and suite properties "warning.<ID>" (the
// message) and "verdict.<ID>" = WARNING. A testcase's name never carries
// its verdict.
func JUnit(run *results.Run, opts ...Option) ([]byte, error) {
	o := collect(opts)
	r := prepare(run, o)
	doc := junitSuites{Name: "authprobe"}
	if r.Incomplete {
		doc.Name = "authprobe (incomplete)"
	}
	stamp := ""
	if !r.Started.IsZero() {
		stamp = r.Started.UTC().Format("2006-01-02T15:04:05")
	}
	base := junitBaseProperties(r)
	var sum time.Duration
	for _, g := range groups(r) {
		if len(g.Specs) == 0 {
			continue
		}
		s := junitSuite{Name: g.Profile, Timestamp: stamp, Package: "authprobe." + g.Profile}
		s.Properties = append(s.Properties, base...)
		s.Properties = append(s.Properties,
			junitProperty{"profile", g.Profile}, junitProperty{"api", g.Name}, junitProperty{"base_url", g.BaseURL})
		if g.Error != "" {
			s.Properties = append(s.Properties, junitProperty{"not_run", xmlText(g.Error)})
		}
		for _, a := range r.Target.APIs {
			if a.Profile != g.Profile {
				continue
			}
			for i, l := range assumptionLines(a) {
				s.Properties = append(s.Properties, junitProperty{fmt.Sprintf("choice.%d", i+1), xmlText(l)})
			}
		}
		var d time.Duration
		for _, spec := range g.Specs {
			c, warn := junitSpec(spec, o.junitWarnings)
			if warn != "" {
				s.Properties = append(s.Properties,
					junitProperty{"warning." + spec.ID, warn},
					junitProperty{"verdict." + spec.ID, string(results.Warning)})
			}
			s.Cases = append(s.Cases, c)
			d += time.Duration(spec.Duration)
		}
		s.Time = seconds(d)
		sum += d
		doc.Suites = append(doc.Suites, s.counted())
	}
	if len(r.Load) > 0 {
		s := junitLoadSuite(r.Load)
		s.Timestamp = stamp
		s.Properties = append(append([]junitProperty{}, base...), s.Properties...)
		doc.Suites = append(doc.Suites, s.counted())
	}
	if r.Incomplete {
		s := junitSuite{Name: "authprobe", Timestamp: stamp, Package: "authprobe", Time: "0.000"}
		s.Properties = append(s.Properties, base...)
		s.Cases = []junitCase{{
			Name: "run completed", Classname: "authprobe.run", Time: "0.000",
			Error: &junitMessage{
				Type:    junitIncomplete,
				Message: "the run was interrupted before it finished: every result in this report is partial",
				Text:    xmlText(strings.Join(r.Notes, "\n")),
			},
		}}
		doc.Suites = append(doc.Suites, s.counted())
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	if d := runDuration(r); d > 0 {
		sum = d
	}
	doc.Time = seconds(sum)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("junit report: %w", err)
	}
	buf.WriteString("\n")
	return buf.Bytes(), nil
}

// junitBaseProperties are the run-wide properties every suite carries.
func junitBaseProperties(r *results.Run) []junitProperty {
	p := []junitProperty{
		{"authprobe.version", r.Tool.Version},
		{"environment", r.Target.Environment},
		{"config", r.Target.Config},
	}
	if r.Incomplete {
		p = append(p, junitProperty{"incomplete", "true"})
	}
	return xmlProps(p)
}

// junitSpec maps one spec to a testcase; warn is the warning text for a
// WARNING verdict, which warnings says how to write.
func junitSpec(s results.SpecResult, warnings JUnitWarnings) (c junitCase, warn string) {
	c = junitCase{
		Name:      xmlText(strings.TrimSpace(s.ID + " " + s.Title)),
		Classname: "authprobe." + s.Profile,
		Time:      seconds(time.Duration(s.Duration)),
	}
	details := specDetails(s)
	switch s.Verdict {
	case results.Failed:
		c.Failure = &junitMessage{Type: junitFailed, Message: xmlText(orDefault(s.Message, "failed")), Text: details}
	case results.UnexpectedPass:
		msg := "expected to fail but passed: remove it from the expected-failures file"
		if s.Reason != "" {
			msg += " (listed because: " + s.Reason + ")"
		}
		c.Failure = &junitMessage{Type: junitUnexpectedPass, Message: xmlText(msg), Text: details}
	case results.Skipped:
		c.Skipped = &junitMessage{Message: xmlText(orDefault(s.Reason, orDefault(s.Message, "skipped")))}
	case results.ExpectedFailure:
		c.Skipped = &junitMessage{Message: xmlText("EXPECTED-FAILURE: " + orDefault(s.Reason, "listed in the expected-failures file")), Text: details}
	case results.NotRun:
		c.Error = &junitMessage{Type: junitNotRun, Message: xmlText("not run: " + orDefault(s.Reason, "its target was not tested")), Text: xmlText(s.Reason)}
	case results.Warning:
		warn = xmlText(orDefault(s.Message, "warning"))
		if warnings != JUnitWarningsPassed {
			c.Skipped = &junitMessage{Message: xmlText("WARNING: " + orDefault(s.Message, "warning"))}
		}
		c.SystemOut = &junitText{Text: xmlText("WARNING: " + orDefault(s.Message, "warning") + "\n" + evidenceSection(s))}
	}
	return c, warn
}

// specDetails is the body of a failure: message, location and evidence.
func specDetails(s results.SpecResult) string {
	var b strings.Builder
	if s.Message != "" {
		b.WriteString(s.Message)
		b.WriteString("\n")
	}
	if s.Location != "" {
		b.WriteString("at " + s.Location + "\n")
	}
	for _, a := range s.Authority {
		b.WriteString("authority: " + a + "\n")
	}
	b.WriteString(evidenceSection(s))
	return xmlText(b.String())
}

func evidenceSection(s results.SpecResult) string {
	if len(s.Evidence) == 0 {
		return ""
	}
	return "\nevidence:\n" + evidenceText(s.Evidence, junitEvidenceLimit)
}

// junitLoadSuite has one testcase per load scenario (an error when it was
// interrupted) and one per threshold (a failure when it broke).
func junitLoadSuite(load []results.LoadResult) junitSuite {
	s := junitSuite{Name: "load", Package: "authprobe.load"}
	var total time.Duration
	for _, l := range load {
		name := scenarioName(l)
		d := time.Duration(l.Duration)
		total += d
		c := junitCase{Name: xmlText(name + ": scenario"), Classname: "authprobe.load", Time: seconds(d)}
		c.SystemOut = &junitText{Text: xmlText(loadSummaryText(l))}
		if l.Interrupted {
			c.Error = &junitMessage{Type: junitIncomplete, Message: "the load scenario was interrupted before its planned duration"}
		}
		s.Cases = append(s.Cases, c)
		for _, t := range l.Thresholds {
			tc := junitCase{Name: xmlText(name + ": " + t.Expr), Classname: "authprobe.load", Time: "0.000"}
			switch {
			case t.Scope == results.ScopeMerge:
				tc.Skipped = &junitMessage{Message: xmlText(fmt.Sprintf("threshold %s is on a total: not judged on a shard (this shard: %s); authprobe merge judges it on the whole run", t.Expr, measured(t)))}
			case t.Scope == results.ScopeShard:
				tc.Name = xmlText(name + ": " + t.Expr + " (per shard)")
				tc.SystemOut = &junitText{Text: xmlText(fmt.Sprintf("threshold %s on this shard alone: %s, measured %s (informative; authprobe merge judges the whole run)", t.Expr, heldOrOver(t), measured(t)))}
			case !t.Passed:
				tc.Failure = &junitMessage{
					Type:    junitThreshold,
					Message: xmlText(fmt.Sprintf("threshold %s broken: measured %s", t.Expr, measured(t))),
					Text:    xmlText(loadSummaryText(l)),
				}
			default:
				tc.SystemOut = &junitText{Text: xmlText(fmt.Sprintf("threshold %s held: measured %s", t.Expr, measured(t)))}
			}
			s.Cases = append(s.Cases, tc)
		}
		key := "load." + orDefault(l.Name, l.Profile)
		s.Properties = append(s.Properties, xmlProps([]junitProperty{
			{key + ".requests", fmt.Sprint(l.Requests)},
			{key + ".success_ratio", num(l.SuccessRatio, 6)},
			{key + ".p99_ms", num(l.Latency.P99, 3)},
		})...)
	}
	s.Time = seconds(total)
	return s
}

// loadSummaryText is a scenario's metrics as plain text.
func loadSummaryText(l results.LoadResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "mode %s, %s, expect %s\n", orDefault(l.Mode, "?"), time.Duration(l.Duration), orDefault(l.Expect, "token"))
	if l.Model == results.ModelClosed {
		fmt.Fprintf(&b, "%s, %d workers\n", l.ModelLabel(), l.Workers)
	}
	fmt.Fprintf(&b, "requests %d, successes %d (%s)\n", l.Requests, l.Successes, percent(l.SuccessRatio))
	fmt.Fprintf(&b, "requested %s, achieved %s, tokens %s\n", rate(l.RequestedRate), rate(l.AchievedRate), rate(l.TokensPerSec))
	fmt.Fprintf(&b, "latency p50 %s, p95 %s, p99 %s, max %s\n", ms(l.Latency.P50), ms(l.Latency.P95), ms(l.Latency.P99), ms(l.Latency.Max))
	if l.MaxHeldRate > 0 {
		fmt.Fprintf(&b, "max held rate %s\n", rate(l.MaxHeldRate))
	}
	return b.String()
}

// counted fills a suite's counters from its testcases.
func (s junitSuite) counted() junitSuite {
	s.Tests = len(s.Cases)
	s.Failures, s.Errors, s.Skipped = 0, 0, 0
	for _, c := range s.Cases {
		switch {
		case c.Error != nil:
			s.Errors++
		case c.Failure != nil:
			s.Failures++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	return s
}

func xmlProps(p []junitProperty) []junitProperty {
	for i := range p {
		p[i].Name = xmlText(p[i].Name)
		p[i].Value = xmlText(p[i].Value)
	}
	return p
}

// xmlText replaces the characters XML 1.0 cannot hold (most control
// characters, U+FFFE/U+FFFF) and invalid UTF-8 with U+FFFD, so any
// evidence yields a well-formed document.
func xmlText(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return '\uFFFD'
	}, s)
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
