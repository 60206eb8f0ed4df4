package load_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadirp "github.com/authprobe/authprobe/load/irp"
	"github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// memTransport answers every request with one canned answer without a
// network: it reads and closes the request body as a real transport
// does, and hands out a fresh response with its own body reader.
type memTransport struct {
	status int
	header http.Header // shared, read-only
	body   []byte
}

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status: strconv.Itoa(m.status) + " " + http.StatusText(m.status), StatusCode: m.status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: m.header, Body: io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)), Request: req,
	}, nil
}

// irpSuccess returns a memTransport answering what the IRP reference
// server answers to a valid Authenticate (a token), and a scenario whose
// targeter signs every hit.
func irpSuccess(tb testing.TB) (*memTransport, load.Scenario) {
	tb.Helper()
	h := irp.New(refkit.Options{}, irp.DemoAccounts()...)
	tg := config.Target{Profile: "irp", Name: "irp", BaseURL: "http://irp.bench.invalid", Timeout: config.Dur(5 * time.Second)}
	for _, a := range irp.DemoAccounts() {
		if !a.Inactive && len(a.AllowedNets) == 0 {
			tg.Credentials = append(tg.Credentials, map[string]string(a.Credentials()))
		}
	}
	api, err := loadirp.New(tg, load.Env{})
	if err != nil {
		tb.Fatal(err)
	}
	var t vegeta.Target
	if err := api.Targeter.Next(&t); err != nil {
		tb.Fatal(err)
	}
	req, err := t.Request()
	if err != nil {
		tb.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if issued, code := api.Judge.Classify(rec.Code, rec.Body.Bytes()); !issued {
		tb.Fatalf("the reference server issued no token (%s): %d %s", code, rec.Code, rec.Body)
	}
	sc := load.Scenario{
		Target: tg, Environment: config.EnvTest, API: loadirp.New,
		Mode: load.ModeConstant, Rate: load.Rate{Freq: 1, Per: time.Second}, Duration: time.Second,
		Workers: 8, MaxWorkers: 8,
	}
	return &memTransport{status: rec.Code, header: rec.Result().Header, body: rec.Body.Bytes()}, sc
}

// BenchmarkHit is one IRP hit through the whole hit path — a fresh
// signed request, vegeta's attacker, the runner's transport, reading and
// classifying the answer, recording it — against an in-memory transport
// answering a canned token, so that allocs/op is the runner's per-hit cost.
func BenchmarkHit(b *testing.B) {
	mt, sc := irpSuccess(b)
	b.ReportAllocs()
	b.ResetTimer()
	got, err := load.RunHits(context.Background(), sc, mt, uint64(b.N))
	if err != nil {
		b.Fatal(err)
	}
	if got.Requests != uint64(b.N) || got.Successes != got.Requests {
		b.Fatalf("%d hits, %d successes, %d errors; want %d successes", got.Requests, got.Successes, got.Errors, b.N)
	}
}

// BenchmarkHitLoopback is BenchmarkHit over loopback HTTP against a
// handler answering the canned token (no signature check), so that the
// transport's cost shows in a CPU profile next to the runner's.
func BenchmarkHitLoopback(b *testing.B) {
	mt, sc := irpSuccess(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range mt.header {
			w.Header()[k] = v
		}
		_, _ = w.Write(mt.body)
	}))
	defer srv.Close()
	sc.Target.BaseURL = srv.URL
	b.ReportAllocs()
	b.ResetTimer()
	got, err := load.RunHits(context.Background(), sc, nil, uint64(b.N))
	if err != nil {
		b.Fatal(err)
	}
	if got.Requests != uint64(b.N) || got.Successes != got.Requests {
		b.Fatalf("%d hits, %d successes, %d errors; want %d successes", got.Requests, got.Successes, got.Errors, b.N)
	}
}

// memConn is a connection without a network: every request written to it
// is answered with one canned HTTP answer; a read waits for one.
type memConn struct {
	answer  []byte
	buf     bytes.Reader
	written chan struct{} // one per request written
	done    chan struct{} // closed by Close
	once    sync.Once
}

func newMemConn(answer []byte) *memConn {
	c := &memConn{answer: answer, written: make(chan struct{}, 1), done: make(chan struct{})}
	c.buf.Reset(nil)
	return c
}

func (c *memConn) Read(p []byte) (int, error) {
	if c.buf.Len() == 0 {
		select {
		case <-c.written:
			c.buf.Reset(c.answer)
		case <-c.done:
			return 0, net.ErrClosed
		}
	}
	return c.buf.Read(p)
}

func (c *memConn) Write(p []byte) (int, error) {
	select {
	case <-c.done:
		return 0, net.ErrClosed
	case c.written <- struct{}{}: // one write per request (bufio flushes whole requests)
	}
	return len(p), nil
}

func (c *memConn) Close() error                     { c.once.Do(func() { close(c.done) }); return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

// BenchmarkHitConn is one IRP hit through the whole client — runner,
// vegeta, HTTP/1.1 over keep-alive connections — with connections that
// answer the reference server's canned token without a network: the
// client's per-hit cost over the lean transport and over net/http's.
func BenchmarkHitConn(b *testing.B) {
	mt, sc := irpSuccess(b)
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 200 OK\r\n")
	_ = mt.header.Write(&head)
	head.WriteString("Content-Length: " + strconv.Itoa(len(mt.body)) + "\r\n\r\n")
	answer := append(head.Bytes(), mt.body...)
	dial := func(context.Context, string, string) (net.Conn, error) { return newMemConn(answer), nil }
	for _, lean := range []bool{false, true} {
		name := "nethttp"
		if lean {
			name = "lean"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			got, err := load.RunHitsConn(context.Background(), sc, dial, lean, uint64(b.N))
			if err != nil {
				b.Fatal(err)
			}
			if got.Requests != uint64(b.N) || got.Successes != got.Requests {
				b.Fatalf("%d hits, %d successes, %d errors; want %d successes", got.Requests, got.Successes, got.Errors, b.N)
			}
		})
	}
}
