package clock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Remote drives the clock control endpoint of a reference server in
// test-clock mode.
type Remote struct {
	// BaseURL is the server's base URL, e.g. "http://127.0.0.1:40123".
	BaseURL string
	// HTTP sends the requests; nil means http.DefaultClient.
	HTTP *http.Client
}

// Advance moves the server's clock forward by d.
func (r Remote) Advance(ctx context.Context, d time.Duration) (State, error) {
	return r.do(ctx, Command{Advance: d.String()})
}

// Set moves the server's clock to t.
func (r Remote) Set(ctx context.Context, t time.Time) (State, error) {
	return r.do(ctx, Command{Set: t.UTC().Format(time.RFC3339Nano)})
}

// Read returns the server's clock without moving it.
func (r Remote) Read(ctx context.Context) (State, error) {
	return r.do(ctx, Command{})
}

func (r Remote) do(ctx context.Context, cmd Command) (State, error) {
	var st State
	body, err := json.Marshal(cmd)
	if err != nil {
		return st, err
	}
	url := strings.TrimRight(r.BaseURL, "/") + ControlPath
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return st, fmt.Errorf("clock control %s: %w", url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	hc := r.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return st, fmt.Errorf("clock control %s: %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return st, fmt.Errorf("clock control %s: reading answer: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("clock control %s: %s: %s", url, resp.Status, strings.TrimSpace(string(raw)))
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("clock control %s: malformed answer: %w", url, err)
	}
	return st, nil
}
