package framework

import (
	"path"
	"reflect"
	"runtime"
	"strconv"
	"strings"
)

// modulePath is the module's import path: a -trimpath build names the
// module's files by it ("github.com/authprobe/authprobe/suites/irp/skew.go").
const modulePath = "github.com/authprobe/authprobe"

// thisFile is this file's module-relative name, the anchor used to find
// where the module's sources were when the binary was built.
const thisFile = "suites/framework/location.go"

// moduleRoot is the prefix the compiler put before the module's
// files in this build ("/home/me/authprobe/" from a checkout,
// ".../pkg/mod/github.com/authprobe/authprobe@v1.2.0/" from the module
// cache, "github.com/authprobe/authprobe/" under -trimpath), with a
// trailing slash; "" when it cannot be told.
var moduleRoot = func() string {
	_, file, _, ok := runtime.Caller(0)
	file = slash(file)
	if !ok || !strings.HasSuffix(file, "/"+thisFile) {
		return ""
	}
	return strings.TrimSuffix(file, thisFile)
}()

// stdRoot is the prefix the compiler put before the standard library's
// files in this build ("/usr/local/go/src/"; "" under -trimpath), found
// from where strings.Cut lives.
var stdRoot = func() string {
	fn := runtime.FuncForPC(reflect.ValueOf(strings.Cut).Pointer())
	if fn == nil {
		return ""
	}
	file, _ := fn.FileLine(fn.Entry())
	file = slash(file)
	if !strings.HasSuffix(file, "/strings/strings.go") {
		return ""
	}
	return strings.TrimSuffix(file, "strings/strings.go")
}()

// Location names a source line the way reports show it: relative to the
// module ("suites/irp/skew.go:51"), whatever the build (go test, a binary
// built with or without -trimpath, from a checkout or the module cache),
// so that no report carries the build machine's paths. A file of another
// module keeps its module path and version ("github.com/onsi/gomega@v1.36.2/…"),
// a standard-library file its package path ("runtime/panic.go"); an
// absolute path that is none of these is cut to its base name. Line 0
// (unknown) is left out; an empty file gives "".
func Location(file string, line int) string {
	if file == "" {
		return ""
	}
	f := relativeFile(slash(file), moduleRoot, stdRoot)
	if line > 0 {
		f += ":" + strconv.Itoa(line)
	}
	return f
}

// relativeFile strips the build's prefixes from file (slash-separated):
// root is this build's module root (see moduleRoot), std the standard
// library's (see stdRoot).
func relativeFile(file, root, std string) string {
	if root != "" && strings.HasPrefix(file, root) {
		return file[len(root):]
	}
	if rest, ok := strings.CutPrefix(file, modulePath+"/"); ok {
		return rest
	}
	// the module cache: …/pkg/mod/<module>@<version>/<file>
	if i := strings.LastIndex(file, "/pkg/mod/"); i >= 0 {
		mod := file[i+len("/pkg/mod/"):]
		if rest, ok := strings.CutPrefix(mod, modulePath+"@"); ok {
			if j := strings.IndexByte(rest, '/'); j >= 0 {
				return rest[j+1:]
			}
		}
		return mod
	}
	if std != "" {
		if rest, ok := strings.CutPrefix(file, std); ok {
			return rest
		}
	}
	if isAbs(file) {
		return path.Base(file)
	}
	return file
}

// slash turns Windows separators into slashes.
func slash(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// isAbs reports whether p (slash-separated) is absolute on any OS: "/x",
// "C:/x" or "//host/share".
func isAbs(p string) bool {
	return strings.HasPrefix(p, "/") || (len(p) > 2 && p[1] == ':' && p[2] == '/')
}
