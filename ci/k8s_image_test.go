package ci

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/authprobe/authprobe/internal/containerimage"
)

// imageShell is the shell the image has: Debian busybox-static's busybox,
// which tools/mkimage installs as /bin/busybox with /bin/sh linked to it.
const imageShell = "/bin/busybox"

// makeImageName returns the image name `make image` tags its archive with.
func makeImageName(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("make", "-C", "..", "-np", "static").Output()
	if err != nil {
		t.Fatalf("make -np static: %v", err)
	}
	m := regexp.MustCompile(`(?m)^IMAGE :?= (.*)$`).FindSubmatch(out)
	if m == nil {
		t.Fatal("the Makefile sets no IMAGE")
	}
	return string(m[1])
}

func TestJobsRunTheImageMakeImageBuilds(t *testing.T) {
	image := makeImageName(t)
	m := decodeManifests(t, k8sLoadJob, k8sMergeJob)
	if len(m.jobs) != 2 {
		t.Fatalf("%d jobs", len(m.jobs))
	}
	for name, job := range m.jobs {
		pod := job.Spec.Template.Spec
		for _, c := range pod.Containers {
			if c.Image != image {
				t.Errorf("%s/%s runs image %q; make image builds %q", name, c.Name, c.Image, image)
			}
			// A locally built image loaded into kind is never pulled.
			if c.ImagePullPolicy != corev1.PullIfNotPresent {
				t.Errorf("%s/%s: imagePullPolicy %q, want IfNotPresent", name, c.Name, c.ImagePullPolicy)
			}
			if len(c.Command) == 0 || c.Command[0] != "/bin/sh" {
				t.Errorf("%s/%s runs %v: the image's shell is /bin/sh", name, c.Name, c.Command)
			}
		}
		sc := pod.SecurityContext
		if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser != containerimage.UID ||
			sc.RunAsGroup == nil || *sc.RunAsGroup != containerimage.GID {
			t.Errorf("%s runs as %+v; the image's user is %d:%d (non-root)", name, sc, containerimage.UID, containerimage.GID)
		}
	}
}

// runScript runs a container's script under the image's busybox shell with
// a stand-in authprobe that prints its arguments, one a line.
func runScript(t *testing.T, script string, env map[string]string) (string, error) {
	t.Helper()
	if err := containerimage.CheckStatic(imageShell); err != nil {
		t.Fatalf("the Jobs' scripts are tested under the image's shell, a static busybox (%v): "+
			"run `make deps` or `apt-get install busybox-static`", err)
	}
	bin := t.TempDir()
	fake := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"
	if err := os.WriteFile(filepath.Join(bin, "authprobe"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(imageShell, "sh", "-c", script)
	cmd.Env = []string{"PATH=" + bin}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestJobScriptsRunUnderTheImagesShell(t *testing.T) {
	m := decodeManifests(t, k8sLoadJob, k8sMergeJob)
	load := m.jobs["authprobe-load"]
	n := int(*load.Spec.Completions)
	c := load.Spec.Template.Spec.Containers[0]
	for i := 0; i < n; i++ {
		out, err := runScript(t, c.Args[0], map[string]string{"JOB_COMPLETION_INDEX": strconv.Itoa(i), "SHARDS": strconv.Itoa(n)})
		if err != nil {
			t.Fatalf("load script, index %d: %v\n%s", i, err, out)
		}
		want := "load\n--target\n/config/target.yaml\n--shard\n" + strconv.Itoa(i+1) + "/" + strconv.Itoa(n) +
			"\n--result-out\n/results/shard-" + strconv.Itoa(i) + ".json\n"
		if out != want {
			t.Errorf("load script, index %d, ran authprobe with\n%s\nwant\n%s", i, out, want)
		}
	}

	// The merge script counts the shard files with the image's ls and wc;
	// its /results is a temporary directory here.
	merge := m.jobs["authprobe-merge"].Spec.Template.Spec.Containers[0]
	results := t.TempDir()
	script := strings.ReplaceAll(merge.Args[0], "/results", results)
	for i := 0; i < n-1; i++ {
		if err := os.WriteFile(filepath.Join(results, "shard-"+strconv.Itoa(i)+".json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runScript(t, script, map[string]string{"SHARDS": strconv.Itoa(n)})
	if err == nil || !strings.Contains(out, "expected "+strconv.Itoa(n)+" shard results in "+results+", found "+strconv.Itoa(n-1)) {
		t.Errorf("merge with a shard missing: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(results, "shard-"+strconv.Itoa(n-1)+".json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runScript(t, script, map[string]string{"SHARDS": strconv.Itoa(n)})
	if err != nil {
		t.Fatalf("merge with every shard: %v\n%s", err, out)
	}
	want := []string{"merge"}
	for i := 0; i < n; i++ {
		want = append(want, filepath.Join(results, "shard-"+strconv.Itoa(i)+".json"))
	}
	want = append(want, "--out", filepath.Join(results, "merged"))
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("merge script ran authprobe %v, want %v", got, want)
	}
}
