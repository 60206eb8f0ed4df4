package irp

import (
	"crypto/sha1" //nolint:gosec // the vendor's signature scheme is plain SHA-1
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// TimestampLayout is the request TimeStamp format, the vendor's
// "yyyy-MM-dd HH:mm:ss" in UTC:
//
//	2018-10-01 15:10:54
const TimestampLayout = "2006-01-02 15:04:05"

// SignatureLen is the length of a signature: 40 lower-case hex digits.
const SignatureLen = 2 * sha1.Size

// signBufLen is the stack buffer used for the hash inputs; longer inputs
// spill to the heap, which only hostile test values do.
const signBufLen = 192

// Sign returns the request signature
//
//	sha1hex( sha1hex(keyOrToken + "." + timestamp) + "." + sharedSecret )
//
// in lower-case hex. keyOrToken is the API key for Authenticate and the
// AuthenticationToken for every other method. Sign allocates only the
// returned string.
func Sign(keyOrToken, timestamp, sharedSecret string) string {
	var out [SignatureLen]byte
	return string(AppendSign(out[:0], keyOrToken, timestamp, sharedSecret))
}

// AppendSign appends the signature Sign returns to dst. It allocates
// nothing when dst has room for 40 more bytes and the inputs are short.
func AppendSign(dst []byte, keyOrToken, timestamp, sharedSecret string) []byte {
	var inner [SignatureLen]byte
	innerHex(&inner, keyOrToken, timestamp)
	var stack [signBufLen]byte
	buf := append(stack[:0], inner[:]...)
	buf = append(buf, '.')
	buf = append(buf, sharedSecret...)
	sum := sha1.Sum(buf) //nolint:gosec // vendor scheme
	return hex.AppendEncode(dst, sum[:])
}

// innerHex writes sha1hex(keyOrToken + "." + timestamp) to out.
func innerHex(out *[SignatureLen]byte, keyOrToken, timestamp string) {
	var stack [signBufLen]byte
	buf := append(stack[:0], keyOrToken...)
	buf = append(buf, '.')
	buf = append(buf, timestamp...)
	sum := sha1.Sum(buf) //nolint:gosec // vendor scheme
	hex.Encode(out[:], sum[:])
}

// innerDigest returns sha1hex(keyOrToken + "." + timestamp), the
// intermediate value of the signature, registered as a secret since it
// with the shared secret is all a forger needs.
func innerDigest(keyOrToken, timestamp string) string {
	var out [SignatureLen]byte
	innerHex(&out, keyOrToken, timestamp)
	return string(out[:])
}

// FormatTimestamp prints t in UTC as a request TimeStamp
// ("2018-10-01 15:10:54").
func FormatTimestamp(t time.Time) string {
	var buf [len(TimestampLayout)]byte
	return string(AppendTimestamp(buf[:0], t))
}

// AppendTimestamp appends FormatTimestamp(t) to dst without allocating.
func AppendTimestamp(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, TimestampLayout)
}

// serverTimestampLayouts are the forms of a response TimeStamp the client
// understands, most likely first. Go also accepts a fractional second after
// the seconds when the layout has none.
var serverTimestampLayouts = []string{
	"2006-01-02 15:04:05Z07:00", // "2018-10-16 14:24:46.8838787Z"
	"2006-01-02 15:04:05",       // no zone: UTC, as the vendor documents
	time.RFC3339Nano,            // "2018-10-16T14:24:46.8838787Z"
	"2006-01-02T15:04:05",       // ISO without zone: UTC
}

// ParseServerTimestamp parses a response TimeStamp such as
// "2018-10-16 14:24:46.8838787Z" (seven fractional digits, as .NET prints
// them) and returns it in UTC. A TimeStamp without a zone is taken as UTC.
func ParseServerTimestamp(s string) (time.Time, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return time.Time{}, fmt.Errorf("irp: empty server TimeStamp")
	}
	for _, layout := range serverTimestampLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("irp: server TimeStamp %q is not of the form \"2018-10-16 14:24:46.8838787Z\"", s)
}

// ParseMinutesRemaining parses a CheckTokenTime MinutesRemaining value in
// the documented "MM:SS" form ("04:59", or "4:59"): minutes, a colon and
// two digits of seconds below 60.
func ParseMinutesRemaining(s string) (time.Duration, error) {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || len(s)-colon != 3 || colon > 6 {
		return 0, fmt.Errorf("irp: MinutesRemaining %q is not in MM:SS form (e.g. \"04:59\")", s)
	}
	mins, ok := digits(s[:colon])
	secs, ok2 := digits(s[colon+1:])
	if !ok || !ok2 || secs > 59 {
		return 0, fmt.Errorf("irp: MinutesRemaining %q is not in MM:SS form (e.g. \"04:59\")", s)
	}
	return time.Duration(mins)*time.Minute + time.Duration(secs)*time.Second, nil
}

// digits parses a short run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
