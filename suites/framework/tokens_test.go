package framework

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

func TestEntropyBitsSeparatesRandomFromCounters(t *testing.T) {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var random, counter, small []string
	for i := 0; i < 200; i++ {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		for j := range b {
			b[j] = alnum[int(b[j])%62]
		}
		random = append(random, string(b))
		counter = append(counter, fmt.Sprintf("%032d", 1000+i))
		small = append(small, fmt.Sprintf("%032x", int(b[0])<<8|int(b[1])))
	}
	if h := EntropyBits(random); h < 150 {
		t.Errorf("random 32-char tokens estimated at %.1f bits, want > 150", h)
	}
	if h := EntropyBits(counter); h > 20 {
		t.Errorf("counter tokens estimated at %.1f bits, want < 20", h)
	}
	if h := EntropyBits(small); h > 64 {
		t.Errorf("16-bit tokens estimated at %.1f bits, want < 64", h)
	}
}

func TestDuplicates(t *testing.T) {
	d := Duplicates([]string{"a", "b", "a", "c", "a", "b"})
	if len(d) != 2 || d[0] != "a" || d[1] != "b" {
		t.Fatalf("Duplicates = %v", d)
	}
}

func TestLeakedInternals(t *testing.T) {
	leaks := []string{
		"Procedure or function 'spLogin_New' expects parameter '@PASSWORD', which was not supplied.",
		"System.NullReferenceException: Object reference not set\n   at Irp.Api.Auth.Check(String key) in C:\\src\\Auth.cs:line 42",
		"error near SELECT * FROM users WHERE name='x'",
	}
	for _, s := range leaks {
		if LeakedInternals(s) == "" {
			t.Errorf("no leak found in %q", s)
		}
	}
	clean := []string{"The user name or/and password are invalid.", "username, password or account_number is incorrect", "Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}
	for _, s := range clean {
		if m := LeakedInternals(s); m != "" {
			t.Errorf("false leak %q in %q", m, s)
		}
	}
}

func TestDerivedFrom(t *testing.T) {
	const pw = "Ry5NvPky2jBjshT"
	derived := map[string]string{
		pw:                               "equals it",
		"x" + pw + "yz0123456789abcdefg": "contains it",
		"5NvPky2jBj":                     "is part of it",
		"ab" + fmt.Sprintf("%x", sha256.Sum256([]byte(pw)))[:40]: "contains 16 characters of its SHA-256",
		"zzzzNvPky2jBzzzzzzzzzzzzzzzzzzzz":                       "contains 8 of its characters (from its 4. character on, hyphens aside)",
	}
	for tok, want := range derived {
		if got := DerivedFrom(tok, pw); got != want {
			t.Errorf("DerivedFrom(%q) = %q, want %q", tok, got, want)
		}
	}
	for _, tok := range []string{"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", "534d4c30-28a0-48c8-a76d-bbd265d7a1ac"} {
		if got := DerivedFrom(tok, pw); got != "" {
			t.Errorf("random token %q reported as %q", tok, got)
		}
	}
	if got := DerivedFrom("foobarfoobar", "foo"); got != "" {
		t.Errorf("short credential checked: %q", got)
	}
}

// Honest tokens of exactly 64 random bits, in every common format, reach
// the 64-bit floor; counters and tokens from a small space do not.
func TestEntropyBitsCreditsHonest64BitTokens(t *testing.T) {
	formats := map[string]func([]byte) string{
		"hex":       func(b []byte) string { return fmt.Sprintf("%x", b) },
		"upper hex": func(b []byte) string { return fmt.Sprintf("%X", b) },
		"base64":    func(b []byte) string { return base64.StdEncoding.EncodeToString(b) },
		"base64url": func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) },
		"decimal":   func(b []byte) string { return fmt.Sprintf("%020d", binary.BigEndian.Uint64(b)) },
	}
	for name, format := range formats {
		for round := 0; round < 20; round++ {
			var tokens []string
			for i := 0; i < 200; i++ {
				b := make([]byte, 8)
				_, _ = rand.Read(b)
				tokens = append(tokens, format(b))
			}
			if h := EntropyBits(tokens); h < 64 {
				t.Fatalf("%s: honest 64-bit tokens estimated at %.2f bits (round %d)", name, h, round)
			}
		}
	}
	var seq, guidSeq []string
	for i := 0; i < 200; i++ {
		seq = append(seq, fmt.Sprintf("%016x", 0x5a5a0000+i))
		guidSeq = append(guidSeq, fmt.Sprintf("00000000-0000-4000-8000-%012x", 77000+i))
	}
	if h := EntropyBits(seq); h > 20 {
		t.Errorf("hex counter estimated at %.1f bits", h)
	}
	if h := EntropyBits(guidSeq); h > 20 {
		t.Errorf("GUID counter estimated at %.1f bits", h)
	}
}

// Ordinary words that start with "sp" are not stored-procedure names.
func TestLeakedInternalsIgnoresOrdinaryWords(t *testing.T) {
	for _, s := range []string{"The specified user name is invalid.", "Special characters are not allowed", "SPACE is reserved", "Please select a value from the list"} {
		if m := LeakedInternals(s); m != "" {
			t.Errorf("false leak %q in %q", m, s)
		}
	}
	if LeakedInternals("error in spLogin_New") == "" {
		t.Error("spLogin_New not found")
	}
}

func TestDateHeader(t *testing.T) {
	x := &wire.Exchange{Header: http.Header{"Date": {"Sun, 06 Dec 2026 21:24:21 GMT"}}}
	got, ok := DateHeader(x)
	want := time.Date(2026, 12, 6, 21, 24, 21, 500_000_000, time.UTC)
	if !ok || !got.Equal(want) {
		t.Errorf("DateHeader = %v, %v; want %v", got, ok, want)
	}
	for _, bad := range []*wire.Exchange{nil, {}, {Header: http.Header{"Date": {"yesterday"}}}} {
		if _, ok := DateHeader(bad); ok {
			t.Errorf("DateHeader(%+v) read a time", bad)
		}
	}
}
