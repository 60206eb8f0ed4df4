package containerimage

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func TestMain(m *testing.M) {
	// Stored, not deflated: the tests read the layers back and compare
	// digests; tools/mkimage's test builds the real image at the real level.
	compressionLevel = gzip.NoCompression
	os.Exit(m.Run())
}

// staticBusyBox is Debian busybox-static's binary: a statically linked
// executable the tests use both as busybox and as a stand-in authprobe.
const staticBusyBox = "/bin/busybox"

// requireStaticBusyBox fails the test unless a static busybox is installed.
func requireStaticBusyBox(t *testing.T) {
	t.Helper()
	if err := CheckStatic(staticBusyBox); err != nil {
		t.Fatalf("the image tests need a static busybox at %s (%v): run `make deps` "+
			"or `apt-get install busybox-static`", staticBusyBox, err)
	}
}

// testInputs returns inputs with a stand-in authprobe (a minimal static ELF
// executable carrying tail, so that two tails make two different binaries)
// and a CA bundle of one certificate.
func testInputs(t *testing.T, tail string) Inputs {
	t.Helper()
	requireStaticBusyBox(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "authprobe")
	if err := os.WriteFile(bin, minimalStaticELF(tail), 0o755); err != nil {
		t.Fatal(err)
	}
	certs := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(certs, []byte(testCert), 0o644); err != nil {
		t.Fatal(err)
	}
	return Inputs{
		Binary: bin, BusyBox: staticBusyBox, CACerts: certs,
		Version: "v1.2.3", Revision: "0123456789abcdef0123456789abcdef01234567",
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Arch: "amd64",
	}
}

// minimalStaticELF returns an x86-64 ELF executable with one loadable
// segment holding payload and no interpreter or dynamic section: what
// CheckStatic accepts, small enough to keep the image tests fast under -race.
func minimalStaticELF(payload string) []byte {
	const ehsize, phsize = 64, 56
	hdr := elf.Header64{
		Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_X86_64), Version: uint32(elf.EV_CURRENT),
		Entry: 0x400000 + ehsize + phsize, Phoff: ehsize, Ehsize: ehsize, Phentsize: phsize, Phnum: 1,
	}
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS], hdr.Ident[elf.EI_DATA], hdr.Ident[elf.EI_VERSION] = byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)
	size := uint64(ehsize + phsize + len(payload))
	prog := elf.Prog64{Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R | elf.PF_X), Vaddr: 0x400000, Paddr: 0x400000,
		Filesz: size, Memsz: size, Align: 0x1000}
	var b bytes.Buffer
	_ = binary.Write(&b, binary.LittleEndian, hdr)
	_ = binary.Write(&b, binary.LittleEndian, prog)
	b.WriteString(payload)
	return b.Bytes()
}

// testCert is a PEM block; the image builder only checks that the bundle
// holds one, it does not parse it.
const testCert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXzU=\n-----END CERTIFICATE-----\n"

func digest(t *testing.T, in Inputs) v1.Hash {
	t.Helper()
	img, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSameInputsGiveTheSameImageAndArchive(t *testing.T) {
	in := testInputs(t, "one")
	a, b := digest(t, in), digest(t, in)
	if a != b {
		t.Fatalf("two builds of the same inputs: digests %s and %s", a, b)
	}
	dir := t.TempDir()
	var archives [2][]byte
	for i := range archives {
		img, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "image.tar")
		if err := WriteArchive(file, "authprobe:local", img); err != nil {
			t.Fatal(err)
		}
		if archives[i], err = os.ReadFile(file); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(archives[0], archives[1]) {
		t.Fatal("two archives of the same inputs differ")
	}

	// Each input counts: a change to any of them changes the digest.
	changes := map[string]func(*Inputs){
		"binary":   func(in *Inputs) { *in = testInputs(t, "two") },
		"created":  func(in *Inputs) { in.Created = in.Created.Add(time.Second) },
		"version":  func(in *Inputs) { in.Version = "v1.2.4" },
		"revision": func(in *Inputs) { in.Revision = "fedcba9876543210fedcba9876543210fedcba98" },
		"arch":     func(in *Inputs) { in.Arch = "arm64" },
	}
	for what, change := range changes {
		changed := testInputs(t, "one")
		change(&changed)
		if d := digest(t, changed); d == a {
			t.Errorf("changing the %s left the digest %s", what, d)
		}
	}
}

func TestImageConfig(t *testing.T) {
	in := testInputs(t, "")
	img, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if !reflect.DeepEqual(c.Entrypoint, []string{"/authprobe"}) || len(c.Cmd) != 0 {
		t.Errorf("entrypoint %q cmd %q, want [/authprobe] and none", c.Entrypoint, c.Cmd)
	}
	if c.User != "65532:65532" {
		t.Errorf("user %q, want the numeric non-root 65532:65532", c.User)
	}
	if c.WorkingDir != "/home/nonroot" {
		t.Errorf("working dir %q", c.WorkingDir)
	}
	if !reflect.DeepEqual(c.Env, []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/nonroot"}) {
		t.Errorf("env %q", c.Env)
	}
	want := map[string]string{
		"org.opencontainers.image.title":       "authprobe",
		"org.opencontainers.image.description": "Conformance and load harness for session-authentication APIs",
		"org.opencontainers.image.source":      "https://github.com/authprobe/authprobe",
		"org.opencontainers.image.version":     "v1.2.3",
		"org.opencontainers.image.revision":    in.Revision,
	}
	if !reflect.DeepEqual(c.Labels, want) {
		t.Errorf("labels %v\nwant %v", c.Labels, want)
	}
	if !cf.Created.Time.Equal(in.Created) || cf.OS != "linux" || cf.Architecture != "amd64" {
		t.Errorf("created %v os %s arch %s", cf.Created, cf.OS, cf.Architecture)
	}
	for _, h := range cf.History {
		if !h.Created.Time.Equal(in.Created) {
			t.Errorf("history entry created %v, want %v", h.Created, in.Created)
		}
	}
	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Layers) != 1 {
		t.Errorf("%d layers, want one", len(m.Layers))
	}
}

