package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// leanTransport sends the hits of a plain-http target (no TLS, no proxy)
// over HTTP/1.1 keep-alive connections, one exchange at a time per
// connection, on the calling goroutine: the request is written with
// http.Request.Write and the answer read with http.ReadResponse, the
// standard library's own wire code, without net/http.Transport's two
// goroutines per connection and the channel handoffs of every exchange.
// With a worker per connection (vegeta's workers, each sending its next
// hit when its last is answered) there is nothing to multiplex, and every
// CPU cycle saved goes to the target when both share the machine.
//
// Each exchange is bounded by a deadline on its connection (dial, write,
// headers and body), so no timer is made per hit; the end of the run sets
// every connection's deadline in the past, which fails the exchanges in
// flight at once. Requests the targeter's own steps send with a context of
// their own, and requests for another host (a redirect), stay with
// net/http's transport (transport.RoundTrip routes them).
type leanTransport struct {
	host     string // host:port of the target, as in request URLs
	addr     string // host:port to dial
	dialer   net.Dialer
	dialHook func(ctx context.Context, network, addr string) (net.Conn, error) // tests: replaces the network
	maxIdle  int

	mu     sync.Mutex
	idle   []*leanConn
	open   map[*leanConn]struct{}
	closed atomic.Bool // the run ended: no new connections (set under mu)
}

// maxResponseHeader bounds what is read of an answer's status line and
// headers, as net/http.Transport's MaxResponseHeaderBytes does.
const maxResponseHeader = 1 << 20

var (
	errLeanClosed      = errors.New("load: the run ended")
	errHeadersTooLarge = fmt.Errorf("server response headers exceeded %d bytes; aborted", maxResponseHeader)
)

// newLeanTransport returns the lean transport of base (a plain http URL
// with no proxy for it), or nil when the target needs net/http's
// transport. run's end closes every connection.
func newLeanTransport(run context.Context, base string, dialTimeout time.Duration, maxIdle int) *leanTransport {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil
	}
	if p, err := http.ProxyFromEnvironment(&http.Request{URL: u}); err != nil || p != nil {
		return nil
	}
	host := u.Host
	addr := host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	t := &leanTransport{
		host: host, addr: addr, maxIdle: maxIdle,
		dialer: net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second},
		open:   map[*leanConn]struct{}{},
	}
	context.AfterFunc(run, t.closeAll)
	return t
}

// handles reports whether req goes over the lean transport.
func (t *leanTransport) handles(req *http.Request) bool {
	return req.URL.Scheme == "http" && req.URL.Host == t.host
}

// leanConn is one keep-alive connection.
type leanConn struct {
	c   net.Conn
	lim limitedReader // under br: bounds the headers
	br  *bufio.Reader
	bw  *bufio.Writer
}

// limitedReader reads from r until n bytes are read, then fails.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errHeadersTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// roundTrip sends req and reads the head of its answer, the whole
// exchange bounded by deadline.
func (t *leanTransport) roundTrip(req *http.Request, deadline time.Time) (*http.Response, error) {
	lc, reused, err := t.get(deadline)
	if err != nil {
		return nil, err
	}
	resp, err := t.exchange(lc, req, deadline)
	if err != nil && reused && stale(err) && req.GetBody != nil {
		// The target closed the idle connection as the request went out:
		// nothing came back, so send it again on a new connection.
		t.discard(lc)
		body, gerr := req.GetBody()
		if gerr != nil {
			return nil, err
		}
		retry := *req
		retry.Body = body
		if lc, err = t.dial(deadline); err != nil {
			return nil, err
		}
		resp, err = t.exchange(lc, &retry, deadline)
	}
	if err != nil {
		t.discard(lc)
		return nil, err
	}
	return resp, nil
}

// exchange writes req on lc and reads the answer's head.
func (t *leanTransport) exchange(lc *leanConn, req *http.Request, deadline time.Time) (*http.Response, error) {
	if err := lc.c.SetDeadline(deadline); err != nil {
		return nil, err
	}
	if t.closed.Load() {
		// the run ended between get and the deadline above, which
		// replaced the one closeAll set in the past
		return nil, errLeanClosed
	}
	if err := req.Write(lc.bw); err != nil {
		return nil, err
	}
	if err := lc.bw.Flush(); err != nil {
		return nil, err
	}
	lc.lim.n = maxResponseHeader
	resp, err := http.ReadResponse(lc.br, req)
	for err == nil && resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
		resp, err = http.ReadResponse(lc.br, req) // an interim answer: the real one follows
	}
	lc.lim.n = math.MaxInt64 // the body is bounded by the runner's cap
	if err != nil {
		return nil, err
	}
	reuse := !resp.Close && !req.Close && resp.StatusCode != http.StatusSwitchingProtocols
	resp.Body = &leanBody{rc: resp.Body, t: t, lc: lc, reuse: reuse}
	return resp, nil
}

