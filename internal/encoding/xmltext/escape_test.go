package xmltext

import "testing"

func TestAppendEscaped(t *testing.T) {
	cases := map[string]string{
		"plain":         "plain",
		`a&b<c>d"e'f`:   "a&amp;b&lt;c&gt;d&#34;e&#39;f",
		"cr\rlf\ntab\t": "cr&#xD;lf\ntab\t",
		"bell\x07":      "bell\uFFFD",
		"bad\xffutf8":   "bad\uFFFDutf8",
		"keep\uFFFD":    "keep\uFFFD",
		"ünïcødé €":     "ünïcødé €",
	}
	for in, want := range cases {
		if got := string(AppendEscaped(nil, in)); got != want {
			t.Errorf("AppendEscaped(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzAppendEscapedIsWellFormed(f *testing.F) {
	f.Add("a&b<c")
	f.Add("\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(AppendEscaped(nil, s))
		for _, bad := range []string{"<", ">", "\x00"} {
			for i := 0; i < len(out); i++ {
				if out[i:i+1] == bad {
					t.Fatalf("escaped %q still contains %q: %q", s, bad, out)
				}
			}
		}
	})
}
