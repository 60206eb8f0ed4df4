package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/clients/wire"
)

// transport is the RoundTripper under vegeta's attacker and the targeters'
// own steps. It bounds each exchange by the target's timeout, cancels every
// exchange in flight when the run is interrupted, tags failures with their
// wire kind, times each step of a multi-step flow, and answers the
// synthetic requests of Replay and Fail without touching the network.
type transport struct {
	base    http.RoundTripper
	run     context.Context
	timeout time.Duration
	// maxBody caps what is read of an answer: a longer body fails the hit
	// as wire.KindBodyTooLarge instead of being drained to its end (vegeta
	// reads past its own cap to reuse the connection, which on a 1 GiB or
	// endless body only ends with the timeout).
	maxBody int64
	steps   atomic.Pointer[stepTimer]
	// lean, when set, carries the exchanges of the run's context to the
	// target (a plain-http one); base carries the others.
	lean *leanTransport
}

// replayHost is the host of the synthetic requests of Replay and Fail.
const replayHost = "replay.authprobe.invalid"

// hdrVegetaSeq is the header in which vegeta numbers each request.
const hdrVegetaSeq = "X-Vegeta-Seq"

// Headers of a synthetic request; they never reach a network.
const (
	hdrReplayStatus = "X-Authprobe-Replay-Status"
	hdrFailKind     = "X-Authprobe-Fail-Kind"
)

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == replayHost {
		return answerSynthetic(req)
	}
	parent := req.Context()
	if parent.Done() == nil {
		// vegeta's requests carry context.Background: tie them to the run.
		parent = t.run
	}
	// vegeta numbers every request in a header the target has no use
	// for; the target would still have to read it. The header map is
	// the hit's own (built by vegeta for this request alone).
	delete(req.Header, hdrVegetaSeq)
	step := -1
	st := t.steps.Load()
	if st != nil {
		step = st.index(req.URL.Path)
	}
	start := time.Now()
	if t.lean != nil && parent == t.run && t.lean.handles(req) {
		// the connection's deadline bounds the exchange: no timer per hit
		resp, err := t.lean.roundTrip(req, start.Add(t.timeout))
		if err != nil {
			return nil, tag(t.run, err)
		}
		return t.answer(resp, t.run, noCancel, start, st, step)
	}
	ctx, cancel := context.WithTimeout(parent, t.timeout)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		err = tag(ctx, err) // before cancel, which would make every failure look canceled
		cancel()
		return nil, err
	}
	return t.answer(resp, ctx, cancel, start, st, step)
}

// noCancel is the cancel function of an exchange bounded by its
// connection's deadline.
func noCancel() {}

// answer caps and times the body of an exchange's answer.
func (t *transport) answer(resp *http.Response, ctx context.Context, cancel context.CancelFunc, start time.Time, st *stepTimer, step int) (*http.Response, error) {
	if t.maxBody > 0 && resp.ContentLength > t.maxBody {
		resp.Body.Close()
		cancel()
		return nil, &kindError{kind: wire.KindBodyTooLarge,
			err: fmt.Errorf("response body exceeded %s limit (Content-Length %d)", wire.Size(t.maxBody), resp.ContentLength)}
	}
	resp.Body = &timedBody{rc: resp.Body, ctx: ctx, cancel: cancel, start: start, steps: st, step: step, max: t.maxBody}
	return resp, nil
}

// CloseIdleConnections closes the base transport's idle connections.
func (t *transport) CloseIdleConnections() {
	if t.lean != nil {
		t.lean.CloseIdleConnections()
	}
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// timedBody ends an exchange: it records the step's time at the end of the
// body, tags read errors with their kind and releases the timeout.
type timedBody struct {
	rc     io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	start  time.Time
	steps  *stepTimer
	step   int
	done   bool
	max    int64 // cap on the body (0: none)
	read   int64
}

func (b *timedBody) Read(p []byte) (int, error) {
	if b.max > 0 {
		// One byte past the cap goes through, so that a reader applying
		// the same cap (wire.Do) sees that the body is longer and says so
		// itself; the next read fails.
		left := b.max + 1 - b.read
		if left <= 0 {
			return 0, &kindError{kind: wire.KindBodyTooLarge, err: fmt.Errorf("response body exceeded %s limit", wire.Size(b.max))}
		}
		if int64(len(p)) > left {
			p = p[:left]
		}
	}
	n, err := b.rc.Read(p)
	b.read += int64(n)
	switch {
	case err == io.EOF:
		b.finish()
	case err != nil:
		err = tag(b.ctx, err)
	}
	return n, err
}

func (b *timedBody) Close() error {
	b.finish()
	err := b.rc.Close()
	b.cancel()
	return err
}

func (b *timedBody) finish() {
	if b.done {
		return
	}
	b.done = true
	if b.step >= 0 && b.ctx.Err() == nil {
		b.steps.record(b.step, time.Since(b.start))
	}
}

// answerSynthetic answers a synthetic request built by Replay or Fail.
func answerSynthetic(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, fmt.Errorf("load: reading replayed body: %w", err)
		}
		body = b
		req.Body.Close()
	}
	if k := req.Header.Get(hdrFailKind); k != "" {
		return nil, &kindError{kind: wire.Kind(k), err: errors.New(string(body))}
	}
	status, err := strconv.Atoi(req.Header.Get(hdrReplayStatus))
	if err != nil || status < 100 || status > 999 {
		return nil, &kindError{kind: KindOther, err: fmt.Errorf("load: replayed answer without a valid status %q", req.Header.Get(hdrReplayStatus))}
	}
	h := http.Header{}
	if ct := req.Header.Get("Content-Type"); ct != "" {
		h.Set("Content-Type", ct)
	}
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// Replay makes t a hit that ends with the given answer without sending
// anything: a targeter whose earlier step (a salt fetch) was refused with a
// documented answer replays that answer, so the hit is classified by it.
func Replay(t *vegeta.Target, status int, contentType string, body []byte) {
	*t = vegeta.Target{
		Method: http.MethodPost,
		URL:    "http://" + replayHost + "/replay",
		Body:   append([]byte(nil), body...),
		Header: http.Header{hdrReplayStatus: {strconv.Itoa(status)}},
	}
	if contentType != "" {
		t.Header.Set("Content-Type", contentType)
	}
}

// Fail makes t a hit that fails with err's kind (wire.Classify) without
// sending anything: a targeter whose earlier step failed in transit fails
// the hit this way instead of returning an error, which would stop the
// whole attack.
func Fail(t *vegeta.Target, err error) {
	k := wire.Classify(context.Background(), err)
	if k == "" {
		k = KindOther
	}
	msg := "step failed"
	if err != nil {
		msg = err.Error()
	}
	*t = vegeta.Target{
		Method: http.MethodPost,
		URL:    "http://" + replayHost + "/fail",
		Body:   []byte(msg),
		Header: http.Header{hdrFailKind: {string(k)}},
	}
}
