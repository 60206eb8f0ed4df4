// Package containerimage builds authprobe's container image without a
// container engine: one layer holding the static authprobe binary, a static
// busybox for the Kubernetes Jobs' shell scripts, CA certificates, a non-root
// user and /tmp, written reproducibly (fixed timestamps, sorted entries: the
// same inputs give the same digest) as a docker-archive tarball that
// `docker load`, `podman load` and `kind load image-archive` read.
//
// The same file tree is written as a directory (WriteRootfs) for the
// Dockerfile's final stage, so that an image built with Docker holds the same
// files as the one `make image` writes.
package containerimage

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The image's runtime configuration. The Dockerfile repeats these (a test
// checks that it agrees) and the Kubernetes Jobs in ci/k8s run as UID/GID.
const (
	// UID and GID are the non-root user the image runs as (the number
	// distroless images use for "nonroot").
	UID = 65532
	GID = 65532
	// UserName is UID's name in /etc/passwd.
	UserName = "nonroot"
	// Home is the user's home and the working directory: `authprobe run`
	// writes ./authprobe-report there by default.
	Home = "/home/nonroot"
	// BinaryPath is where the authprobe binary lies; it is the entrypoint.
	BinaryPath = "/authprobe"
	// BusyBoxPath is the static busybox; /bin/sh and the other applets are
	// symbolic links to it.
	BusyBoxPath = "/bin/busybox"
	// CACertsPath is the CA bundle Go's crypto/x509 reads on Linux.
	CACertsPath = "/etc/ssl/certs/ca-certificates.crt"
	// Source is the project's repository (label org.opencontainers.image.source).
	Source = "https://github.com/authprobe/authprobe"
)

// User is the image's USER: numeric, so that Kubernetes' runAsNonRoot can
// check it without reading /etc/passwd.
var User = strconv.Itoa(UID) + ":" + strconv.Itoa(GID)

// Entrypoint is the image's ENTRYPOINT: arguments given to `docker run
// IMAGE …` or a pod's args are authprobe's.
func Entrypoint() []string { return []string{BinaryPath} }

// Env is the image's environment: authprobe and the busybox applets are on
// PATH (the Jobs' scripts call `authprobe`), HOME is the user's.
func Env() []string {
	return []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + Home}
}

// Inputs are the files and facts an image is made of. Equal inputs give
// byte-identical images.
type Inputs struct {
	// Binary is the authprobe binary; it must be statically linked (the
	// image has no C library).
	Binary string
	// BusyBox is a statically linked busybox (Debian's busybox-static:
	// /bin/busybox); its applets are linked into /bin.
	BusyBox string
	// CACerts is the CA bundle to install (Debian's ca-certificates:
	// /etc/ssl/certs/ca-certificates.crt).
	CACerts string
	// Version and Revision label the image (org.opencontainers.image.version
	// and .revision); Version must not be empty.
	Version  string
	Revision string
	// Created is the image's creation time and every file's modification
	// time; use the source's commit time (SOURCE_DATE_EPOCH) to be
	// reproducible.
	Created time.Time
	// Arch is the GOARCH the binaries are built for (default runtime.GOARCH).
	Arch string
}

func (in Inputs) arch() string {
	if in.Arch == "" {
		return runtime.GOARCH
	}
	return in.Arch
}

// Labels are the image's org.opencontainers.image.* labels (the creation
// time is the config's "created", which a Dockerfile sets itself).
func (in Inputs) Labels() map[string]string {
	l := map[string]string{
		"org.opencontainers.image.title":       "authprobe",
		"org.opencontainers.image.description": "Conformance and load harness for session-authentication APIs",
		"org.opencontainers.image.source":      Source,
		"org.opencontainers.image.version":     in.Version,
	}
	if in.Revision != "" {
		l["org.opencontainers.image.revision"] = in.Revision
	}
	return l
}

// Entry is one file, directory or symbolic link of the image.
type Entry struct {
	Path     string      // absolute, slash-separated
	Mode     os.FileMode // permission bits with os.ModeDir, os.ModeSymlink or os.ModeSticky
	UID, GID int
	Linkname string // target of a symbolic link
	Data     []byte // content of a regular file
}

