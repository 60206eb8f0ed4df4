package framework

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestRelativeFile(t *testing.T) {
	const root = "/home/ci/src/authprobe/"
	const std = "/usr/local/go/src/"
	for _, c := range []struct{ name, file, want string }{
		{"checkout (go test, go build)", "/home/ci/src/authprobe/suites/irp/skew.go", "suites/irp/skew.go"},
		{"-trimpath", "github.com/authprobe/authprobe/suites/irp/skew.go", "suites/irp/skew.go"},
		{"module cache", "/root/go/pkg/mod/github.com/authprobe/authprobe@v0.4.0/suites/certna/login.go", "suites/certna/login.go"},
		{"module cache, Windows", `C:\Users\me\go\pkg\mod\github.com\authprobe\authprobe@v0.4.0\suites\irp\skew.go`, "suites/irp/skew.go"},
		{"another module in the cache", "/root/go/pkg/mod/github.com/onsi/gomega@v1.36.2/internal/assertion.go", "github.com/onsi/gomega@v1.36.2/internal/assertion.go"},
		{"another module, -trimpath", "github.com/onsi/gomega@v1.36.2/internal/assertion.go", "github.com/onsi/gomega@v1.36.2/internal/assertion.go"},
		{"standard library", "/usr/local/go/src/runtime/panic.go", "runtime/panic.go"},
		{"standard library, -trimpath", "runtime/panic.go", "runtime/panic.go"},
		{"unrelated absolute path", "/tmp/build-4711/generated/x.go", "x.go"},
		{"unrelated Windows path", "D:/a/b/c.go", "c.go"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := relativeFile(slash(c.file), root, std); got != c.want {
				t.Errorf("relativeFile(%q) = %q, want %q", c.file, got, c.want)
			}
		})
	}
}

// The build this test runs in (go test: absolute paths, no -trimpath) is
// one of those Location must cut: its own root and the standard library's
// are found and stripped.
func TestLocationInThisBuild(t *testing.T) {
	_, file, line, _ := runtime.Caller(0)
	if got, want := Location(file, line), "suites/framework/location_test.go:"; !strings.HasPrefix(got, want) || strings.Contains(got, "/suites/framework/location_test.go:") {
		t.Errorf("Location(%q) = %q, want %s<line>", file, got, want)
	}
	if moduleRoot == "" || stdRoot == "" {
		t.Fatalf("build roots not found: module %q, std %q", moduleRoot, stdRoot)
	}
	fn := runtime.FuncForPC(reflectPC(strings.Fields))
	std, _ := fn.FileLine(fn.Entry())
	if got := Location(std, 7); got != "strings/strings.go:7" {
		t.Errorf("Location(%q) = %q, want strings/strings.go:7", std, got)
	}
	if got := Location("", 3); got != "" {
		t.Errorf("Location of no file = %q, want empty", got)
	}
	if got := Location(file, 0); got != "suites/framework/location_test.go" {
		t.Errorf("Location without a line = %q", got)
	}
}

func reflectPC(f any) uintptr { return reflect.ValueOf(f).Pointer() }
