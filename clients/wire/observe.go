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
