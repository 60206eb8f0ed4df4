package refkit

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync/atomic"
)

// TokenSource issues session tokens.
type TokenSource interface {
	// Token returns a new token.
	Token() string
}

// TokenFunc adapts a function to TokenSource.
type TokenFunc func() string

// Token calls f.
func (f TokenFunc) Token() string { return f() }

// Encoding is how a token's random bytes are printed.
type Encoding int

// Token encodings.
const (
	Alnum  Encoding = iota // letters and digits, like the vendors' examples ("poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq")
	Hex                    // lower-case hexadecimal
	Base64                 // standard Base64 ("YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6")
	GUID                   // RFC 4122 version 4 UUID ("534d4c30-28a0-48c8-a76d-bbd265d7a1ac")
)

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// RandomTokens returns the honest token source: length characters (ignored
// for GUID) drawn from crypto/rand. Alnum tokens of 32 characters carry
// about 190 bits.
func RandomTokens(enc Encoding, length int) TokenSource {
	return TokenFunc(func() string { return randomToken(enc, length) })
}

func randomToken(enc Encoding, length int) string {
	switch enc {
	case GUID:
		var b [16]byte
		mustRead(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := hex.EncodeToString(b[:])
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	case Hex:
		b := make([]byte, (length+1)/2)
		mustRead(b)
		return hex.EncodeToString(b)[:length]
	case Base64:
		b := make([]byte, (length*3+3)/4)
		mustRead(b)
		return base64.StdEncoding.EncodeToString(b)[:length]
	}
	// Rejection sampling keeps every character equally likely.
	out := make([]byte, 0, length)
	buf := make([]byte, length+length/2)
	for len(out) < length {
		mustRead(buf)
		for _, c := range buf {
			if c < 248 && len(out) < length { // 248 = 4*62
				out = append(out, alnum[int(c)%62])
			}
		}
	}
	return string(out)
}

func mustRead(b []byte) {
	if _, err := rand.Read(b); err != nil {
		// crypto/rand.Read never fails on supported platforms (Go 1.24+).
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
}

// SequentialTokens is a faulty source: tokens that count up from a random
// start, formatted like the honest ones (same length and alphabet), so only
// an entropy or predictability check can tell them apart.
func SequentialTokens(enc Encoding, length int) TokenSource {
	var n atomic.Uint64
	n.Store(uint64(randomInt(1 << 20)))
	return TokenFunc(func() string { return formatCounter(enc, length, n.Add(1)) })
}

// LowEntropyTokens is a faulty source: tokens drawn from only 2^16 values,
// formatted like the honest ones, so collisions show within a few hundred
// logins.
func LowEntropyTokens(enc Encoding, length int) TokenSource {
	return TokenFunc(func() string { return formatCounter(enc, length, uint64(randomInt(1<<16))) })
}

func randomInt(n int) int {
	var b [4]byte
	mustRead(b[:])
	return int(uint32(b[0])|uint32(b[1])<<8|uint32(b[2])<<16|uint32(b[3])<<24) % n
}

func formatCounter(enc Encoding, length int, v uint64) string {
	if enc == GUID {
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", v)
	}
	digits := alnum
	switch enc {
	case Hex:
		digits = "0123456789abcdef"
	case Base64:
		digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	}
	out := make([]byte, length)
	for i := length - 1; i >= 0; i-- {
		out[i] = digits[v%uint64(len(digits))]
		v /= uint64(len(digits))
	}
	return string(out)
}
