package reports

import (
	"fmt"
	"math"

	"github.com/authprobe/authprobe/results"
)

// prepare returns the copy of run every writer renders: a deep copy, so a
// writer never changes the caller's run, with every free-text field passed
// through the redactor, nil lists and maps that the JSON form always
// carries made empty, and non-finite numbers (which JSON cannot hold)
// written as 0 with a note saying where.
func prepare(run *results.Run, o options) *results.Run {
	if run == nil {
		run = &results.Run{}
	}
	p := preparer{o: o}
	out := *run
	if out.SchemaVersion == "" {
		out.SchemaVersion = results.SchemaVersion
	}
	out.Target = p.target(run.Target)
	if run.Conformance != nil {
		c := p.conformance(*run.Conformance)
		out.Conformance = &c
	}
	out.Load = nil
	for i, l := range run.Load {
		out.Load = append(out.Load, p.load(i, l))
	}
	out.Notes = p.strings(run.Notes)
	out.Notes = append(out.Notes, p.notes...)
	return &out
}

type preparer struct {
	o     options
	notes []string
}

func (p *preparer) strings(in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = p.o.redact(s)
	}
	return out
}

func (p *preparer) target(t results.Target) results.Target {
	t.Config = p.o.redact(t.Config)
	t.Environment = p.o.redact(t.Environment)
	apis := make([]results.TargetAPI, len(t.APIs))
	for i, a := range t.APIs {
		a.BaseURL = p.o.redact(a.BaseURL)
		a.Name = p.o.redact(a.Name)
		a.Error = p.o.redact(a.Error)
		if a.Pinned != nil {
			pins := make(map[string]string, len(a.Pinned))
			for k, v := range a.Pinned {
				pins[k] = p.o.redact(v)
			}
			a.Pinned = pins
		}
		if a.Observed != nil {
			obs := make([]results.Observation, len(a.Observed))
			for j, o := range a.Observed {
				obs[j] = results.Observation{Situation: p.o.redact(o.Situation), Answer: p.o.redact(o.Answer), Count: o.Count}
			}
			a.Observed = obs
		}
		apis[i] = a
	}
	t.APIs = apis
	return t
}

func (p *preparer) conformance(c results.Conformance) results.Conformance {
	c.LabelFilter = p.o.redact(c.LabelFilter)
	specs := make([]results.SpecResult, len(c.Specs))
	for i, s := range c.Specs {
		s.Title = p.o.redact(s.Title)
		s.Message = p.o.redact(s.Message)
		s.Location = p.o.redact(s.Location)
		s.Reason = p.o.redact(s.Reason)
		s.Labels = p.strings(s.Labels)
		s.Authority = p.strings(s.Authority)
		if s.Evidence != nil {
			ev := make([]results.Evidence, len(s.Evidence))
			for j, e := range s.Evidence {
				ev[j] = results.Evidence{Request: p.o.redact(e.Request), Response: p.o.redact(e.Response)}
			}
			s.Evidence = ev
		}
		specs[i] = s
	}
	c.Specs = specs
	return c
}

func (p *preparer) load(i int, l results.LoadResult) results.LoadResult {
	at := fmt.Sprintf("load[%d]", i)
	l.Name = p.o.redact(l.Name)
	l.Expect = p.o.redact(l.Expect)
	p.finite(&l.SuccessRatio, at+".success_ratio")
	p.finite(&l.RequestedRate, at+".requested_rate")
	p.finite(&l.AchievedRate, at+".achieved_rate")
	p.finite(&l.TokensPerSec, at+".tokens_per_second")
	p.finite(&l.MaxHeldRate, at+".max_held_rate")
	p.latency(&l.Latency, at+".latency")
	if l.StepLatency != nil {
		m := make(map[string]results.Latency, len(l.StepLatency))
		for k, v := range l.StepLatency {
			p.latency(&v, at+".step_latency."+k)
			m[p.o.redact(k)] = v
		}
		l.StepLatency = m
	}
	l.StatusCodes = p.counts(l.StatusCodes)
	if l.StatusCodes == nil {
		l.StatusCodes = map[string]uint64{}
	}
	l.Codes = p.counts(l.Codes)
	l.Errors = p.counts(l.Errors)
	if l.Series != nil {
		s := make([]results.SeriesPoint, len(l.Series))
		for j, pt := range l.Series {
			pat := fmt.Sprintf("%s.series[%d]", at, j)
			p.finite(&pt.P50, pat+".p50_ms")
			p.finite(&pt.P99, pat+".p99_ms")
			p.finite(&pt.Max, pat+".max_ms")
			s[j] = pt
		}
		l.Series = s
	}
	if l.Histogram != nil {
		h := make([]results.HistogramBucket, len(l.Histogram))
		for j, b := range l.Histogram {
			p.finite(&b.UpToMs, fmt.Sprintf("%s.histogram[%d].up_to_ms", at, j))
			h[j] = b
		}
		l.Histogram = h
	}
	if l.Steps != nil {
		st := make([]results.CapacityStep, len(l.Steps))
		for j, s := range l.Steps {
			sat := fmt.Sprintf("%s.capacity_steps[%d]", at, j)
			p.finite(&s.Rate, sat+".rate")
			p.finite(&s.AchievedRate, sat+".achieved_rate")
			p.finite(&s.SuccessRatio, sat+".success_ratio")
			p.finite(&s.P99, sat+".p99_ms")
			s.Broken = p.o.redact(s.Broken)
			st[j] = s
		}
		l.Steps = st
	}
	if l.Thresholds != nil {
		th := make([]results.ThresholdResult, len(l.Thresholds))
		for j, t := range l.Thresholds {
			p.finite(&t.Measured, fmt.Sprintf("%s.thresholds[%d].measured", at, j))
			t.Expr = p.o.redact(t.Expr)
			th[j] = t
		}
		l.Thresholds = th
	}
	return l
}

func (p *preparer) latency(l *results.Latency, at string) {
	for _, f := range []struct {
		v    *float64
		name string
	}{{&l.P50, "p50_ms"}, {&l.P90, "p90_ms"}, {&l.P95, "p95_ms"}, {&l.P99, "p99_ms"}, {&l.P999, "p999_ms"}, {&l.Max, "max_ms"}, {&l.Mean, "mean_ms"}, {&l.Min, "min_ms"}} {
		p.finite(f.v, at+"."+f.name)
	}
}

// counts copies a count map with redacted keys; keys that become equal
// once masked are added up.
func (p *preparer) counts(in map[string]uint64) map[string]uint64 {
	if in == nil {
		return nil
	}
	out := make(map[string]uint64, len(in))
	for k, v := range in {
		out[p.o.redact(k)] += v
	}
	return out
}

func (p *preparer) finite(v *float64, at string) {
	if math.IsNaN(*v) || math.IsInf(*v, 0) {
		p.notes = append(p.notes, fmt.Sprintf("reports: %s was %v, written as 0", at, *v))
		*v = 0
	}
}