// layerEntries reads the image's one layer.
func layerEntries(t *testing.T, img v1.Image) (map[string]*tar.Header, map[string][]byte, []string) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("layers: %d, %v", len(layers), err)
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	hdrs, data := map[string]*tar.Header{}, map[string][]byte{}
	var order []string
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p := "/" + strings.TrimSuffix(h.Name, "/")
		if hdrs[p] != nil {
			t.Errorf("%s twice in the layer", p)
		}
		hdrs[p] = h
		order = append(order, p)
		if data[p], err = io.ReadAll(tr); err != nil {
			t.Fatal(err)
		}
	}
	return hdrs, data, order
}

func TestLayerHoldsWhatAStaticBinaryNeedsAtRunTime(t *testing.T) {
	in := testInputs(t, "")
	img, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	hdrs, data, order := layerEntries(t, img)
	if !sort.StringsAreSorted(order) {
		t.Errorf("layer entries are not sorted: %v", order)
	}
	bin, _ := os.ReadFile(in.Binary)
	checks := []struct {
		path     string
		typ      byte
		mode     int64
		uid      int
		linkname string
	}{
		{"/authprobe", tar.TypeReg, 0o755, 0, ""},
		{"/bin/busybox", tar.TypeReg, 0o755, 0, ""},
		{"/bin/sh", tar.TypeSymlink, 0o777, 0, "/bin/busybox"},
		{"/usr/bin/wc", tar.TypeSymlink, 0o777, 0, "/bin/busybox"},
		{"/usr/local/bin/authprobe", tar.TypeSymlink, 0o777, 0, "/authprobe"},
		{"/etc/passwd", tar.TypeReg, 0o644, 0, ""},
		{"/etc/group", tar.TypeReg, 0o644, 0, ""},
		{"/etc/ssl/certs/ca-certificates.crt", tar.TypeReg, 0o644, 0, ""},
		{"/home/nonroot", tar.TypeDir, 0o755, 65532, ""},
		{"/tmp", tar.TypeDir, 0o1777, 0, ""},
	}
	for _, c := range checks {
		h := hdrs[c.path]
		if h == nil {
			t.Errorf("%s missing", c.path)
			continue
		}
		if h.Typeflag != c.typ || h.Mode != c.mode || h.Uid != c.uid || h.Gid != c.uid || h.Linkname != c.linkname {
			t.Errorf("%s: type %c mode %o uid %d gid %d link %q, want type %c mode %o owner %d link %q",
				c.path, h.Typeflag, h.Mode, h.Uid, h.Gid, h.Linkname, c.typ, c.mode, c.uid, c.linkname)
		}
	}
	if !bytes.Equal(data["/authprobe"], bin) {
		t.Error("/authprobe is not the given binary")
	}
	if !strings.Contains(string(data["/etc/passwd"]), "nonroot:x:65532:65532:nonroot:/home/nonroot:") ||
		!strings.Contains(string(data["/etc/group"]), "nonroot:x:65532:") {
		t.Errorf("passwd %q group %q lack user nonroot 65532", data["/etc/passwd"], data["/etc/group"])
	}
	if string(data["/etc/ssl/certs/ca-certificates.crt"]) != testCert {
		t.Error("the CA bundle is not the given one")
	}
	for p, h := range hdrs {
		if !h.ModTime.Equal(in.Created) {
			t.Errorf("%s: modification time %v, want %v", p, h.ModTime, in.Created)
		}
		if dir := filepath.Dir(p); dir != "/" && hdrs[dir] == nil {
			t.Errorf("%s: parent %s is not in the layer", p, dir)
		}
		if h.Typeflag == tar.TypeSymlink && hdrs[h.Linkname] == nil {
			t.Errorf("%s links to %s, which is not in the layer", p, h.Linkname)
		}
	}
}

