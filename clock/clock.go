// Package clock gives the reference servers their notion of time: the real
// wall clock in normal use, or a manual clock that tests move forward so that
// a 30-minute expiry is checked in milliseconds.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time. Every reference server reads time only
// through a Clock.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock (UTC).
type Real struct{}

// Now returns time.Now in UTC.
func (Real) Now() time.Time { return time.Now().UTC() }

var _ Clock = Real{}

// Manual is a clock that starts at the real time (or a given instant) and
// afterwards moves only when told to, by Advance or Set, plus the real time
// that has passed since then. Keeping real time running means timestamps
// still differ between requests; tests move it by minutes at once.
// It is safe for concurrent use.
type Manual struct {
	mu     sync.RWMutex
	offset time.Duration
}

// NewManual returns a manual clock that reads the real time until moved.
func NewManual() *Manual { return &Manual{} }

// Now returns the real time shifted by every Advance and Set so far.
func (m *Manual) Now() time.Time {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return time.Now().UTC().Add(m.offset)
}

// Advance moves the clock forward by d (backwards if d is negative).
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	m.offset += d
	m.mu.Unlock()
}

// Set moves the clock so that Now reads t at this instant.
func (m *Manual) Set(t time.Time) {
	m.mu.Lock()
	m.offset = time.Until(t)
	m.mu.Unlock()
}

// Offset reports how far the clock stands from the real time.
func (m *Manual) Offset() time.Duration {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.offset
}

var _ Clock = (*Manual)(nil)
