package secrets

import (
	"net/url"
	"strings"
	"testing"
)

func TestMaskKeepsTokensDistinguishable(t *testing.T) {
	a, b := Mask("poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"), Mask("poIx6a6wYCQJPdDcBbUs2cApYjU0aQFr")
	if a == b || !strings.HasPrefix(a, "poIx…#") {
		t.Fatalf("masks %q %q", a, b)
	}
	if m := Mask("short"); strings.Contains(m, "sho") {
		t.Fatalf("short secret leaked a prefix: %q", m)
	}
}

func TestRedactorMasksEveryForm(t *testing.T) {
	var r Redactor
	pw := "p@ss word+/="
	r.Add(pw, "x") // too short to register
	text := "a=" + url.QueryEscape(pw) + " b=" + pw + " x"
	out := r.Redact(text)
	if strings.Contains(out, pw) || strings.Contains(out, url.QueryEscape(pw)) {
		t.Fatalf("secret survived: %q", out)
	}
	if !strings.HasSuffix(out, " x") {
		t.Fatalf("short value was masked: %q", out)
	}
}
