package load

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authprobe/authprobe/secrets"
)

// RawFormat is the format of the raw results file.
type RawFormat int

// The raw formats.
const (
	// RawJSONLines writes one JSON object per hit per line.
	RawJSONLines RawFormat = iota
	// RawCSV writes a header line, then one CSV record per hit.
	RawCSV
)

// RawFormatOf picks the format of a raw file from its name: ".csv" is
// CSV, anything else JSON lines.
func RawFormatOf(path string) RawFormat {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return RawCSV
	}
	return RawJSONLines
}

// rawColumns are the fields of a raw line, in order.
var rawColumns = []string{"step", "seq", "intended_ms", "sent_ms", "latency_ms", "service_ms", "status", "success", "code", "error_kind", "error", "token"}

// rawWriter streams one line per hit. Times are milliseconds from the
// run's start; latency_ms is measured from the intended send time,
// service_ms from the actual one. Tokens are masked with secrets.Mask.
type rawWriter struct {
	w      *bufio.Writer
	f      *os.File // nil when writing to a caller's writer
	format RawFormat
	buf    []byte
	err    error
}

// openRaw opens path (or wraps w) for streaming.
func openRaw(path string, w io.Writer, f RawFormat) (*rawWriter, error) {
	rw := &rawWriter{format: f, buf: make([]byte, 0, 256)}
	if path != "" {
		file, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("raw results file: %w", err)
		}
		rw.f, w, rw.format = file, file, RawFormatOf(path)
	}
	rw.w = bufio.NewWriterSize(w, 64<<10)
	if rw.format == RawCSV {
		_, rw.err = rw.w.WriteString(strings.Join(rawColumns, ",") + "\n")
	}
	return rw, nil
}

// write appends one hit; the first error stops writing and is reported
// by close.
func (rw *rawWriter) write(step int, h *hit, start time.Time, token string) {
	if rw == nil || rw.err != nil {
		return
	}
	b := rw.buf[:0]
	kind, msg := string(h.kind), ""
	if h.kind != "" {
		_, msg = untag(h.errText)
	}
	if token != "" {
		token = secrets.Mask(token)
	}
	nums := [...]float64{
		msSince(start, h.intended), msSince(start, h.sent),
		float64(h.latency) / float64(time.Millisecond), float64(h.service) / float64(time.Millisecond),
	}
	if rw.format == RawCSV {
		b = strconv.AppendInt(b, int64(step), 10)
		b = append(b, ',')
		b = strconv.AppendUint(b, h.seq, 10)
		for _, v := range nums {
			b = append(b, ',')
			b = strconv.AppendFloat(b, v, 'f', 3, 64)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(h.status), 10)
		b = append(b, ',')
		b = strconv.AppendBool(b, h.success)
		for _, s := range []string{h.code, kind, msg, token} {
			b = append(b, ',')
			b = appendCSV(b, s)
		}
	} else {
		b = append(b, `{"step":`...)
		b = strconv.AppendInt(b, int64(step), 10)
		b = append(b, `,"seq":`...)
		b = strconv.AppendUint(b, h.seq, 10)
		for i, v := range nums {
			b = append(b, ',', '"')
			b = append(b, rawColumns[2+i]...)
			b = append(b, '"', ':')
			b = strconv.AppendFloat(b, v, 'f', 3, 64)
		}
		b = append(b, `,"status":`...)
		b = strconv.AppendInt(b, int64(h.status), 10)
		b = append(b, `,"success":`...)
		b = strconv.AppendBool(b, h.success)
		for i, s := range []string{h.code, kind, msg, token} {
			if s == "" {
				continue
			}
			b = append(b, ',', '"')
			b = append(b, rawColumns[8+i]...)
			b = append(b, '"', ':')
			b = appendJSONString(b, s)
		}
		b = append(b, '}')
	}
	b = append(b, '\n')
	rw.buf = b
	_, rw.err = rw.w.Write(b)
}

// close flushes and closes the file; it returns the first error.
func (rw *rawWriter) close() error {
	if rw == nil {
		return nil
	}
	if err := rw.w.Flush(); err != nil && rw.err == nil {
		rw.err = err
	}
	if rw.f != nil {
		if err := rw.f.Close(); err != nil && rw.err == nil {
			rw.err = err
		}
	}
	if rw.err != nil {
		return fmt.Errorf("raw results file: %w", rw.err)
	}
	return nil
}

func msSince(start, t time.Time) float64 {
	return float64(t.Sub(start)) / float64(time.Millisecond)
}

// appendCSV appends s as a CSV field, quoted when it must be.
func appendCSV(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes
// U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
