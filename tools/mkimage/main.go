// Command mkimage writes authprobe's container image without a container
// engine (see internal/containerimage): `make image` runs
//
//	mkimage archive --binary bin/authprobe-static --tag authprobe:local --out bin/authprobe-image.tar
//
// and the Dockerfile's build stage runs `mkimage rootfs` to lay out the same
// files for its final stage.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/internal/containerimage"
)

func main() {
	if err := newRoot(os.Stdout).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(2)
	}
}

// inputFlags are the flags both verbs take: what the image is made of.
type inputFlags struct {
	in      containerimage.Inputs
	created string
}

func (f *inputFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.in.Binary, "binary", "", "the statically linked authprobe binary (make static)")
	fl.StringVar(&f.in.BusyBox, "busybox", "/bin/busybox", "a statically linked busybox (Debian busybox-static) for the Jobs' shell scripts")
	fl.StringVar(&f.in.CACerts, "ca-certs", "/etc/ssl/certs/ca-certificates.crt", "the CA bundle to install (Debian ca-certificates)")
	fl.StringVar(&f.in.Version, "version", "dev", "the version label (org.opencontainers.image.version)")
	fl.StringVar(&f.in.Revision, "revision", "", "the source revision label (org.opencontainers.image.revision)")
	fl.StringVar(&f.created, "created", os.Getenv("SOURCE_DATE_EPOCH"), "creation time of the image and its files, in Unix seconds (default $SOURCE_DATE_EPOCH, else 0)")
	fl.StringVar(&f.in.Arch, "arch", runtime.GOARCH, "the GOARCH the binaries are built for")
	_ = cmd.MarkFlagRequired("binary")
}

// inputs returns the parsed inputs, and refuses an empty --out (a verb's
// own flag, but both verbs need it).
func (f *inputFlags) inputs(out string) (containerimage.Inputs, error) {
	in := f.in
	secs := int64(0)
	if f.created != "" {
		var err error
		if secs, err = strconv.ParseInt(f.created, 10, 64); err != nil || secs < 0 {
			return in, fmt.Errorf("--created %q: want Unix seconds (SOURCE_DATE_EPOCH), e.g. 1767225600", f.created)
		}
	}
	if out == "" {
		return in, errors.New("--out is empty")
	}
	in.Created = time.Unix(secs, 0).UTC()
	return in, nil
}

func newRoot(stdout io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "mkimage",
		Short:         "Write authprobe's container image without a container engine",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(archiveCmd(stdout), rootfsCmd(stdout))
	return root
}

func archiveCmd(stdout io.Writer) *cobra.Command {
	var f inputFlags
	var tag, out string
	cmd := &cobra.Command{
		Use:   "archive",
		Short: "Write the image as a docker-archive tarball (docker load, podman load, kind load image-archive)",
		Example: "  mkimage archive --binary bin/authprobe-static --version v1.2.0 --revision $(git rev-parse HEAD) \\\n" +
			"    --created $(git log -1 --format=%ct) --tag authprobe:local --out bin/authprobe-image.tar",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, err := f.inputs(out)
			if err != nil {
				return err
			}
			img, err := containerimage.Build(in)
			if err != nil {
				return err
			}
			if err := containerimage.WriteArchive(out, tag, img); err != nil {
				return err
			}
			digest, err := img.Digest()
			if err != nil {
				return err
			}
			cfg, err := img.ConfigName()
			if err != nil {
				return err
			}
			st, err := os.Stat(out)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %s, manifest %s, image ID %s, %.1f MB\n", out, tag, digest, cfg, float64(st.Size())/1e6)
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&tag, "tag", "authprobe:local", "the image's name and tag in the archive")
	cmd.Flags().StringVar(&out, "out", "bin/authprobe-image.tar", "the archive to write")
	return cmd
}

func rootfsCmd(stdout io.Writer) *cobra.Command {
	var f inputFlags
	var out string
	cmd := &cobra.Command{
		Use:     "rootfs",
		Short:   "Write the image's files into a new directory (the Dockerfile's final stage copies it)",
		Example: "  mkimage rootfs --binary /out/authprobe --out /rootfs",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, err := f.inputs(out)
			if err != nil {
				return err
			}
			entries, err := containerimage.Entries(in)
			if err != nil {
				return err
			}
			if err := containerimage.WriteRootfs(out, entries, in); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %d entries\n", out, len(entries))
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&out, "out", "", "the directory to create")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}