func TestBadInputsAreRefusedWithTheCause(t *testing.T) {
	good := testInputs(t, "")
	dir := t.TempDir()
	text := filepath.Join(dir, "text")
	if err := os.WriteFile(text, []byte("no certificate here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dynamic := "/bin/ls"
	if err := CheckStatic(dynamic); err == nil {
		t.Fatalf("%s should be dynamically linked on Debian", dynamic)
	}
	cases := []struct {
		what   string
		change func(*Inputs)
		want   string
	}{
		{"dynamic binary", func(in *Inputs) { in.Binary = dynamic }, "authprobe binary: /bin/ls is dynamically linked"},
		{"missing binary", func(in *Inputs) { in.Binary = filepath.Join(dir, "nope") }, "nope is not a readable ELF executable"},
		{"text as binary", func(in *Inputs) { in.Binary = text }, "text is not a readable ELF executable"},
		{"dynamic busybox", func(in *Inputs) { in.BusyBox = dynamic }, "busybox: /bin/ls is dynamically linked"},
		{"no binary", func(in *Inputs) { in.Binary = "" }, "no authprobe binary given"},
		{"no CA bundle", func(in *Inputs) { in.CACerts = "" }, "no CA bundle given"},
		{"CA bundle without certificates", func(in *Inputs) { in.CACerts = text }, "holds no PEM certificate"},
		{"missing CA bundle", func(in *Inputs) { in.CACerts = filepath.Join(dir, "ca") }, "CA bundle: open"},
		{"no version", func(in *Inputs) { in.Version = " " }, "image version is empty"},
	}
	for _, c := range cases {
		in := good
		c.change(&in)
		_, err := Build(in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.what, err, c.want)
		}
	}
	img, err := Build(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteArchive(filepath.Join(dir, "a.tar"), "Not A Tag!", img); err == nil || !strings.Contains(err.Error(), `image tag "Not A Tag!"`) {
		t.Errorf("bad tag: %v", err)
	}
	if err := WriteArchive(filepath.Join(dir, "missing", "a.tar"), "authprobe:local", img); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("archive in a missing directory: %v", err)
	}
}

func TestCheckStatic(t *testing.T) {
	requireStaticBusyBox(t)
	if err := CheckStatic(staticBusyBox); err != nil {
		t.Errorf("%s: %v", staticBusyBox, err)
	}
	if err := CheckStatic("/bin/ls"); err == nil || !strings.Contains(err.Error(), "/bin/ls is dynamically linked (program interpreter /lib") {
		t.Errorf("/bin/ls: %v", err)
	}
	if err := CheckStatic("/etc/passwd"); err == nil || !strings.Contains(err.Error(), "not a readable ELF executable") {
		t.Errorf("/etc/passwd: %v", err)
	}
}

func TestArchiveLoadsAsTheTaggedImage(t *testing.T) {
	in := testInputs(t, "")
	img, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "image.tar")
	if err := WriteArchive(file, "authprobe:local", img); err != nil {
		t.Fatal(err)
	}
	manifest, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(file) })
	if err != nil {
		t.Fatal(err)
	}
	if len(manifest) != 1 || !reflect.DeepEqual(manifest[0].RepoTags, []string{"authprobe:local"}) || len(manifest[0].Layers) != 1 {
		t.Fatalf("manifest.json %+v: want one image tagged authprobe:local with one layer", manifest)
	}
	loaded, err := tarball.ImageFromPath(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := img.Digest()
	if got, err := loaded.Digest(); err != nil || got != want {
		t.Errorf("loaded digest %s (%v), built %s", got, err, want)
	}
}

func TestWriteRootfsLaysOutTheLayersFiles(t *testing.T) {
	in := testInputs(t, "")
	entries, err := Entries(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "rootfs")
	if err := WriteRootfs(dir, entries, in); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Path)
		st, err := os.Lstat(p)
		if err != nil {
			t.Errorf("%s: %v", e.Path, err)
			continue
		}
		wantType := e.Mode & (os.ModeDir | os.ModeSymlink)
		if st.Mode().Type() != wantType {
			t.Errorf("%s: type %v, want %v", e.Path, st.Mode().Type(), wantType)
		}
		switch {
		case e.Mode&os.ModeSymlink != 0:
			if target, _ := os.Readlink(p); target != e.Linkname {
				t.Errorf("%s links to %q, want %q", e.Path, target, e.Linkname)
			}
		default:
			if st.Mode().Perm() != e.Mode.Perm() || st.Mode()&os.ModeSticky != e.Mode&os.ModeSticky {
				t.Errorf("%s: mode %v, want %v", e.Path, st.Mode(), e.Mode)
			}
			if !st.ModTime().Equal(in.Created) {
				t.Errorf("%s: modification time %v, want %v", e.Path, st.ModTime(), in.Created)
			}
		}
	}
	if tmp, err := os.Stat(filepath.Join(dir, "tmp")); err != nil || tmp.Mode()&os.ModeSticky == 0 || tmp.Mode().Perm() != 0o777 {
		t.Errorf("/tmp: %v %v, want drwxrwxrwt", tmp.Mode(), err)
	}
	if err := WriteRootfs(dir, entries, in); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("writing into an existing directory: %v", err)
	}
}
