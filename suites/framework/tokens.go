package framework

import (
	"math"
	"regexp"
	"strings"
)

// EntropyBits estimates the entropy of tokens by summing, over character
// positions, the Shannon entropy of the characters seen there (the
// character-level analysis of Burp Sequencer and similar tools). Counters,
// timestamps and tokens drawn from a small space show up as positions that
// barely vary. The estimate is bounded by log2(len(tokens)) per position,
// so it needs enough samples: 200 tokens measure up to ~7.6 bits a position.
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
	total := 0.0
	for pos := 0; pos < maxLen; pos++ {
		counts := map[byte]int{}
		n := 0
		for _, t := range tokens {
			if pos < len(t) {
				counts[t[pos]]++
				n++
			}
		}
		h := 0.0
		for _, c := range counts {
			p := float64(c) / float64(n)
			h -= p * math.Log2(p)
		}
		total += h
	}
	return total
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

var internalsRe = regexp.MustCompile(`(?i)(procedure or function|\bsp[A-Z_][A-Za-z_]+\b|stack ?trace|\bat [A-Z][A-Za-z]+\.[A-Za-z.]+\(|\.cs:line \d+|\bSystem\.[A-Z][A-Za-z]+Exception\b|SqlException|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|ORA-\d{5}|Traceback \(most recent call last\)|goroutine \d+ \[|NullReferenceException|java\.lang\.)`)

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
