package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFlagsAreCheckedWithAClearError(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"archive", "--out", filepath.Join(dir, "a.tar")}, `required flag(s) "binary" not set`},
		{[]string{"archive", "--binary", "/bin/busybox", "--created", "yesterday"}, `--created "yesterday": want Unix seconds`},
		{[]string{"archive", "--binary", "/bin/busybox", "--created", "-5"}, `--created "-5": want Unix seconds`},
		{[]string{"archive", "--binary", "/bin/ls", "--out", filepath.Join(dir, "a.tar")}, "authprobe binary: /bin/ls is dynamically linked"},
		{[]string{"archive", "--binary", "/bin/busybox", "--out", ""}, "--out is empty"},
		{[]string{"rootfs", "--binary", "/bin/busybox"}, `required flag(s) "out" not set`},
		{[]string{"rootfs", "--binary", "/bin/busybox", "--out", ""}, "--out is empty"},
		{[]string{"rootfs", "--binary", "/bin/busybox", "--out", dir}, "already exists"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		root := newRoot(&out)
		root.SetArgs(c.args)
		root.SetOut(&out)
		root.SetErr(&out)
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("mkimage %v: error %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.tar")); !os.IsNotExist(err) {
		t.Errorf("a failed run left an archive: %v", err)
	}
}
