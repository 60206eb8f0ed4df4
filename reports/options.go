package reports

import "github.com/authprobe/authprobe/secrets"

// Option configures a writer.
type Option func(*options)

type options struct {
	redactor      *secrets.Redactor
	junitWarnings JUnitWarnings
}

// WithRedactor masks every secret registered in r in all free text a writer
// emits: messages, reasons, evidence, notes, error texts, URLs. Without it a
// writer masks nothing beyond what the results already carry masked.
func WithRedactor(r *secrets.Redactor) Option {
	return func(o *options) { o.redactor = r }
}

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// redact masks s with the configured redactor, if any.
func (o options) redact(s string) string {
	if o.redactor == nil {
		return s
	}
	return o.redactor.Redact(s)
}
