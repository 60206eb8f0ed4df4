package certna

import (
	"bufio"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readVectors reads a tab-separated vector file of testdata, skipping
// comment lines, and checks every row has cols columns.
func readVectors(t *testing.T, name string, cols int) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		row := strings.Split(line, "\t")
		if len(row) != cols {
			t.Fatalf("%s: want %d columns, got %d in %q", name, cols, len(row), line)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 4 {
		t.Fatalf("%s: only %d vectors", name, len(rows))
	}
	return rows
}

func TestHashPasswordVectors(t *testing.T) {
	for _, v := range readVectors(t, "hash_vectors.txt", 3) {
		salt, err := base64.StdEncoding.DecodeString(v[0])
		if err != nil {
			t.Fatalf("bad salt %q: %v", v[0], err)
		}
		if got := HashPassword(salt, v[1]); got != v[2] {
			t.Errorf("HashPassword(%s, %q) = %s, want %s", v[0], v[1], got, v[2])
		}
		if got := SaltedSHA256.Hash(salt, v[1]); got != v[2] {
			t.Errorf("SaltedSHA256.Hash(%s, %q) = %s, want %s", v[0], v[1], got, v[2])
		}
		if got := HashScheme("").Hash(salt, v[1]); got != v[2] {
			t.Errorf("zero scheme Hash(%s, %q) = %s, want %s", v[0], v[1], got, v[2])
		}
	}
}

func TestUnsaltedVectors(t *testing.T) {
	salt := []byte("ignored by unsalted schemes")
	for _, v := range readVectors(t, "unsalted_vectors.txt", 3) {
		scheme, err := ParseHashScheme(v[0])
		if err != nil {
			t.Fatal(err)
		}
		if got := scheme.Hash(salt, v[1]); got != v[2] {
			t.Errorf("%s.Hash(%q) = %s, want %s", scheme, v[1], got, v[2])
		}
	}
}

func TestSaltedSHA1AndPlain(t *testing.T) {
	// Salted SHA-1 of 16 zero bytes and "" is SHA-1 of 16 zero bytes; from
	// openssl: head -c16 /dev/zero | openssl dgst -sha1 -binary | base64
	if got, want := SaltedSHA1.Hash(make([]byte, 16), ""), "4SnyfFEDvFzES83woV4WDURQZv8="; got != want {
		t.Errorf("SaltedSHA1.Hash = %s, want %s", got, want)
	}
	if got := Plain.Hash([]byte("salt"), "Sample1!Pass2018"); got != "Sample1!Pass2018" {
		t.Errorf("Plain.Hash = %q", got)
	}
}

func TestChecksumVectors(t *testing.T) {
	for _, v := range readVectors(t, "checksum_vectors.txt", 2) {
		if got := Checksum([]byte(v[0])); got != v[1] {
			t.Errorf("Checksum(%q) = %s, want %s", v[0], got, v[1])
		}
	}
}

func TestParseHashScheme(t *testing.T) {
	for in, want := range map[string]HashScheme{
		"": SaltedSHA256, "salted-sha256": SaltedSHA256, " SALTED-SHA1 ": SaltedSHA1,
		"sha256": SHA256, "sha1": SHA1, "plain": Plain,
	} {
		got, err := ParseHashScheme(in)
		if err != nil || got != want {
			t.Errorf("ParseHashScheme(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseHashScheme("md5"); err == nil || !strings.Contains(err.Error(), "salted-sha256") {
		t.Errorf("ParseHashScheme(md5) error = %v, want one listing the known schemes", err)
	}
	for h, salted := range map[HashScheme]bool{"": true, SaltedSHA256: true, SaltedSHA1: true, SHA256: false, SHA1: false, Plain: false} {
		if h.Salted() != salted {
			t.Errorf("%q.Salted() = %v", h, !salted)
		}
	}
	if HashScheme("").String() != "salted-sha256" {
		t.Errorf("zero scheme prints %q", HashScheme("").String())
	}
}

// The vendor's sample password decodes to 32 bytes: a SHA-256 digest,
// although the page says "SHA1" (profiles.md doc fact).
func TestSeedSamplePasswordIsSHA256Length(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "seed_login_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	const sample = "i4Z15hsQxRv0527iliRhb4j3/OlbtFu0SCn/7Sp+Sqk="
	if !strings.Contains(string(raw), sample) {
		t.Fatalf("seed request does not carry the sample password")
	}
	d, err := base64.StdEncoding.DecodeString(sample)
	if err != nil || len(d) != 32 {
		t.Fatalf("sample password decodes to %d bytes (%v), want 32", len(d), err)
	}
	if len(HashPassword([]byte("0123456789abcdef"), "x")) != len(sample) {
		t.Errorf("HashPassword output length differs from the seed sample's")
	}
}
