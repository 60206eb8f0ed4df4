package load

import (
	"context"
	"errors"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// KindOther is the error kind of a failed hit whose cause is not known:
// vegeta failed it before it reached the runner's transport (a request it
// could not build), and reports it only as text.
const KindOther wire.Kind = "other"

// kindError is a transport failure tagged with its kind. vegeta keeps only
// the text of an error, so the kind travels in the text as "[kind=…] "
// and untag reads it back.
type kindError struct {
	kind wire.Kind
	err  error
}

const kindTag = "[kind="

func (e *kindError) Error() string { return kindTag + string(e.kind) + "] " + e.err.Error() }
func (e *kindError) Unwrap() error { return e.err }

// WireKind tells wire.Classify the kind, for a targeter's own steps sent
// with wire.Do through the runner's transport.
func (e *kindError) WireKind() wire.Kind { return e.kind }

// tag wraps err, a failure of an exchange sent with ctx, with its kind
// (wire.Classify).
func tag(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ke *kindError
	if errors.As(err, &ke) {
		return err
	}
	return &kindError{kind: wire.Classify(ctx, err), err: err}
}

// untag reads the kind back from a hit's error text and returns the text
// without the tag. An untagged text is KindOther, or KindTimeout when it
// says a deadline passed.
func untag(text string) (wire.Kind, string) {
	i := strings.Index(text, kindTag)
	if i < 0 {
		if strings.Contains(text, "Client.Timeout") || strings.Contains(text, "deadline exceeded") {
			return wire.KindTimeout, text
		}
		return KindOther, text
	}
	rest := text[i+len(kindTag):]
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return KindOther, text
	}
	msg := text[:i] + strings.TrimPrefix(rest[j+1:], " ")
	return wire.Kind(rest[:j]), msg
}
