package refkit

import (
	"regexp"
	"strings"
	"testing"
)

// TestTokenFormats checks each encoding's alphabet and length, GUIDs'
// version-4 layout, and that alnum characters come out about equally often
// (the rejection sampling keeps them uniform).
func TestTokenFormats(t *testing.T) {
	guid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for i := 0; i < 2000; i++ {
		if g := randomToken(GUID, 0); !guid.MatchString(g) {
			t.Fatalf("GUID %q", g)
		}
	}
	for _, c := range []struct {
		enc      Encoding
		length   int
		alphabet string
	}{
		{Hex, 16, "0123456789abcdef"}, {Hex, 31, "0123456789abcdef"}, {Hex, 100, "0123456789abcdef"},
		{Base64, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"},
		{Alnum, 32, alnum}, {Alnum, 7, alnum}, {Alnum, 90, alnum},
	} {
		for i := 0; i < 200; i++ {
			tok := randomToken(c.enc, c.length)
			if len(tok) != c.length || strings.Trim(tok, c.alphabet) != "" {
				t.Fatalf("encoding %d length %d: token %q", c.enc, c.length, tok)
			}
		}
	}
	counts := map[rune]int{}
	const n = 4000
	for i := 0; i < n; i++ {
		for _, r := range randomToken(Alnum, 32) {
			counts[r]++
		}
	}
	want := n * 32 / 62 // about 2065 each
	for _, r := range alnum {
		if c := counts[r]; c < want*8/10 || c > want*12/10 {
			t.Fatalf("character %q came %d times, want about %d", r, c, want)
		}
	}
}
