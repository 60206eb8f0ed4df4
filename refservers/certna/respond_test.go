package certna

import (
	"bytes"
	"testing"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// The answers rendered once at construction and filled per request are
// byte for byte what rendering each answer would give, in every dialect,
// also for values that need escaping.
func TestTemplatesFillLikeRender(t *testing.T) {
	all, err := refkit.ParseDialects("certna", Dialects, []string{refkit.AllDialects})
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range []refkit.DialectSet{nil, all} {
		s := NewServer(refkit.Options{Dialects: ds}, DemoAccounts()...)
		for _, v := range []string{"", "534d4c30-28a0-48c8-a76d-bbd265d7a1ac", `a "quoted" <b>&</b> \ line` + "\n\x00\u2028é"} {
			for ep := range epCount {
				if f := ep.successField(); f != "" {
					if got, want := s.successBody(ep, v), s.render(ep, member{f, v}); !bytes.Equal(got, want) {
						t.Errorf("dialects %v: success of %d filled %q, rendered %q", ds.Names(), ep, got, want)
					}
				}
				if got, want := s.failureBody(ep, CodeInvalidToken, v), s.render(ep, member{"code", s.code(CodeInvalidToken)}, member{"message", v}); !bytes.Equal(got, want) {
					t.Errorf("dialects %v: failure of %d filled %q, rendered %q", ds.Names(), ep, got, want)
				}
				if got, want := s.exceptionBody(ep, v, v), s.render(ep, member{"Exception", []member{{"Code", v}, {"Message", v}}}); !bytes.Equal(got, want) {
					t.Errorf("dialects %v: exception of %d filled %q, rendered %q", ds.Names(), ep, got, want)
				}
			}
		}
	}
}