// stale reports whether err says that a reused connection was closed by
// the target before any answer: EOF, a reset or a broken pipe.
func stale(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// get returns an idle connection, or a new one.
func (t *leanTransport) get(deadline time.Time) (lc *leanConn, reused bool, err error) {
	t.mu.Lock()
	if t.closed.Load() {
		t.mu.Unlock()
		return nil, false, errLeanClosed
	}
	if n := len(t.idle); n > 0 {
		lc = t.idle[n-1]
		t.idle[n-1] = nil
		t.idle = t.idle[:n-1]
		t.mu.Unlock()
		return lc, true, nil
	}
	t.mu.Unlock()
	lc, err = t.dial(deadline)
	return lc, false, err
}

// dial opens a connection to the target.
func (t *leanTransport) dial(deadline time.Time) (*leanConn, error) {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	dial := t.dialer.DialContext
	if t.dialHook != nil {
		dial = t.dialHook
	}
	c, err := dial(ctx, "tcp", t.addr)
	if err != nil {
		return nil, err
	}
	lc := &leanConn{c: c}
	lc.lim.r = c
	lc.br = bufio.NewReaderSize(&lc.lim, 4096)
	lc.bw = bufio.NewWriterSize(c, 4096)
	t.mu.Lock()
	if t.closed.Load() {
		t.mu.Unlock()
		c.Close()
		return nil, errLeanClosed
	}
	t.open[lc] = struct{}{}
	t.mu.Unlock()
	return lc, nil
}

// release puts a connection whose exchange ended cleanly back to idle.
func (t *leanTransport) release(lc *leanConn) {
	t.mu.Lock()
	if !t.closed.Load() && len(t.idle) < t.maxIdle {
		t.idle = append(t.idle, lc)
		t.mu.Unlock()
		return
	}
	delete(t.open, lc)
	t.mu.Unlock()
	lc.c.Close()
}

// discard closes a connection that cannot be reused.
func (t *leanTransport) discard(lc *leanConn) {
	t.mu.Lock()
	delete(t.open, lc)
	t.mu.Unlock()
	lc.c.Close()
}

// closeAll ends the run's connections: idle ones are closed, and the
// exchanges in flight fail at once (their deadline is set in the past;
// their owner closes them).
func (t *leanTransport) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed.Store(true)
	for lc := range t.open {
		_ = lc.c.SetDeadline(time.Unix(1, 0))
	}
	for _, lc := range t.idle {
		delete(t.open, lc)
		lc.c.Close()
	}
	t.idle = nil
}

// CloseIdleConnections closes the idle connections.
func (t *leanTransport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = nil
	for _, lc := range idle {
		delete(t.open, lc)
	}
	t.mu.Unlock()
	for _, lc := range idle {
		lc.c.Close()
	}
}

// leanBody is an answer's body: read to its end, it gives the connection
// back for the next exchange; closed before, it closes the connection.
type leanBody struct {
	rc    io.ReadCloser
	t     *leanTransport
	lc    *leanConn // nil once given back or closed
	reuse bool
}

func (b *leanBody) Read(p []byte) (int, error) {
	if b.lc == nil {
		return b.rc.Read(p) // after the end: what the body says
	}
	n, err := b.rc.Read(p)
	switch {
	case err == io.EOF:
		lc := b.lc
		b.lc = nil
		if b.reuse {
			b.t.release(lc)
		} else {
			b.t.discard(lc)
		}
	case err != nil:
		lc := b.lc
		b.lc = nil
		b.t.discard(lc)
	}
	return n, err
}

func (b *leanBody) Close() error {
	if lc := b.lc; lc != nil {
		b.lc = nil
		b.t.discard(lc) // not read to its end: the connection is not reusable
	}
	return nil
}
