// Package secrets masks passwords, keys and tokens before anything is
// printed or written. A masked value keeps a short prefix and a hash of the
// whole, so two tokens can still be told apart in evidence:
//
//	poIx…#3f9a1c
package secrets

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Mask returns the printable form of a secret: up to four leading
// characters (none for values shorter than 12), an ellipsis and the first
// six hex digits of its SHA-256.
func Mask(v string) string {
	if v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(v))
	prefix := ""
	if len(v) >= 12 {
		prefix = v[:4]
	}
	return prefix + "…#" + hex.EncodeToString(sum[:3])
}

// Redactor replaces every registered secret, and its URL- and
// Base64-encoded forms, in any text with its mask. It is safe for
// concurrent use; the zero value is ready.
type Redactor struct {
	mu     sync.RWMutex
	values map[string]string // form found in text -> mask
	sorted []string          // longest first, so no secret is half-replaced
}

// minSecretLen is the shortest value worth registering: masking one- or
// two-character strings would shred every text they appear in.
const minSecretLen = 4

// Add registers secret values.
func (r *Redactor) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.values == nil {
		r.values = map[string]string{}
	}
	changed := false
	for _, v := range values {
		if len(v) < minSecretLen {
			continue
		}
		m := Mask(v)
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v), base64.StdEncoding.EncodeToString([]byte(v))} {
			if _, ok := r.values[form]; !ok {
				r.values[form] = m
				changed = true
			}
		}
	}
	if changed {
		r.sorted = r.sorted[:0]
		for k := range r.values {
			r.sorted = append(r.sorted, k)
		}
		sort.Slice(r.sorted, func(i, j int) bool { return len(r.sorted[i]) > len(r.sorted[j]) })
	}
}

// Redact returns s with every registered secret masked.
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.sorted) == 0 || s == "" {
		return s
	}
	for _, k := range r.sorted {
		if strings.Contains(s, k) {
			s = strings.ReplaceAll(s, k, r.values[k])
		}
	}
	return s
}

// RedactBytes is Redact for byte slices.
func (r *Redactor) RedactBytes(b []byte) []byte {
	return []byte(r.Redact(string(b)))
}
