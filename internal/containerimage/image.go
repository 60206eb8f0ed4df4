package containerimage

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Build makes the image of the inputs: one layer with Entries(in), the
// runtime configuration of this package (Entrypoint, User, Env, Home as the
// working directory) and in.Labels(). Every time in it is in.Created.
func Build(in Inputs) (v1.Image, error) {
	entries, err := Entries(in)
	if err != nil {
		return nil, err
	}
	layer, err := Layer(entries, in)
	if err != nil {
		return nil, err
	}
	created := v1.Time{Time: in.Created.UTC()}
	img, err := mutate.Append(empty.Image, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   created,
			CreatedBy: "authprobe tools/mkimage " + in.Version,
			Comment:   "static authprobe, busybox, CA certificates, user " + UserName,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("adding the layer: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading the image config: %w", err)
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS = in.arch(), "linux"
	cf.Created = created
	cf.Author = ""
	cf.Config = v1.Config{
		Entrypoint: Entrypoint(),
		User:       User,
		Env:        Env(),
		WorkingDir: Home,
		Labels:     in.Labels(),
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return nil, fmt.Errorf("setting the image config: %w", err)
	}
	return img, nil
}

// compressionLevel is the layer's gzip level. The package's tests lower it:
// compressing megabytes under -race is slow, and they check what the layer
// holds, not how well it is compressed.
var compressionLevel = gzip.DefaultCompression

// Layer writes the entries as a gzip-compressed tar layer whose every
// timestamp is in.Created.
func Layer(entries []Entry, in Inputs) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{
			Name:    strings.TrimPrefix(e.Path, "/"),
			Mode:    int64(e.Mode.Perm()),
			Uid:     e.UID,
			Gid:     e.GID,
			ModTime: in.Created.UTC(),
			Format:  tar.FormatPAX,
		}
		if e.Mode&os.ModeSticky != 0 {
			hdr.Mode |= 0o1000
		}
		switch {
		case e.Mode.IsDir():
			hdr.Typeflag, hdr.Name = tar.TypeDir, hdr.Name+"/"
		case e.Mode&os.ModeSymlink != 0:
			hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, e.Linkname
		default:
			hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(e.Data))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, fmt.Errorf("layer entry %s: %w", e.Path, err)
		}
		if _, err := tw.Write(e.Data); err != nil {
			return nil, fmt.Errorf("layer entry %s: %w", e.Path, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("closing the layer: %w", err)
	}
	raw := buf.Bytes()
	layer, err := tarball.LayerFromOpener(
		func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil },
		tarball.WithCompressionLevel(compressionLevel), tarball.WithCompressedCaching)
	if err != nil {
		return nil, fmt.Errorf("compressing the layer: %w", err)
	}
	return layer, nil
}

// WriteArchive writes the image as a docker-archive tarball tagged tag (e.g.
// authprobe:local), the format `docker load`, `podman load` and `kind load
// image-archive` read. The file is replaced atomically.
func WriteArchive(file, tag string, img v1.Image) error {
	ref, err := name.NewTag(tag, name.WeakValidation)
	if err != nil {
		return fmt.Errorf("image tag %q: %w", tag, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	defer os.Remove(tmp.Name())
	if err := tarball.Write(ref, img, tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return nil
}

// WriteRootfs writes the entries under dir (which must not exist yet, so
// that nothing else ends up in the image), for a Dockerfile to COPY. Owners
// are set only when running as root; modification times are in.Created.
func WriteRootfs(dir string, entries []Entry, in Inputs) error {
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("root filesystem directory %s already exists", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("root filesystem: %w", err)
	}
	root := os.Geteuid() == 0
	var dirs []Entry
	for _, e := range entries {
		p := filepath.Join(dir, filepath.FromSlash(e.Path))
		var err error
		switch {
		case e.Mode.IsDir():
			err = os.Mkdir(p, 0o700)
			dirs = append(dirs, e)
		case e.Mode&os.ModeSymlink != 0:
			err = os.Symlink(e.Linkname, p)
		default:
			err = os.WriteFile(p, e.Data, e.Mode.Perm())
			if err == nil {
				err = os.Chmod(p, e.Mode.Perm())
			}
		}
		if err == nil && root {
			err = os.Lchown(p, e.UID, e.GID)
		}
		if err == nil && e.Mode&os.ModeSymlink == 0 && !e.Mode.IsDir() {
			err = os.Chtimes(p, in.Created, in.Created)
		}
		if err != nil {
			return fmt.Errorf("root filesystem entry %s: %w", e.Path, err)
		}
	}
	// Directories last, deepest first: writing their contents changed
	// their times, and a read-only mode would have stopped the writing.
	for i := len(dirs) - 1; i >= 0; i-- {
		p := filepath.Join(dir, filepath.FromSlash(dirs[i].Path))
		mode := dirs[i].Mode.Perm() | dirs[i].Mode&os.ModeSticky
		if err := os.Chmod(p, mode); err != nil {
			return fmt.Errorf("root filesystem entry %s: %w", dirs[i].Path, err)
		}
		if err := os.Chtimes(p, in.Created, in.Created); err != nil {
			return fmt.Errorf("root filesystem entry %s: %w", dirs[i].Path, err)
		}
	}
	return nil
}
