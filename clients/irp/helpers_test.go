package irp

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

func mustTime(s string) time.Time {
	t, err := time.Parse(TimestampLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// exchange makes an answer as wire.Do would record it.
func exchange(status int, contentType string, body string) *wire.Exchange {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &wire.Exchange{Status: status, Header: h, Body: []byte(body)}
}

// seen is one request a stub received.
type seen struct {
	method, path, contentType, body string
}

// stub serves a fixed answer and records the requests.
type stub struct {
	status      int
	contentType string
	body        string

	mu   sync.Mutex
	reqs []seen
}

func (s *stub) start(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{r.Method, r.URL.Path, r.Header.Get("Content-Type"), string(b)})
		s.mu.Unlock()
		if s.contentType != "" {
			w.Header().Set("Content-Type", s.contentType)
		}
		w.WriteHeader(s.status)
		_, _ = io.WriteString(w, s.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (s *stub) last(t *testing.T) seen {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reqs) == 0 {
		t.Fatal("the stub received no request")
	}
	return s.reqs[len(s.reqs)-1]
}

func asWire(err error, target **wire.Error) bool { return errors.As(err, target) }