// Entries returns the image's file tree, sorted by path (directories before
// their contents). It fails, naming the file, when an input is missing or a
// binary is not statically linked.
func Entries(in Inputs) ([]Entry, error) {
	if strings.TrimSpace(in.Version) == "" {
		return nil, fmt.Errorf("image version is empty")
	}
	for _, f := range []struct{ what, path string }{{"authprobe binary", in.Binary}, {"busybox", in.BusyBox}} {
		if f.path == "" {
			return nil, fmt.Errorf("no %s given", f.what)
		}
		if err := CheckStatic(f.path); err != nil {
			return nil, fmt.Errorf("%s: %w", f.what, err)
		}
	}
	if in.CACerts == "" {
		return nil, fmt.Errorf("no CA bundle given")
	}
	binary, err := os.ReadFile(in.Binary)
	if err != nil {
		return nil, fmt.Errorf("authprobe binary: %w", err)
	}
	busybox, err := os.ReadFile(in.BusyBox)
	if err != nil {
		return nil, fmt.Errorf("busybox: %w", err)
	}
	certs, err := os.ReadFile(in.CACerts)
	if err != nil {
		return nil, fmt.Errorf("CA bundle: %w", err)
	}
	if !strings.Contains(string(certs), "BEGIN CERTIFICATE") {
		return nil, fmt.Errorf("CA bundle %s holds no PEM certificate", in.CACerts)
	}
	applets, err := busyboxApplets(in.BusyBox)
	if err != nil {
		return nil, err
	}

	dir := func(p string, mode os.FileMode) Entry { return Entry{Path: p, Mode: os.ModeDir | mode} }
	file := func(p string, mode os.FileMode, data []byte) Entry { return Entry{Path: p, Mode: mode, Data: data} }
	link := func(p, target string) Entry { return Entry{Path: p, Mode: os.ModeSymlink | 0o777, Linkname: target} }

	home := dir(Home, 0o755)
	home.UID, home.GID = UID, GID
	entries := []Entry{
		file(BinaryPath, 0o755, binary),
		dir("/bin", 0o755),
		file(BusyBoxPath, 0o755, busybox),
		dir("/etc", 0o755),
		file("/etc/passwd", 0o644, []byte(fmt.Sprintf(
			"root:x:0:0:root:/root:/sbin/nologin\n%s:x:%d:%d:%s:%s:/sbin/nologin\n", UserName, UID, GID, UserName, Home))),
		file("/etc/group", 0o644, []byte(fmt.Sprintf("root:x:0:\n%s:x:%d:\n", UserName, GID))),
		file("/etc/nsswitch.conf", 0o644, []byte("hosts: files dns\n")),
		dir("/etc/ssl", 0o755),
		dir("/etc/ssl/certs", 0o755),
		file(CACertsPath, 0o644, certs),
		dir("/home", 0o755),
		home,
		dir("/root", 0o700),
		dir("/tmp", os.ModeSticky|0o777),
		dir("/usr", 0o755),
		dir("/usr/bin", 0o755),
		dir("/usr/local", 0o755),
		dir("/usr/local/bin", 0o755),
		link("/usr/local/bin/authprobe", BinaryPath),
		dir("/sbin", 0o755),
		dir("/usr/sbin", 0o755),
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.Path] = true
	}
	for _, a := range applets {
		if !have[a] && have[path.Dir(a)] {
			entries = append(entries, link(a, BusyBoxPath))
			have[a] = true
		}
	}
	if !have["/bin/sh"] {
		return nil, fmt.Errorf("busybox %s has no sh applet", in.BusyBox)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	return entries, nil
}

// busyboxApplets lists the applets the busybox binary provides, as absolute
// paths (/bin/sh, /usr/bin/wc, …), from `busybox --list-full`.
func busyboxApplets(busybox string) ([]string, error) {
	out, err := exec.Command(busybox, "--list-full").Output()
	if err != nil {
		return nil, fmt.Errorf("busybox %s --list-full: %w", busybox, err)
	}
	var applets []string
	for _, line := range strings.Fields(string(out)) {
		p := path.Clean("/" + line)
		if p == "/" || strings.Contains(line, "..") {
			return nil, fmt.Errorf("busybox %s --list-full: unexpected applet path %q", busybox, line)
		}
		applets = append(applets, p)
	}
	if len(applets) == 0 {
		return nil, fmt.Errorf("busybox %s --list-full listed no applets", busybox)
	}
	return applets, nil
}
