package ci

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/authprobe/authprobe/load"
)

// manifests holds every object of the k8s/ files, decoded strictly.
type manifests struct {
	configMaps map[string]*corev1.ConfigMap
	secrets    map[string]*corev1.Secret
	pvcs       map[string]*corev1.PersistentVolumeClaim
	jobs       map[string]*batchv1.Job
}

// decodeManifests reads every YAML document of the files into the API
// type its apiVersion and kind name. Unknown fields, duplicate fields and
// unknown kinds are errors.
func decodeManifests(t *testing.T, files ...string) manifests {
	t.Helper()
	m := manifests{
		configMaps: map[string]*corev1.ConfigMap{}, secrets: map[string]*corev1.Secret{},
		pvcs: map[string]*corev1.PersistentVolumeClaim{}, jobs: map[string]*batchv1.Job{},
	}
	for _, file := range files {
		rd := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(read(t, file))))
		for i := 0; ; i++ {
			doc, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: document %d: %v", file, i, err)
			}
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			var tm metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &tm); err != nil {
				t.Fatalf("%s: document %d: %v", file, i, err)
			}
			var obj interface{ GetName() string }
			switch tm.APIVersion + "/" + tm.Kind {
			case "v1/ConfigMap":
				o := &corev1.ConfigMap{}
				obj, m.configMaps[name(t, doc)] = o, o
			case "v1/Secret":
				o := &corev1.Secret{}
				obj, m.secrets[name(t, doc)] = o, o
			case "v1/PersistentVolumeClaim":
				o := &corev1.PersistentVolumeClaim{}
				obj, m.pvcs[name(t, doc)] = o, o
			case "batch/v1/Job":
				o := &batchv1.Job{}
				obj, m.jobs[name(t, doc)] = o, o
			default:
				t.Fatalf("%s: document %d: unexpected %s %s", file, i, tm.APIVersion, tm.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, obj); err != nil {
				t.Fatalf("%s: document %d (%s): %v", file, i, tm.Kind, err)
			}
		}
	}
	return m
}

func name(t *testing.T, doc []byte) string {
	t.Helper()
	var o metav1.PartialObjectMetadata
	if err := yaml.Unmarshal(doc, &o); err != nil || o.Name == "" {
		t.Fatalf("document without metadata.name: %v", err)
	}
	return o.Name
}

func TestStrictDecodingRejectsUnknownFields(t *testing.T) {
	doc := strings.Replace(string(read(t, k8sMergeJob)), "backoffLimit: 0", "backofLimit: 0", 1)
	if err := yaml.UnmarshalStrict([]byte(doc), &batchv1.Job{}); err == nil {
		t.Fatal("a misspelt field was accepted: the manifest test would prove nothing")
	}
}

