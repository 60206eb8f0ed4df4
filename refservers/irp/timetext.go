package irp

import (
	"time"

	"github.com/authprobe/authprobe/internal/encoding/timetext"
)

// Hot-path time text: the request TimeStamp is read and the answer's time
// printed without time.Parse and time.Format reading their layouts on
// every request. timetext_test.go checks both against the time package.

// parseTimestampDigits reads "yyyy-MM-dd HH:mm:ss" whose separators and
// digits parseTimestamp has checked, refusing what time.Parse refuses (a
// month, day, hour, minute or second out of range), as UTC.
func parseTimestampDigits(s string) (time.Time, bool) {
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	// time.Date normalises a month or day out of range (month 13, day 0,
	// April 31, a 29 February outside a leap year) into another date.
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Month() != time.Month(month) || t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// appendTime appends t in UTC as layout prints it: serverTimeLayout
// ("2018-10-16 14:24:46.8838787Z") or dialectTimeLayout
// ("2018-10-16 14:24:46.883"); other layouts go through time.Format.
func appendTime(b []byte, t time.Time, layout string) []byte {
	switch layout {
	case serverTimeLayout:
		return append(timetext.AppendDateTime(b, t, 7), 'Z')
	case dialectTimeLayout:
		return timetext.AppendDateTime(b, t, 3)
	}
	return t.UTC().AppendFormat(b, layout)
}
