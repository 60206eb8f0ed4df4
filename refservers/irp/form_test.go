package irp

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// formByQueryUnescape is the form reading parseForm must match: pairs split
// on '&', each name and value through url.QueryUnescape, the first
// occurrence of a field winning, any bad escape failing the body.
func formByQueryUnescape(b string, exact bool) (values, bool) {
	var v values
	for _, pair := range strings.Split(b, "&") {
		if pair == "" {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		k, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(val)
		if err1 != nil || err2 != nil {
			return values{}, false
		}
		slot, bit := v.slot(k, exact)
		if slot == nil || v.formSeen&bit != 0 {
			continue
		}
		v.formSeen |= bit
		*slot = value{s: val, present: true}
	}
	return v, true
}

// TestParseFormMatchesQueryUnescape: the in-place decoder reads what
// url.QueryUnescape reads, on random bodies built of field names, escapes
// (good and broken), '+', '=' and '&'.
func TestParseFormMatchesQueryUnescape(t *testing.T) {
	parts := []string{"APIKey", "apikey", "TimeStamp", "Signature", "AuthenticationToken", "x", "=", "&", "&&",
		"+", "%3A", "%3a", "%2B", "%26", "%3D", "%", "%4", "%zz", "%41", "2018-10-01", "abc", "%E2%82%AC", " "}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n > 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		body := b.String()
		for _, exact := range []bool{false, true} {
			want, wantOK := formByQueryUnescape(body, exact)
			var got values
			ok := parseForm(body, &got, exact)
			if ok != wantOK || (ok && got != want) {
				t.Fatalf("parseForm(%q, exact %v) = %+v, %v; want %+v, %v", body, exact, got, ok, want, wantOK)
			}
		}
	}
}
