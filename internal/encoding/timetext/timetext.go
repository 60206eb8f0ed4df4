// Package timetext prints times for hot paths without time.Format reading
// a layout on every call: "yyyy-MM-dd HH:mm:ss" with an optional fraction,
// as the reference servers' answers carry them.
package timetext

import (
	"sync/atomic"
	"time"
)

// secondText is the "2006-01-02 15:04:05" text of one Unix second.
type secondText struct {
	sec  int64
	text [19]byte
}

// lastSecond is the text of the second last printed: every answer within
// that second reuses it (a server under load prints the same second
// thousands of times).
var lastSecond atomic.Pointer[secondText]

// AppendDateTime appends t in UTC as "2006-01-02 15:04:05" followed, when
// digits > 0 (at most 9), by '.' and that many fraction digits, truncated
// as time.Format truncates. Years outside 0–9999 go through time.Format.
func AppendDateTime(b []byte, t time.Time, digits int) []byte {
	if digits < 0 || digits > 9 {
		return appendFormat(b, t, digits)
	}
	sec := t.Unix()
	if st := lastSecond.Load(); st != nil && st.sec == sec {
		b = append(b, st.text[:]...)
	} else {
		u := t.UTC()
		year, month, day := u.Date()
		if year < 0 || year > 9999 {
			return appendFormat(b, t, digits)
		}
		hour, minute, second := u.Clock()
		st := &secondText{sec: sec}
		d := st.text[:0]
		d = appendDigits(d, year, 4)
		d = append(d, '-')
		d = appendDigits(d, int(month), 2)
		d = append(d, '-')
		d = appendDigits(d, day, 2)
		d = append(d, ' ')
		d = appendDigits(d, hour, 2)
		d = append(d, ':')
		d = appendDigits(d, minute, 2)
		d = append(d, ':')
		d = appendDigits(d, second, 2)
		lastSecond.Store(st)
		b = append(b, d...)
	}
	if digits == 0 {
		return b
	}
	frac := t.Nanosecond()
	for i := digits; i < 9; i++ {
		frac /= 10
	}
	b = append(b, '.')
	return appendDigits(b, frac, digits)
}

// appendFormat is AppendDateTime through time.Format.
func appendFormat(b []byte, t time.Time, digits int) []byte {
	layout := "2006-01-02 15:04:05"
	if digits > 0 {
		layout += "." + "000000000"[:min(digits, 9)]
	}
	return t.UTC().AppendFormat(b, layout)
}

func appendDigits(b []byte, v, n int) []byte {
	var d [9]byte
	for i := n - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:n]...)
}
