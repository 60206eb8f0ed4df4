package load_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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
