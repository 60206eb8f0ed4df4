package refkit

import (
	"strings"
	"testing"
)

func TestParseDialects(t *testing.T) {
	known := []Dialect{{Name: "a"}, {Name: "b", Settings: map[string]string{"s": "1"}}, {Name: "c", Settings: map[string]string{"s": "2"}}}
	set, err := ParseDialects("p", known, []string{" a ", ""})
	if err != nil || !set.Has("a") || set.Has("b") || strings.Join(set.Names(), ",") != "a" {
		t.Fatalf("ParseDialects(a) = %v, %v", set, err)
	}
	all, err := ParseDialects("p", known, []string{AllDialects})
	if err != nil || strings.Join(all.Names(), ",") != "a,b,c" {
		t.Fatalf("ParseDialects(all) = %v, %v", all, err)
	}
	if _, err := ParseDialects("p", known, []string{"nope"}); err == nil || !strings.Contains(err.Error(), `unknown dialect "nope" (known: a, b, c, or all)`) {
		t.Fatalf("unknown dialect: %v", err)
	}
	if _, err := ParseFaults("p", []Fault{{Name: "f"}}, []string{AllDialects}); err == nil {
		t.Fatal(`"all" must not turn every fault on`)
	}
	if s, err := DialectSettings(known, DialectSet{"b": true}); err != nil || s["s"] != "1" {
		t.Fatalf("DialectSettings(b) = %v, %v", s, err)
	}
	if _, err := DialectSettings(known, all); err == nil || !strings.Contains(err.Error(), "set s differently") {
		t.Fatalf("conflicting dialect settings: %v", err)
	}
}
