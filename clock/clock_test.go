package clock

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestManualAdvanceAndSet(t *testing.T) {
	m := NewManual()
	before := m.Now()
	m.Advance(31 * time.Minute)
	if d := m.Now().Sub(before); d < 31*time.Minute || d > 32*time.Minute {
		t.Fatalf("advance 31m moved the clock by %s", d)
	}
	target := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	m.Set(target)
	if d := m.Now().Sub(target); d < 0 || d > time.Second {
		t.Fatalf("set: clock reads %s, want %s", m.Now(), target)
	}
}

func TestControlEndpoint(t *testing.T) {
	m := NewManual()
	srv := httptest.NewServer(ControlHandler(m, false))
	defer srv.Close()
	r := Remote{BaseURL: srv.URL}
	st, err := r.Advance(context.Background(), 31*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if m.Offset() < 31*time.Minute || !strings.HasPrefix(st.Offset, "31m") {
		t.Fatalf("offset %s / %s after advance 31m", m.Offset(), st.Offset)
	}
	for _, body := range []string{`{"advance":"soon"}`, `{"advance":"1m","set":"2030-01-01T00:00:00Z"}`, `not json`, `{"set":"tomorrow"}`} {
		resp, err := http.Post(srv.URL+ControlPath, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", body, resp.StatusCode)
		}
	}
}

func TestControlRefusedWithoutTestClock(t *testing.T) {
	srv := httptest.NewServer(ControlHandler(nil, false))
	defer srv.Close()
	_, err := Remote{BaseURL: srv.URL}.Advance(context.Background(), time.Minute)
	if err == nil || !strings.Contains(err.Error(), "not in test-clock mode") {
		t.Fatalf("want refusal, got %v", err)
	}
}

func TestControlRefusedFromNonLoopback(t *testing.T) {
	h := ControlHandler(NewManual(), false)
	req := httptest.NewRequest(http.MethodPost, ControlPath, strings.NewReader(`{"advance":"1m"}`))
	req.RemoteAddr = "203.0.113.7:4000"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Fatalf("remote clock control: status %d, want 403", w.Code)
	}
}
