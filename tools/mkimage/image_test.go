package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/internal/containerimage"
)

// The inputs the test builds the image from: fixed, so that two builds must
// give the same bytes.
const (
	testVersion  = "v0.0.0-imagetest"
	testRevision = "0123456789abcdef0123456789abcdef01234567"
	testEpoch    = "1767225600" // 2026-01-01T00:00:00Z
)

// requireTools fails the test unless the standard tools it unpacks the image
// with are installed.
func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []struct{ bin, pkg string }{
		{"skopeo", "skopeo"}, {"umoci", "umoci"}, {"pkg-config", "pkg-config"}, {"make", "make"},
	} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			t.Fatalf("the image test needs %s: run `make deps` or `apt-get install %s`", tool.bin, tool.pkg)
		}
	}
	if err := containerimage.CheckStatic("/bin/busybox"); err != nil {
		t.Fatalf("the image needs a static busybox (%v): run `make deps` or `apt-get install busybox-static`", err)
	}
	// The static libraries the static link needs (Makefile STATIC_APT_PKGS).
	for lib, pkg := range map[string]string{"libxml2.a": "libxml2-dev", "libicuuc.a": "libicu-dev", "libicudata.a": "libicu-dev",
		"libicui18n.a": "libicu-dev", "liblzma.a": "liblzma-dev", "libz.a": "zlib1g-dev", "libstdc++.a": "g++"} {
		out, err := exec.Command("cc", "-print-file-name="+lib).Output()
		if err != nil || !filepath.IsAbs(strings.TrimSpace(string(out))) {
			t.Fatalf("the static build needs %s: run `make deps` or `apt-get install %s`", lib, pkg)
		}
	}
}

// built is one `make image` run into its own directory.
type built struct {
	dir, bin, archive string
	out               []byte
	err               error
}

var (
	firstBuild     built
	firstBuildOnce sync.Once
	buildRoot      string
)

