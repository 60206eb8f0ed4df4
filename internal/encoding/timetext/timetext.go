// Package timetext prints times for hot paths without time.Format reading
// a layout on every call: "yyyy-MM-dd HH:mm:ss" with an optional fraction,
// as the reference servers' answers carry them.
package timetext

import "time"

// AppendDateTime appends t in UTC as "2006-01-02 15:04:05" followed, when
// digits > 0 (at most 9), by '.' and that many fraction digits, truncated
// as time.Format truncates. Years outside 0–9999 go through time.Format.
func AppendDateTime(b []byte, t time.Time, digits int) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 || digits < 0 || digits > 9 {
		layout := "2006-01-02 15:04:05"
		if digits > 0 {
			layout += "." + "000000000"[:min(digits, 9)]
		}
		return t.AppendFormat(b, layout)
	}
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, ' ')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
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

// appendDigits appends v (>= 0) zero-padded to n digits.
func appendDigits(b []byte, v, n int) []byte {
	var d [9]byte
	for i := n - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:n]...)
}
