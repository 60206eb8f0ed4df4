package framework

import (
	"math"
	"regexp"
	"strings"
)

// EntropyBits estimates the entropy of tokens position by position, the
// character-level analysis of Burp Sequencer and similar tools: counters,
// timestamps and tokens drawn from a small space show up as positions that
// barely vary.
//
// Each position is credited with the Miller–Madow corrected Shannon entropy
// of the characters seen there, except that a position whose characters
// look uniform over an alphabet (decimal, hex, Base32, alphanumeric, Base64,
// or just the characters seen) is credited with that alphabet's full
// log2(size): with a few hundred samples the plain estimate of a uniform
// hex digit is ~3.95 bits, not 4, which would fail an honest 64-bit hex
// token against a 64-bit floor. Positions are aligned from the left.
func EntropyBits(tokens []string) float64 {
	if len(tokens) < 2 {
		return 0
	}
	maxLen := 0
	for _, t := range tokens {
		if len(t) > maxLen {
			maxLen = len(t)
		}
	}
	// The alphabet of the whole sample: a Base64 token set whose '+' and
	// '/' happen not to occur at one position is still Base64 there.
	all := map[byte]int{}
	for _, t := range tokens {
		for i := 0; i < len(t); i++ {
			all[t[i]]++
		}
	}
	global := alphabetSize(all)
	total := 0.0
	col := make([]byte, 0, len(tokens))
	for pos := 0; pos < maxLen; pos++ {
		col = col[:0]
		for _, t := range tokens {
			if pos < len(t) {
				col = append(col, t[pos])
			}
		}
		total += positionBits(col, global)
	}
	return total
}

// positionBits credits one position's characters with their entropy;
// global is the alphabet size of the whole sample (0 if none fits).
func positionBits(col []byte, global float64) float64 {
	n := float64(len(col))
	if n < 2 {
		return 0
	}
	counts := map[byte]int{}
	for _, c := range col {
		counts[c]++
	}
	m := float64(len(counts))
	if m < 2 {
		return 0
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / n
		h -= p * math.Log2(p)
	}
	h += (m - 1) / (2 * n * math.Ln2) // Miller–Madow bias correction
	for _, k := range []float64{global, alphabetSize(counts), m} {
		if k < 2 {
			continue
		}
		// Under a uniform draw from k symbols, n samples show about
		// k(1-(1-1/k)^n) distinct ones.
		expected := k * (1 - math.Pow(1-1/k, n))
		if m >= 0.85*expected && h >= 0.9*math.Log2(k) {
			return math.Log2(k)
		}
	}
	return math.Min(h, math.Log2(m))
}

// alphabetSize is the size of the smallest common token alphabet holding
// every character seen at a position (0 when none does).
func alphabetSize(counts map[byte]int) float64 {
	var lowerHex, upperHex, lower, upper, b64, url, other bool
	for c := range counts {
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			lowerHex = true
		case c >= 'A' && c <= 'F':
			upperHex = true
		case c >= 'g' && c <= 'z':
			lower = true
		case c >= 'G' && c <= 'Z':
			upper = true
		case c == '+' || c == '/':
			b64 = true
		case c == '-' || c == '_':
			url = true
		case c == '=': // Base64 padding says nothing about the alphabet
		default:
			other = true
		}
	}
	switch {
	case other || (b64 && url):
		return 0
	case b64 || url:
		return 64
	case (lower || lowerHex) && (upper || upperHex):
		return 62
	case lower || upper:
		return 36
	case lowerHex || upperHex:
		return 16
	}
	return 10
}

// Duplicates returns the tokens that occur more than once.
func Duplicates(tokens []string) []string {
	seen := map[string]int{}
	var out []string
	for _, t := range tokens {
		seen[t]++
		if seen[t] == 2 {
			out = append(out, t)
		}
	}
	return out
}

var internalsRe = regexp.MustCompile(`(?i:procedure or function|stack ?trace)|\bat [A-Z][A-Za-z]+\.[A-Za-z.]+\(|\.cs:line \d+|\bSystem\.[A-Z][A-Za-z]+Exception\b|SqlException|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|ORA-\d{5}|Traceback \(most recent call last\)|goroutine \d+ \[|NullReferenceException|java\.lang\.`)

// LeakedInternals returns the first fragment of text that reveals server
// internals (SQL, stored-procedure names, stack traces), or "".
func LeakedInternals(text string) string {
	// Procedure names need their case: match case-sensitively first.
	if m := regexp.MustCompile(`\bsp[A-Z][A-Za-z_]+\b`).FindString(text); m != "" {
		return m
	}
	m := internalsRe.FindString(text)
	return strings.TrimSpace(m)
}