func TestMain(m *testing.M) {
	var err error
	if buildRoot, err = os.MkdirTemp("", "mkimage-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(buildRoot)
	os.Exit(code)
}

// makeImage runs `make image` (the static build and mkimage, as a user
// runs it) with the test's fixed inputs, into buildRoot/name.
func makeImage(name string) built {
	b := built{dir: filepath.Join(buildRoot, name)}
	b.bin, b.archive = filepath.Join(b.dir, "authprobe"), filepath.Join(b.dir, "image.tar")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	// APT_PKGS empty: requireTools checked what the build needs; a test
	// does not install packages.
	cmd := exec.CommandContext(ctx, "make", "-C", repoRoot, "-s", "image", "APT_PKGS=",
		"STATIC_BIN="+b.bin, "IMAGE_TAR="+b.archive, "VERSION="+testVersion, "REVISION="+testRevision, "SOURCE_DATE_EPOCH="+testEpoch)
	b.out, b.err = cmd.CombinedOutput()
	if ctx.Err() != nil {
		b.err = fmt.Errorf("make image took over 15 minutes: %w", ctx.Err())
	}
	return b
}

// image returns the test's first `make image`, built once per test run.
func image(t *testing.T) built {
	t.Helper()
	requireTools(t)
	firstBuildOnce.Do(func() { firstBuild = makeImage("first") })
	if firstBuild.err != nil {
		t.Fatalf("make image: %v\n%s", firstBuild.err, firstBuild.out)
	}
	return firstBuild
}

// run runs a command with a time limit and returns its standard output.
func run(t *testing.T, limit time.Duration, dir string, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

func TestMakeImageBinaryIsStatic(t *testing.T) {
	b := image(t)
	if err := containerimage.CheckStatic(b.bin); err != nil {
		t.Fatalf("make image's authprobe: %v", err)
	}
	if !strings.Contains(string(b.out), b.archive+": authprobe:local, manifest sha256:") {
		t.Errorf("make image did not report the archive it wrote:\n%s", b.out)
	}
}

// TestMakeImageRunsFromItsUnpackedRootFilesystem unpacks the archive with
// Debian's skopeo and umoci, as a container runtime would, and runs
// authprobe from the unpacked root filesystem.
func TestMakeImageRunsFromItsUnpackedRootFilesystem(t *testing.T) {
	b := image(t)
	work := t.TempDir()

	// The image's configuration as skopeo reads it from the archive.
	var cfg struct {
		Created string
		Config  struct {
			User       string
			Entrypoint []string
			WorkingDir string
			Labels     map[string]string
		}
	}
	if err := json.Unmarshal(run(t, time.Minute, work, "skopeo", "inspect", "--config", "docker-archive:"+b.archive), &cfg); err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if c.User != "65532:65532" || !reflect.DeepEqual(c.Entrypoint, []string{"/authprobe"}) || c.WorkingDir != "/home/nonroot" {
		t.Errorf("user %q entrypoint %q workdir %q", c.User, c.Entrypoint, c.WorkingDir)
	}
	if c.Labels["org.opencontainers.image.version"] != testVersion || c.Labels["org.opencontainers.image.revision"] != testRevision ||
		c.Labels["org.opencontainers.image.source"] != containerimage.Source {
		t.Errorf("labels %v", c.Labels)
	}
	if cfg.Created != "2026-01-01T00:00:00Z" {
		t.Errorf("created %s, want SOURCE_DATE_EPOCH's 2026-01-01T00:00:00Z", cfg.Created)
	}

	// docker-archive → OCI layout (skopeo) → runtime bundle (umoci, rootless).
	run(t, 2*time.Minute, work, "skopeo", "copy", "-q", "docker-archive:"+b.archive, "oci:oci:authprobe")
	run(t, 2*time.Minute, work, "umoci", "unpack", "--rootless", "--image", "oci:authprobe", "bundle")
	rootfs := filepath.Join(work, "bundle", "rootfs")

	var bundle struct {
		Process struct {
			Args []string
			Cwd  string
			User struct{ UID, GID int }
		}
	}
	raw, err := os.ReadFile(filepath.Join(work, "bundle", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &bundle); err != nil {
		t.Fatal(err)
	}
	p := bundle.Process
	if !reflect.DeepEqual(p.Args, []string{"/authprobe"}) || p.Cwd != "/home/nonroot" || p.User.UID != 65532 || p.User.GID != 65532 {
		t.Errorf("the runtime would start %q in %s as %d:%d; want /authprobe in /home/nonroot as 65532:65532", p.Args, p.Cwd, p.User.UID, p.User.GID)
	}

	// authprobe from the unpacked root filesystem: its version, and the
	// embedded conformance run (reference servers on loopback), which must pass.
	bin := filepath.Join(rootfs, "authprobe")
	if err := containerimage.CheckStatic(bin); err != nil {
		t.Fatal(err)
	}
	version := string(run(t, time.Minute, work, bin, "version"))
	if !strings.HasPrefix(version, "authprobe "+testVersion+" ("+testRevision+") go") {
		t.Errorf("authprobe version printed %q", version)
	}
	run(t, 10*time.Minute, work, bin, "conform", "-q")

	// What the Kubernetes Jobs' scripts need: a shell and `authprobe` on PATH.
	for link, target := range map[string]string{"bin/sh": "/bin/busybox", "usr/local/bin/authprobe": "/authprobe"} {
		if got, err := os.Readlink(filepath.Join(rootfs, link)); err != nil || got != target {
			t.Errorf("/%s links to %q (%v), want %s", link, got, err, target)
		}
	}
	out := run(t, time.Minute, work, filepath.Join(rootfs, "bin", "busybox"), "sh", "-c", `n=$(ls / | wc -l); echo "$((n + 1))"`)
	if strings.TrimSpace(string(out)) == "" {
		t.Error("the image's shell ran a pipeline and printed nothing")
	}
	passwd, err := os.ReadFile(filepath.Join(rootfs, "etc", "passwd"))
	if err != nil || !strings.Contains(string(passwd), "nonroot:x:65532:65532:") {
		t.Errorf("/etc/passwd %q (%v)", passwd, err)
	}
	if st, err := os.Stat(filepath.Join(rootfs, "tmp")); err != nil || st.Mode()&os.ModeSticky == 0 || st.Mode().Perm() != 0o777 {
		t.Errorf("/tmp: %v (%v)", st, err)
	}
	if st, err := os.Stat(filepath.Join(rootfs, "etc", "ssl", "certs", "ca-certificates.crt")); err != nil || st.Size() < 1000 {
		t.Errorf("CA bundle: %v (%v)", st, err)
	}
}

// TestMakeImageIsReproducible builds the image a second time from the same
// source and inputs, static link included: the archive must be the same bytes.
func TestMakeImageIsReproducible(t *testing.T) {
	a := image(t)
	b := makeImage("second")
	if b.err != nil {
		t.Fatalf("second make image: %v\n%s", b.err, b.out)
	}
	for _, f := range []struct{ what, a, b string }{{"static binary", a.bin, b.bin}, {"image archive", a.archive, b.archive}} {
		x, err := os.ReadFile(f.a)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(f.b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("two builds of the same source gave different %ss (%d and %d bytes)", f.what, len(x), len(y))
		}
	}
	digest := func(out []byte) string {
		_, rest, _ := strings.Cut(string(out), "manifest ")
		d, _, _ := strings.Cut(rest, ",")
		return d
	}
	if da, db := digest(a.out), digest(b.out); da == "" || da != db {
		t.Errorf("manifest digests %q and %q", da, db)
	}
	if i := bytes.LastIndex(a.out, []byte(a.archive+":")); i >= 0 {
		t.Logf("reproducible: %s", strings.TrimSpace(string(a.out[i:])))
	}
}
