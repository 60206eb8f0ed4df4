package irp

import (
	"crypto/sha1" //nolint:gosec // the vendor's signature scheme is plain SHA-1
	"crypto/subtle"
	"encoding/hex"
	"time"
)

// timestampLayout is the request TimeStamp format, yyyy-MM-dd HH:mm:ss.
const timestampLayout = "2006-01-02 15:04:05"

// parseTimestamp reads a request TimeStamp strictly: exactly
// "yyyy-MM-dd HH:mm:ss" (a fraction, a zone or a 'T' is a type error,
// as .NET's exact parse would have it), taken as UTC.
func parseTimestamp(s string) (time.Time, bool) {
	if len(s) != len(timestampLayout) {
		return time.Time{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 4, 7:
			if c != '-' {
				return time.Time{}, false
			}
		case 10:
			if c != ' ' {
				return time.Time{}, false
			}
		case 13, 16:
			if c != ':' {
				return time.Time{}, false
			}
		default:
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
		}
	}
	return parseTimestampDigits(s)
}

// signatureMatches checks sig against
// sha1hex(sha1hex(keyOrToken + "." + timestamp) + "." + secret), lower-case
// hex only, in constant time.
func signatureMatches(sig, keyOrToken, timestamp, secret string) bool {
	var stack [256]byte
	buf := append(stack[:0], keyOrToken...)
	buf = append(buf, '.')
	buf = append(buf, timestamp...)
	inner := sha1.Sum(buf) //nolint:gosec // vendor scheme
	var innerHex [2 * sha1.Size]byte
	hex.Encode(innerHex[:], inner[:])
	buf = append(buf[:0], innerHex[:]...)
	buf = append(buf, '.')
	buf = append(buf, secret...)
	outer := sha1.Sum(buf) //nolint:gosec // vendor scheme
	var want [2 * sha1.Size]byte
	hex.Encode(want[:], outer[:])
	if len(sig) != len(want) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sig), want[:]) == 1
}
