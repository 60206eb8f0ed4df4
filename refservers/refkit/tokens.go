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

// alnumOf maps a random byte below 248 (4*62) to its character, each
// character four times, so that rejecting the bytes from 248 up keeps
// every character equally likely.
var alnumOf = func() (t [4 * len(alnum)]byte) {
	for i := range t {
		t[i] = alnum[i%len(alnum)]
	}
	return t
}()

// RandomTokens returns the honest token source: length characters (ignored
// for GUID) drawn from ChaCha8 generators seeded from crypto/rand
// (readRandom). Alnum tokens of 32 characters carry
// about 190 bits.
func RandomTokens(enc Encoding, length int) TokenSource {
	return TokenFunc(func() string { return randomToken(enc, length) })
}

func randomToken(enc Encoding, length int) string {
	switch enc {
	case GUID:
		var b [16]byte
		readRandom(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		var out [36]byte
		hex.Encode(out[0:8], b[0:4])
		out[8] = '-'
		hex.Encode(out[9:13], b[4:6])
		out[13] = '-'
		hex.Encode(out[14:18], b[6:8])
		out[18] = '-'
		hex.Encode(out[19:23], b[8:10])
		out[23] = '-'
		hex.Encode(out[24:36], b[10:16])
		return string(out[:])
	case Hex:
		if length > 64 {
			b := make([]byte, (length+1)/2)
			readRandom(b)
			return hex.EncodeToString(b)[:length]
		}
		var b [32]byte
		var out [64]byte
		n := (length + 1) / 2
		readRandom(b[:n])
		hex.Encode(out[:], b[:n])
		return string(out[:length])
	case Base64:
		b := make([]byte, (length*3+3)/4)
		readRandom(b)
		return base64.StdEncoding.EncodeToString(b)[:length]
	}
	// Rejection sampling keeps every character equally likely: random
	// bytes go straight into out and the accepted ones are mapped in place
	// (the write position never passes the read position).
	var stack [64]byte
	var out []byte
	if length <= len(stack) {
		out = stack[:length]
	} else {
		out = make([]byte, length)
	}
	for n := 0; n < length; {
		readRandom(out[n:])
		for _, c := range out[n:] {
			if c < byte(len(alnumOf)) {
				out[n] = alnumOf[c]
				n++
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
