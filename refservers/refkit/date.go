package refkit

import (
	"net/http"
	"sync/atomic"

	"github.com/authprobe/authprobe/clock"
)

// DateHeader renders the HTTP Date header of a server's clock (the test
// clock, when one runs) once per second of that clock, not per request.
type DateHeader struct {
	clock clock.Clock
	cur   atomic.Pointer[dateValue]
}

type dateValue struct {
	sec int64
	v   []string
}

// NewDateHeader returns the Date header of c.
func NewDateHeader(c clock.Clock) *DateHeader { return &DateHeader{clock: c} }

// Value returns the header value for the clock's current second, e.g.
// ["Mon, 07 Dec 2026 01:30:00 GMT"]. The slice is shared: set it on a
// header, never modify it.
func (d *DateHeader) Value() []string {
	now := d.clock.Now()
	sec := now.Unix()
	if p := d.cur.Load(); p != nil && p.sec == sec {
		return p.v
	}
	v := []string{now.UTC().Format(http.TimeFormat)}
	d.cur.Store(&dateValue{sec: sec, v: v})
	return v
}
