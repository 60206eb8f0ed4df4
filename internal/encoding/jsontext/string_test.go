package jsontext

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

var jsonStringCases = []string{
	"", "sample1", `quote" back\slash`, "tab\tnl\ncr\r", "\b\f\x00\x01\x1f\x7f",
	"<script>&amp;</script>", "Tïtle-Ünïcode-ß1", "\u2028\u2029", "bad utf8 \xff\xfe end", "\xed\xa0\x80",
	"i4Z15hsQxRv0527iliRhb4j3/OlbtFu0SCn/7Sp+Sqk=", "😀 emoji", "trailing \xe2\x82",
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, s := range jsonStringCases {
		check(s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		check(string(b))
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStringCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString([]byte("prefix"), s); string(got) != "prefix"+string(want) {
			t.Errorf("AppendString(%q) = %s, want prefix%s", s, got, want)
		}
	})
}

func TestSkipValue(t *testing.T) {
	b := []byte(`{"a": [1, {"b": "x\"]}"}], "c": null, "d": "e"}`)
	cases := map[int]string{
		6:  `[1, {"b": "x\"]}"}]`,
		32: `null`,
		43: `"e"`,
	}
	for i, want := range cases {
		if got := string(b[i:SkipValue(b, i)]); got != want {
			t.Errorf("SkipValue at %d = %q, want %q", i, got, want)
		}
	}
	if i := SkipWS([]byte("  \t\n x"), 0); i != 5 {
		t.Errorf("SkipWS = %d", i)
	}
}
