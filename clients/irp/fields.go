package irp

import (
	"strings"
	"time"
)

// Field is one name/value pair of a request body.
type Field struct {
	// Name is the field name as sent ("APIKey", or "apikey" to test case
	// handling).
	Name string
	// Value is the field value.
	Value string
	// Raw, in JSON bodies, writes Value as a JSON value as it stands (a
	// number, null, an object) instead of as a string. Form bodies ignore
	// it.
	Raw bool
}

// Fields is an ordered request body for negative tests: any field may be
// omitted, overridden or added, and the same fields can be written in
// either encoding. Methods return new slices and never change f.
//
//	SignedAuthenticateFields(key, secret, now).With(FieldSignature, "bad").Encode(JSON)
type Fields []Field

// AuthenticateFields returns the Authenticate fields as given, unchecked.
func AuthenticateFields(apiKey, timestamp, signature string) Fields {
	return Fields{{Name: FieldAPIKey, Value: apiKey}, {Name: FieldTimeStamp, Value: timestamp}, {Name: FieldSignature, Value: signature}}
}

// CheckTokenTimeFields returns the CheckTokenTime fields as given,
// unchecked.
func CheckTokenTimeFields(token, timestamp, signature string) Fields {
	return Fields{{Name: FieldAuthenticationToken, Value: token}, {Name: FieldTimeStamp, Value: timestamp}, {Name: FieldSignature, Value: signature}}
}

// SignedAuthenticateFields returns correct Authenticate fields for apiKey
// signed with sharedSecret at the instant at.
func SignedAuthenticateFields(apiKey, sharedSecret string, at time.Time) Fields {
	ts := FormatTimestamp(at)
	return AuthenticateFields(apiKey, ts, Sign(apiKey, ts, sharedSecret))
}

// SignedCheckTokenTimeFields returns correct CheckTokenTime fields for
// token signed with sharedSecret at the instant at.
func SignedCheckTokenTimeFields(token, sharedSecret string, at time.Time) Fields {
	ts := FormatTimestamp(at)
	return CheckTokenTimeFields(token, ts, Sign(token, ts, sharedSecret))
}

// Get returns the value of the first field named name (any case).
func (f Fields) Get(name string) (string, bool) {
	for _, fd := range f {
		if strings.EqualFold(fd.Name, name) {
			return fd.Value, true
		}
	}
	return "", false
}

// With returns f with the first field named name (any case) set to value
// as a string, or with the field appended when there is none.
func (f Fields) With(name, value string) Fields {
	return f.with(Field{Name: name, Value: value})
}

// WithRaw is With for a raw JSON value: WithRaw(FieldTimeStamp, "12345")
// sends a number, WithRaw(FieldAPIKey, "null") a null.
func (f Fields) WithRaw(name, rawJSON string) Fields {
	return f.with(Field{Name: name, Value: rawJSON, Raw: true})
}

func (f Fields) with(nf Field) Fields {
	out := make(Fields, 0, len(f)+1)
	done := false
	for _, fd := range f {
		if !done && strings.EqualFold(fd.Name, nf.Name) {
			fd = nf
			done = true
		}
		out = append(out, fd)
	}
	if !done {
		out = append(out, nf)
	}
	return out
}

// Renamed returns f with every field named from (any case) renamed to to,
// e.g. Renamed(FieldTimeStamp, "timestamp").
func (f Fields) Renamed(from, to string) Fields {
	out := make(Fields, len(f))
	copy(out, f)
	for i := range out {
		if strings.EqualFold(out[i].Name, from) {
			out[i].Name = to
		}
	}
	return out
}

// Without returns f without any field named name (any case).
func (f Fields) Without(name string) Fields {
	out := make(Fields, 0, len(f))
	for _, fd := range f {
		if !strings.EqualFold(fd.Name, name) {
			out = append(out, fd)
		}
	}
	return out
}

// Append appends the body written in enc to dst.
func (f Fields) Append(dst []byte, enc Encoding) []byte {
	dst = appendOpen(dst, enc)
	for i, fd := range f {
		dst = appendField(dst, enc, i == 0, fd.Name, fd.Value, fd.Raw)
	}
	return appendClose(dst, enc)
}

// Encode returns the body written in enc.
func (f Fields) Encode(enc Encoding) []byte {
	return f.Append(make([]byte, 0, 160), enc)
}

// secretValues returns the values worth masking in f: everything but the
// TimeStamp.
func (f Fields) secretValues() []string {
	out := make([]string, 0, len(f))
	for _, fd := range f {
		if !strings.EqualFold(fd.Name, FieldTimeStamp) && len(fd.Value) >= 8 {
			out = append(out, fd.Value)
		}
	}
	return out
}
