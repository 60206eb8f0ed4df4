package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
)

// fakeTargeter hits one URL and judges its answers: an answer "token"
// issues a token, any other body is its code.
type fakeTargeter struct {
	url      string
	steps    []Step
	next     func(t *vegeta.Target) error
	classify func(body []byte) (bool, string)
}

func (f *fakeTargeter) Next(t *vegeta.Target) error {
	if f.next != nil {
		return f.next(t)
	}
	t.Method, t.URL = http.MethodGet, f.url
	return nil
}

func (f *fakeTargeter) Classify(status int, body []byte) (bool, string) {
	if f.classify != nil {
		return f.classify(body)
	}
	if string(body) == "token" {
		return true, ""
	}
	return false, string(body)
}

func (f *fakeTargeter) Code(expect string) (string, error) { return expect, nil }
func (f *fakeTargeter) Token(int, http.Header, []byte) string {
	return "tok-0123456789abcdef"
}

// factory is a Factory giving f as the targeter and the judge.
func (f *fakeTargeter) factory(config.Target, Env) (API, error) {
	return API{Targeter: f, Judge: f, Steps: f.steps}, nil
}

// tokenHandler answers "token".
var tokenHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("token")) })

// fakeServer serves h on loopback for the test's lifetime.
func fakeServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// fakeScenario is a constant scenario against url with a fakeTargeter.
func fakeScenario(url string, rate int, du time.Duration) (Scenario, *fakeTargeter) {
	ft := &fakeTargeter{url: url}
	return Scenario{
		Target: config.Target{
			Name: "fake", Profile: "fake", BaseURL: url,
			Credentials: []map[string]string{{"user": "u"}},
			Timeout:     config.Dur(5 * time.Second),
		},
		Environment: config.EnvTest,
		API:         ft.factory,
		Mode:        ModeConstant,
		Rate:        Rate{Freq: rate, Per: time.Second},
		Duration:    du,
	}, ft
}

// mustRun runs sc under a deadline so that no test can hang.
func mustRun(t *testing.T, sc Scenario, opts ...Option) *results.LoadResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := Run(ctx, sc, opts...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}
