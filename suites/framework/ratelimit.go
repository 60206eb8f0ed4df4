package framework

import (
	"context"
	"fmt"
	"math"
	"net/http"

	"golang.org/x/time/rate"
)

// waiter hands out the right to send one request.
type waiter interface {
	Wait(ctx context.Context) error
}

// limitedTransport holds every request to a target to a rate: a token
// bucket per target (kept by the parent process in a parallel run, so the
// workers share it), so that a run, however parallel, does not hammer a
// staging server.
type limitedTransport struct {
	next http.RoundTripper
	w    waiter
}

// RoundTrip waits for a token (or the request's cancellation), then sends.
func (l *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := l.w.Wait(r.Context()); err != nil {
		return nil, fmt.Errorf("request rate cap: %w", err)
	}
	return l.next.RoundTrip(r)
}

// CloseIdleConnections passes on to the wrapped transport.
func (l *limitedTransport) CloseIdleConnections() {
	if c, ok := l.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// capRate makes every request of hc wait for w.
func capRate(hc *http.Client, w waiter) {
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &limitedTransport{next: next, w: w}
}

// newLimiter is a token bucket of perSecond requests per second, or nil
// for no cap (perSecond <= 0). The bucket holds a tenth of a second of
// requests, at least one, so a burst never exceeds the cap by much.
func newLimiter(perSecond float64) *rate.Limiter {
	if perSecond <= 0 || math.IsInf(perSecond, 1) || math.IsNaN(perSecond) {
		return nil
	}
	burst := int(perSecond / 10)
	if burst < 1 {
		burst = 1
	}
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}