func TestLoadJobIsAnIndexedJobOverASharedVolume(t *testing.T) {
	m := decodeManifests(t, k8sLoadJob, k8sMergeJob)
	job := m.jobs["authprobe-load"]
	if job == nil {
		t.Fatal("no Job authprobe-load")
	}
	s := job.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Fatalf("completionMode = %v, want Indexed", s.CompletionMode)
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Completions != *s.Parallelism || *s.Completions < 2 {
		t.Fatalf("completions %v, parallelism %v: want equal and > 1, so every shard runs at once", s.Completions, s.Parallelism)
	}
	n := int(*s.Completions)
	pod := s.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %s", pod.RestartPolicy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers", len(pod.Containers))
	}
	c := pod.Containers[0]
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	idx, ok := env["JOB_COMPLETION_INDEX"]
	if !ok || idx.ValueFrom == nil || idx.ValueFrom.FieldRef == nil ||
		idx.ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("JOB_COMPLETION_INDEX is not taken from the completion-index annotation: %+v", idx)
	}
	if shards := env["SHARDS"].Value; shards != strconv.Itoa(n) {
		t.Errorf("SHARDS = %q, completions = %d", shards, n)
	}
	cmd := strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")
	if !strings.Contains(cmd, "JOB_COMPLETION_INDEX") {
		t.Error("the command does not use JOB_COMPLETION_INDEX")
	}

	// Credentials come from the Secret, the target from the ConfigMap, the
	// results go to the PVC: each referenced object exists in the manifests.
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil || m.secrets[c.EnvFrom[0].SecretRef.Name] == nil {
		t.Fatalf("envFrom %+v does not reference the Secret", c.EnvFrom)
	}
	mounts := mountsByPath(t, pod, c)
	cfg := mounts["/config"]
	if cfg == nil || cfg.ConfigMap == nil || m.configMaps[cfg.ConfigMap.Name] == nil {
		t.Fatalf("/config is not the target ConfigMap: %+v", cfg)
	}
	res := mounts["/results"]
	if res == nil || res.PersistentVolumeClaim == nil || m.pvcs[res.PersistentVolumeClaim.ClaimName] == nil {
		t.Fatalf("/results is not the PVC: %+v", res)
	}
	pvc := m.pvcs[res.PersistentVolumeClaim.ClaimName]
	if len(pvc.Spec.AccessModes) != 1 || pvc.Spec.AccessModes[0] != corev1.ReadWriteMany {
		t.Errorf("PVC access modes %v: shards on several nodes need ReadWriteMany", pvc.Spec.AccessModes)
	}
	for _, vm := range c.VolumeMounts {
		if vm.MountPath == "/config" && !vm.ReadOnly {
			t.Error("/config is mounted writable")
		}
	}

	// The mounted target file is a valid configuration whose variables the
	// Secret provides.
	target, ok := m.configMaps[cfg.ConfigMap.Name].Data["target.yaml"]
	if !ok {
		t.Fatal("ConfigMap has no target.yaml")
	}
	required, _ := envRefs(target)
	secret := m.secrets[c.EnvFrom[0].SecretRef.Name]
	for _, v := range required {
		if _, ok := secret.StringData[v]; !ok {
			t.Errorf("target.yaml reads ${%s}; the Secret does not provide it", v)
		}
	}
	checkTargetFile(t, "target.yaml (ConfigMap)", []byte(target))

	// Run the container's command for every index with a stand-in
	// authprobe: each shard gets a distinct i/N that load.ParseShard
	// accepts, all N together, and a distinct result file on the volume.
	seenShard, seenOut := map[string]bool{}, map[string]bool{}
	for i := 0; i < n; i++ {
		args := runContainer(t, c, map[string]string{"JOB_COMPLETION_INDEX": strconv.Itoa(i), "SHARDS": env["SHARDS"].Value})
		if args["verb"] != "load" || args["--target"] != "/config/target.yaml" {
			t.Fatalf("index %d runs %v", i, args)
		}
		sh, err := load.ParseShard(args["--shard"])
		if err != nil {
			t.Fatalf("index %d: %v", i, err)
		}
		if sh.Count != n || seenShard[args["--shard"]] {
			t.Errorf("index %d: shard %s (count %d, completions %d, seen before %v)", i, args["--shard"], sh.Count, n, seenShard[args["--shard"]])
		}
		seenShard[args["--shard"]] = true
		out := args["--result-out"]
		if !strings.HasPrefix(out, "/results/") || seenOut[out] {
			t.Errorf("index %d writes %q (not on the volume, or shared with another shard)", i, out)
		}
		seenOut[out] = true
	}
	if len(seenShard) != n {
		t.Errorf("shards %v do not cover 1…%d", seenShard, n)
	}
}

