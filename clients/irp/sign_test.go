package irp

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
)

type vector struct{ key, ts, secret, sig string }

func loadVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/signature_vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 4 {
			t.Fatalf("bad vector line %q", line)
		}
		out = append(out, vector{p[0], p[1], p[2], p[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 5 {
		t.Fatalf("only %d vectors", len(out))
	}
	return out
}

func TestSignMatchesIndependentVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if got := Sign(v.key, v.ts, v.secret); got != v.sig {
			t.Errorf("Sign(%.20q, %q, %.20q) = %s, want %s", v.key, v.ts, v.secret, got, v.sig)
		}
		if got := string(AppendSign([]byte("x"), v.key, v.ts, v.secret)); got != "x"+v.sig {
			t.Errorf("AppendSign kept no prefix or signed wrong: %s", got)
		}
	}
}

func TestSignIsLowerHexAndInputSensitive(t *testing.T) {
	a := Sign("k", "2018-10-01 15:10:54", "s")
	if len(a) != SignatureLen || strings.ToLower(a) != a || strings.Trim(a, "0123456789abcdef") != "" {
		t.Fatalf("signature %q is not 40 lower-case hex digits", a)
	}
	for _, other := range []string{Sign("K", "2018-10-01 15:10:54", "s"), Sign("k", "2018-10-01 15:10:55", "s"), Sign("k", "2018-10-01 15:10:54", "S")} {
		if other == a {
			t.Fatal("changing an input did not change the signature")
		}
	}
	if innerDigest("k", "t") == Sign("k", "t", "") {
		t.Fatal("inner digest must differ from the signature")
	}
}

func TestSignAllocations(t *testing.T) {
	v := loadVectors(t)[0]
	if n := testing.AllocsPerRun(100, func() { _ = Sign(v.key, v.ts, v.secret) }); n > 1 {
		t.Errorf("Sign allocates %v times per call, want at most 1 (the result)", n)
	}
	dst := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { dst = AppendSign(dst[:0], v.key, v.ts, v.secret) }); n != 0 {
		t.Errorf("AppendSign allocates %v times per call, want 0", n)
	}
}

func BenchmarkSign(b *testing.B) {
	v := loadVectors(b)[0]
	b.ReportAllocs()
	for b.Loop() {
		_ = Sign(v.key, v.ts, v.secret)
	}
}

func BenchmarkAppendSign(b *testing.B) {
	v := loadVectors(b)[0]
	dst := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendSign(dst[:0], v.key, v.ts, v.secret)
	}
}

func TestFormatTimestamp(t *testing.T) {
	loc := time.FixedZone("CEST", 2*3600)
	at := time.Date(2018, 10, 1, 17, 10, 54, 999_000_000, loc)
	if got := FormatTimestamp(at); got != "2018-10-01 15:10:54" {
		t.Fatalf("FormatTimestamp = %q, want UTC 2018-10-01 15:10:54", got)
	}
	if n := testing.AllocsPerRun(50, func() { _ = AppendTimestamp(make([]byte, 0, 32), at) }); n > 1 {
		t.Errorf("AppendTimestamp allocates %v", n)
	}
}

func TestParseServerTimestamp(t *testing.T) {
	want := time.Date(2018, 10, 16, 14, 24, 46, 883878700, time.UTC)
	ok := map[string]time.Time{
		"2018-10-16 14:24:46.8838787Z":      want,
		" 2018-10-16 14:24:46.8838787Z ":    want,
		"2018-10-16T14:24:46.8838787Z":      want,
		"2018-10-16 14:24:46.8838787":       want,
		"2018-10-16 16:24:46.8838787+02:00": want,
		"2018-10-16 14:24:46Z":              want.Truncate(time.Second),
		"2018-10-16 14:24:46":               want.Truncate(time.Second),
	}
	for in, w := range ok {
		got, err := ParseServerTimestamp(in)
		if err != nil || !got.Equal(w) || got.Location() != time.UTC {
			t.Errorf("ParseServerTimestamp(%q) = %v, %v; want %v UTC", in, got, err, w)
		}
	}
	for _, bad := range []string{"", "  ", "yesterday", "16/10/2018 14:24:46", "2018-13-16 14:24:46Z", "1539700000"} {
		if _, err := ParseServerTimestamp(bad); err == nil {
			t.Errorf("ParseServerTimestamp(%q) accepted", bad)
		}
	}
}

func TestParseMinutesRemaining(t *testing.T) {
	ok := map[string]time.Duration{
		"04:59":  4*time.Minute + 59*time.Second,
		"00:00":  0,
		"05:00":  5 * time.Minute,
		"120:05": 120*time.Minute + 5*time.Second,
		"4:59":   4*time.Minute + 59*time.Second,
	}
	for in, w := range ok {
		if got, err := ParseMinutesRemaining(in); err != nil || got != w {
			t.Errorf("ParseMinutesRemaining(%q) = %v, %v; want %v", in, got, err, w)
		}
	}
	for _, bad := range []string{"", ":59", "04:5", "04:60", "4.98", "299", "00:04:59", "ab:cd", "-1:00", "04:59 ", "1234567:00"} {
		if d, err := ParseMinutesRemaining(bad); err == nil {
			t.Errorf("ParseMinutesRemaining(%q) = %v, want an error", bad, d)
		}
	}
}
