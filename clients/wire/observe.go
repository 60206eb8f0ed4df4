package wire

import "context"

// Observer sees every exchange sent with a context that carries it, after
// the answer is read (or the exchange failed). The conformance framework
// uses it to collect evidence and to schema-check every response without
// the specs having to.
type Observer func(op string, x *Exchange, err error)

type observerKey struct{}

// WithObserver returns a context whose exchanges are reported to o.
func WithObserver(ctx context.Context, o Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

func observe(ctx context.Context, op string, x *Exchange, err error) {
	if o, ok := ctx.Value(observerKey{}).(Observer); ok && o != nil {
		o(op, x, err)
	}
}

// Gate decides, before an exchange is sent with a context that carries it,
// whether it goes out: an error stops it unsent (KindNotSent). The
// conformance framework stops the exchanges with a target it has given up
// on (its last exchanges timed out), so that a spec in flight does not wait
// out the timeout once more for each of its remaining requests.
type Gate func(op string) error

type gateKey struct{}

// WithGate returns a context whose exchanges pass g first.
func WithGate(ctx context.Context, g Gate) context.Context {
	return context.WithValue(ctx, gateKey{}, g)
}

func gate(ctx context.Context, op string) error {
	if g, ok := ctx.Value(gateKey{}).(Gate); ok && g != nil {
		return g(op)
	}
	return nil
}
