package load

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/clients/wire"
)

// runner holds what the attacks of one run share.
type runner struct {
	set       *settings
	opts      *options
	hc        *http.Client
	targeter  Targeter
	judge     Judge
	expect    string // ExpectToken or the canonical expected code
	series    *series
	seriesLen int // seconds of a constant or ramp run's series
	raw       *rawWriter
	start     time.Time
	maxBody   int64

	// counts of finished attacks (capacity steps), for progress
	doneReq, doneSucc, doneErr uint64

	errMu  sync.Mutex
	tgtErr error // first targeter error: it stopped an attack
}

// span places an attack in the run's time series: its first second and
// how many seconds it has.
type span struct {
	step   int // capacity step, 1-based; 0 outside capacity mode
	offset int
	length int
}

// targetFunc adapts the targeter to vegeta, keeping its first error.
func (r *runner) targetFunc() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		if err := r.targeter.Next(t); err != nil {
			r.errMu.Lock()
			if r.tgtErr == nil {
				r.tgtErr = err
			}
			r.errMu.Unlock()
			return err
		}
		return nil
	}
}

// attack runs one vegeta attack paced by p for du and feeds m, the series
// and the raw file. It returns when every hit is answered; interrupted
// tells that ctx ended it early.
func (r *runner) attack(ctx context.Context, p pacing, du time.Duration, sp span, m *metrics) (interrupted bool) {
	atk := vegeta.NewAttacker(
		vegeta.Client(r.hc),
		vegeta.Workers(r.set.sc.Workers),
		vegeta.MaxWorkers(r.set.sc.MaxWorkers),
		vegeta.MaxBody(r.maxBody),
	)
	if ctx.Err() != nil {
		return true
	}
	start := time.Now()
	m.start = start
	if r.start.IsZero() {
		r.start = start // the run's timeline (raw file, progress) starts with its first attack
	}
	// No attack name: vegeta would send it to the target as a header.
	hits := atk.Attack(r.targetFunc(), p.pacer, du, "")
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()

	var tick <-chan time.Time
	if r.opts.progress != nil {
		t := time.NewTicker(r.opts.progressInterval)
		defer t.Stop()
		tick = t.C
	}
	lastReq, lastTick := uint64(0), start
	for {
		select {
		case res, ok := <-hits:
			if !ok {
				return ctx.Err() != nil
			}
			r.observe(res, start, p, sp, m)
		case now := <-tick:
			r.report(now, p, start, sp, m, float64(m.requests-lastReq)/now.Sub(lastTick).Seconds(), false)
			lastReq, lastTick = m.requests, now
		}
	}
}

// observe classifies one vegeta result and records it.
func (r *runner) observe(res *vegeta.Result, start time.Time, p pacing, sp span, m *metrics) {
	var offset time.Duration
	if p.at != nil {
		offset = p.at(res.Seq)
	} else {
		offset = res.Timestamp.Sub(start) // closed model: intended when sent
	}
	h := hit{
		seq:      res.Seq,
		intended: start.Add(offset),
		sent:     res.Timestamp,
		done:     res.Timestamp.Add(res.Latency),
		service:  res.Latency,
		status:   int(res.Code),
	}
	h.latency = h.done.Sub(h.intended)
	if h.latency < h.service {
		// sent ahead of schedule: never report less than the service time
		h.latency = h.service
	}
	if res.Code == 0 {
		h.kind, _ = untag(res.Error)
		h.errText = res.Error
	} else {
		issued, code := r.judge.Classify(h.status, res.Body)
		if refused := refuseAnswer(res.Body); refused != "" {
			// The cheap classification reads no further than a token
			// element; an answer no API sends issues nothing.
			issued, code = false, refused
		}
		h.issued = issued
		switch {
		case issued && r.expect == ExpectToken:
			h.success = true
		case issued:
			code = CodeTokenIssued
		case code == "":
			code = unclassified(h.status)
		}
		if !issued && isUnclassified(code) {
			if ct := unexpectedContentType(res.Headers); ct != "" {
				code = CodeContentTypePrefix + ct
			}
		}
		if !issued && code == r.expect {
			h.success = true
		}
		h.code = clipCode(code)
	}
	m.add(&h)
	if h.kind != wire.KindCanceled {
		sec := secondOf(offset)
		if sec >= sp.length && sp.length > 0 {
			sec = sp.length - 1
		}
		r.series.add(sp.offset+sec, h.latency, h.success)
	}
	if r.raw != nil {
		token := ""
		if h.issued {
			token = r.judge.Token(h.status, res.Headers, res.Body)
		}
		r.raw.write(sp.step, &h, r.start, token)
	}
}

