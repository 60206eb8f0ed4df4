package refkit

import (
	"net/http"
	"time"

	"github.com/authprobe/authprobe/clock"
)

// Options are the settings every reference server takes.
type Options struct {
	// Clock is the server's time source; nil means the real clock.
	Clock clock.Clock
	// TestClock, when non-nil, is also Clock, and turns the clock control
	// endpoint on.
	TestClock *clock.Manual
	// Faults are the named faults to run with.
	Faults FaultSet
	// Dialects are the named legal variations to speak.
	Dialects DialectSet
	// MaxBody caps request bodies (default 64 KiB).
	MaxBody int64
	// TTL overrides the session lifetime (0: the documented default).
	TTL time.Duration
	// MaxSessions caps live sessions (default 100,000).
	MaxSessions int
}

// Now returns the current time of the server's clock.
func (o *Options) Now() time.Time { return o.clockOrReal().Now() }

func (o *Options) clockOrReal() clock.Clock {
	if o.TestClock != nil {
		return o.TestClock
	}
	if o.Clock != nil {
		return o.Clock
	}
	return clock.Real{}
}

// Normalize fills defaults in place and returns o: Clock set, MaxBody and
// MaxSessions defaulted, Faults and Dialects non-nil.
func (o *Options) Normalize() *Options {
	o.Clock = o.clockOrReal()
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 10
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 100_000
	}
	if o.Faults == nil {
		o.Faults = FaultSet{}
	}
	if o.Dialects == nil {
		o.Dialects = DialectSet{}
	}
	return o
}

// StoreOptions returns the session store settings implied by o.
func (o *Options) StoreOptions() StoreOptions {
	return StoreOptions{MaxSessions: o.MaxSessions}
}

// Wrap adds what every reference server does around its own handler: the
// request body cap and the clock control endpoint (refused unless the server
// runs on a test clock).
func (o *Options) Wrap(h http.Handler) http.Handler {
	return o.wrap(h, true)
}

// WrapSelfLimited is Wrap for a handler that caps request bodies at
// MaxBody itself: it adds the clock control endpoint only, sparing every
// request the body cap's reader.
func (o *Options) WrapSelfLimited(h http.Handler) http.Handler {
	return o.wrap(h, false)
}

func (o *Options) wrap(h http.Handler, capBody bool) http.Handler {
	control := clock.ControlHandler(o.TestClock, false)
	max := o.MaxBody
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == clock.ControlPath {
			control.ServeHTTP(w, r)
			return
		}
		if capBody && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		h.ServeHTTP(w, r)
	})
}

// NewHTTPServer returns an *http.Server for h with the timeouts a shared
// server needs, so a slow client cannot hold it.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