func TestMergeJobMergesTheShards(t *testing.T) {
	m := decodeManifests(t, k8sLoadJob, k8sMergeJob)
	merge, load := m.jobs["authprobe-merge"], m.jobs["authprobe-load"]
	if merge == nil {
		t.Fatal("no Job authprobe-merge")
	}
	pod := merge.Spec.Template.Spec
	c := pod.Containers[0]
	res := mountsByPath(t, pod, c)["/results"]
	loadRes := mountsByPath(t, load.Spec.Template.Spec, load.Spec.Template.Spec.Containers[0])["/results"]
	if res == nil || res.PersistentVolumeClaim == nil || res.PersistentVolumeClaim.ClaimName != loadRes.PersistentVolumeClaim.ClaimName {
		t.Fatalf("merge job does not mount the shards' volume at /results: %+v", res)
	}
	script := strings.Join(c.Args, "\n")
	if !strings.Contains(script, "authprobe merge /results/shard-*.json --out /results/merged") {
		t.Errorf("merge script:\n%s", script)
	}
	var shards string
	for _, e := range c.Env {
		if e.Name == "SHARDS" {
			shards = e.Value
		}
	}
	if shards != strconv.Itoa(int(*load.Spec.Completions)) {
		t.Errorf("merge expects %s shards, the load job has %d", shards, *load.Spec.Completions)
	}
}

// mountsByPath maps a container's mount paths to the pod's volumes.
func mountsByPath(t *testing.T, pod corev1.PodSpec, c corev1.Container) map[string]*corev1.Volume {
	t.Helper()
	vols := map[string]*corev1.Volume{}
	for i := range pod.Volumes {
		vols[pod.Volumes[i].Name] = &pod.Volumes[i]
	}
	out := map[string]*corev1.Volume{}
	for _, vm := range c.VolumeMounts {
		v, ok := vols[vm.Name]
		if !ok {
			t.Fatalf("mount %s names no volume %q", vm.MountPath, vm.Name)
		}
		out[vm.MountPath] = v
	}
	return out
}

// runContainer runs the container's shell command with env and a stand-in
// authprobe that prints its arguments; it returns the verb and the flags.
func runContainer(t *testing.T, c corev1.Container, env map[string]string) map[string]string {
	t.Helper()
	if len(c.Command) < 2 || c.Command[0] != "/bin/sh" || c.Command[1] != "-c" || len(c.Args) != 1 {
		t.Fatalf("container command %v %v: want /bin/sh -c SCRIPT", c.Command, c.Args)
	}
	bin := t.TempDir()
	fake := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"
	if err := os.WriteFile(filepath.Join(bin, "authprobe"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/bin/sh", "-c", c.Args[0])
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("container script failed: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	args := map[string]string{"verb": lines[0]}
	for i := 1; i+1 < len(lines); i += 2 {
		args[lines[i]] = lines[i+1]
	}
	return args
}

// The shard's exit code reaches the Job unchanged: the container script
// must not hide a failing authprobe (it used to turn exit 1 into 0). Each
// code is returned by a stand-in authprobe.
func TestLoadJobPassesTheShardsExitCodeOn(t *testing.T) {
	m := decodeManifests(t, k8sLoadJob)
	job := m.jobs["authprobe-load"]
	if job == nil {
		t.Fatal("no Job authprobe-load")
	}
	c := job.Spec.Template.Spec.Containers[0]
	for _, code := range []int{0, 1, 2, 3} {
		bin := t.TempDir()
		// The volume /results becomes a temporary directory, and the
		// stand-in writes its result there before exiting, as a real shard
		// whose thresholds broke would.
		script := strings.ReplaceAll(c.Args[0], "/results/", t.TempDir()+"/")
		fake := "#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --result-out ]; then echo '{}' > \"$2\"; fi; shift; done\nexit " + strconv.Itoa(code) + "\n"
		if err := os.WriteFile(filepath.Join(bin, "authprobe"), []byte(fake), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("/bin/sh", "-c", script)
		cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "JOB_COMPLETION_INDEX=0", "SHARDS=4"}
		out, err := cmd.CombinedOutput()
		got := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			got = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if got != code {
			t.Errorf("authprobe exited %d, the container %d (the script hides the shard's exit code)\n%s", code, got, out)
		}
	}
}