// Codes the runner itself gives answers, whatever the API.
const (
	// CodeUnclassified is an answer from which Classify read no code.
	CodeUnclassified = "unclassified"
	// CodeDTDRefused is an answer with a DOCTYPE or ENTITY declaration
	// (entity-expansion bombs, XXE): no API sends one.
	CodeDTDRefused = "xml-dtd-refused"
	// CodeInvalidUTF8 is an answer that is not valid UTF-8.
	CodeInvalidUTF8 = "invalid-utf8"
	// CodeContentTypePrefix starts the code of an unclassified answer of
	// neither an XML nor a JSON media type ("content-type text/html").
	CodeContentTypePrefix = "content-type "
	// CodeOther counts the codes past the first maxCodes distinct ones.
	CodeOther = "other-codes"
)

// Bounds on what a hostile target can make the runner keep: a code is
// clipped to maxCodeLen bytes and at most maxCodes distinct codes are
// counted (the rest under CodeOther), whatever the answers carry.
const (
	maxCodeLen = 64
	maxCodes   = 64
)

// unclassified names an answer from which Classify read no code.
func unclassified(status int) string {
	if status < 200 || status > 299 {
		return "http-" + strconv.Itoa(status)
	}
	return CodeUnclassified
}

// isUnclassified reports whether code says only that the targeter could
// not read the answer (the targeters' "malformed", "no-code", or none).
func isUnclassified(code string) bool {
	switch code {
	case CodeUnclassified, "malformed", "no-code":
		return true
	}
	return false
}

// refuseAnswer returns the code of an answer no API sends, or "".
func refuseAnswer(body []byte) string {
	switch {
	case bytes.IndexByte(body, '<') >= 0 && (bytes.Contains(body, []byte("<!DOCTYPE")) || bytes.Contains(body, []byte("<!ENTITY"))):
		return CodeDTDRefused
	case !utf8.Valid(body):
		return CodeInvalidUTF8
	}
	return ""
}

// unexpectedContentType returns the media type of an answer that is
// neither XML nor JSON (an HTML page, plain text), or "".
func unexpectedContentType(h http.Header) string {
	ct := h.Get("Content-Type")
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(ct))
	}
	if strings.Contains(mt, "xml") || strings.Contains(mt, "json") {
		return ""
	}
	return clipCode(mt)
}

// clipCode bounds a code read from an answer.
func clipCode(code string) string {
	if len(code) <= maxCodeLen {
		return code
	}
	cut := maxCodeLen
	for cut > 0 && !utf8.RuneStart(code[cut]) {
		cut--
	}
	return code[:cut] + "…"
}

// report calls the progress callback.
func (r *runner) report(now time.Time, p pacing, start time.Time, sp span, m *metrics, achieved float64, done bool) {
	if r.opts.progress == nil {
		return
	}
	elapsed := time.Duration(0)
	if !r.start.IsZero() {
		elapsed = now.Sub(r.start)
	}
	requested := 0.0 // a closed model requests no rate
	if p.at != nil {
		requested = p.pacer.Rate(now.Sub(start))
	}
	pr := Progress{
		Elapsed:   elapsed,
		Planned:   r.set.plannedTime,
		Requests:  r.doneReq + m.requests,
		Successes: r.doneSucc + m.successes,
		Errors:    r.doneErr + m.errors,
		Rate:      requested,
		Achieved:  achieved,
		P99:       latencyOf(m.hist).P99,
		Step:      sp.step,
		Done:      done,
	}
	r.opts.progress(pr)
}

// targeterErr returns the error that stopped an attack, if any.
func (r *runner) targeterErr() error {
	r.errMu.Lock()
	defer r.errMu.Unlock()
	if r.tgtErr != nil {
		return fmt.Errorf("targeter stopped the attack: %w", r.tgtErr)
	}
	return nil
}
