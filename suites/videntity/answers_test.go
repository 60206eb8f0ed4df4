package videntity

import (
	"testing"
)

func TestAlikeKeepsTheShape(t *testing.T) {
	for _, v := range []string{"Ry5NvPky2jBjshT", "514778845023264", "foobar", "lab-probe", "a.b", ""} {
		got := alike(v)
		if got == v {
			t.Errorf("alike(%q) = %q, not different", v, got)
		}
		if len(v) >= 4 && len(got) != len(v) {
			t.Errorf("alike(%q) = %q, another length", v, got)
		}
		for i := 0; i < len(v) && i < len(got); i++ {
			if class(v[i]) != class(got[i]) {
				t.Errorf("alike(%q) = %q: character %d changed kind", v, got, i)
			}
			if class(v[i]) != 0 && v[i] == got[i] {
				t.Errorf("alike(%q) = %q: character %d unchanged", v, got, i)
			}
		}
	}
}

func class(c byte) int {
	switch {
	case c >= 'a' && c <= 'z':
		return 1
	case c >= 'A' && c <= 'Z':
		return 2
	case c >= '0' && c <= '9':
		return 3
	}
	return 0
}

func TestMethodNamed(t *testing.T) {
	for _, c := range []struct {
		apiMethod, op, path string
		want                bool
	}{
		{"/session/login", "login", "/sessions/login", true},
		{"/sessions/login", "login", "/sessions/login", true},
		{"/user/login", "login", "/sessions/login", true},
		{"/Session/Ping/", "ping", "/session/ping", true},
		{"/session/ping_session", "ping", "/session/ping", true},
		{"/api/v1/session/logout", "logout", "/session/logout", true},
		{"/custom/bye", "logout", "/custom/bye/", true},
		{"/session/login", "logout", "/session/logout", false},
		{"/session/logout", "login", "/sessions/login", false},
		{"/session/login", "ping", "/session/ping", false},
		{"", "ping", "/session/ping", false},
	} {
		if got := methodNamed(c.apiMethod, c.op, c.path); got != c.want {
			t.Errorf("methodNamed(%q, %q, %q) = %v, want %v", c.apiMethod, c.op, c.path, got, c.want)
		}
	}
}
