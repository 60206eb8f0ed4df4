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
	yes := map[string][]string{
		"/session/login":       {"/session/login"},
		"session/login":        {"/session/login"},
		"/Session/Login/":      {"/session/login"},
		"/api/v1/session/ping": {"/session/ping"},
		"/sessions/login":      {"/session/login", "/sessions/login"},
		"/custom/out":          {"/session/logout", "/custom/out"},
	}
	for got, names := range yes {
		if !methodNamed(got, names...) {
			t.Errorf("methodNamed(%q, %v) = false", got, names)
		}
	}
	no := map[string][]string{
		"/session/login": {"/session/ping"},
		"/xsession/ping": {"/session/ping"},
		"":               {"/session/ping"},
		"/user/login":    {"/session/login", "/sessions/login"},
	}
	for got, names := range no {
		if methodNamed(got, names...) {
			t.Errorf("methodNamed(%q, %v) = true", got, names)
		}
	}
}
