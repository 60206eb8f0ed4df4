package main

import (
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/authprobe/authprobe/internal/containerimage"
)

// repoRoot is where the Makefile and the Dockerfile are.
const repoRoot = "../.."

// instruction is one Dockerfile instruction: its keyword, flags and
// arguments as buildkit's parser reads them.
type instruction struct {
	cmd   string
	flags []string
	args  []string
	json  bool
}

// dockerfileStages parses the Dockerfile into stages (each starting with FROM).
func dockerfileStages(t *testing.T) [][]instruction {
	t.Helper()
	f, err := os.Open(repoRoot + "/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	var stages [][]instruction
	for _, n := range res.AST.Children {
		in := instruction{cmd: strings.ToUpper(n.Value), flags: n.Flags, json: n.Attributes["json"]}
		for x := n.Next; x != nil; x = x.Next {
			in.args = append(in.args, x.Value)
		}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("Dockerfile: %s before the first FROM", in.cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	return stages
}

// makeVar returns a variable's value as make sees it.
func makeVar(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("make", "-C", repoRoot, "-np", "static").Output()
	if err != nil {
		t.Fatalf("make -np static: %v", err)
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` :?= (.*)$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("make knows no variable %s", name)
	}
	return string(m[1])
}

// buildCommands returns the go build and tools/mkimage lines `make -n`
// prints for the targets and variables in args.
func buildCommands(t *testing.T, args ...string) (goBuild, mkimage string) {
	t.Helper()
	out, err := exec.Command("make", append([]string{"-C", repoRoot, "-s", "-n"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("make -n %v: %v\n%s", args, err, out)
	}
	text := strings.ReplaceAll(string(out), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.Contains(line, " build ") && strings.Contains(line, "./cmd/authprobe"):
			goBuild = strings.Join(strings.Fields(line), " ")
		case strings.Contains(line, "./tools/mkimage "):
			mkimage = strings.Join(strings.Fields(line), " ")
		}
	}
	if goBuild == "" || mkimage == "" {
		t.Fatalf("make -n %v prints no static go build or no mkimage:\n%s", args, out)
	}
	return goBuild, mkimage
}

// TestDockerfileBuildsWhatMakeImageBuilds checks the Dockerfile against the
// Makefile and the image mkimage writes: no Docker engine runs here to build
// it, so the two must agree by construction.
func TestDockerfileBuildsWhatMakeImageBuilds(t *testing.T) {
	stages := dockerfileStages(t)
	if len(stages) != 2 {
		t.Fatalf("%d stages, want a build stage and a final one", len(stages))
	}
	build, final := stages[0], stages[1]

	// The build stage: Go as in go.mod, on Debian bookworm like the
	// Makefile's packages, installing every package the static build needs.
	from := build[0].args
	goMod, err := os.ReadFile(repoRoot + "/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
	if len(from) != 3 || from[0] != "golang:"+string(goVersion[1])+"-bookworm" || !strings.EqualFold(from[1], "AS") {
		t.Errorf("build stage FROM %v, want golang:%s-bookworm AS <name>", from, goVersion[1])
	}
	stageName := from[len(from)-1]
	args := map[string]string{}
	var installed []string
	var makeRun []string
	lex := shell.NewLex('\\')
	for _, in := range build {
		switch in.cmd {
		case "ARG":
			k, _, _ := strings.Cut(in.args[0], "=")
			args[k] = "value-of-" + k
		case "RUN":
			var env []string
			for k, v := range args {
				env = append(env, k+"="+v)
			}
			words, err := lex.ProcessWords(in.args[0], shell.EnvsFromSlice(env))
			if err != nil {
				t.Fatalf("RUN %s: %v", in.args[0], err)
			}
			for i, w := range words {
				if w == "install" && i > 0 && words[i-1] == "apt-get" {
					for _, p := range words[i+1:] {
						if p == "&&" {
							break
						}
						if !strings.HasPrefix(p, "-") {
							installed = append(installed, p)
						}
					}
				}
			}
			if len(words) > 0 && words[0] == "make" {
				makeRun = words[1:]
			}
		}
	}
	for _, p := range strings.Fields(makeVar(t, "STATIC_APT_PKGS")) {
		if !contains(installed, p) {
			t.Errorf("the build stage does not install %s (Makefile STATIC_APT_PKGS); it installs %v", p, installed)
		}
	}

	// The build stage runs the Makefile's own static build and mkimage.
	if len(makeRun) == 0 || !contains(makeRun, "image-rootfs") {
		t.Fatalf("the build stage runs no `make image-rootfs` (it runs make %v)", makeRun)
	}
	vars := map[string]string{}
	for _, w := range makeRun {
		if k, v, ok := strings.Cut(w, "="); ok {
			vars[k] = v
		}
	}
	for _, k := range []string{"VERSION", "REVISION", "SOURCE_DATE_EPOCH"} {
		if vars[k] != "value-of-"+k {
			t.Errorf("make %s=%q: want the build argument %s passed through", k, vars[k], k)
		}
	}
	dockerBuild, dockerMkimage := buildCommands(t, makeRun...)
	var imageArgs []string
	for _, w := range makeRun {
		if w != "image-rootfs" && !strings.HasPrefix(w, "ROOTFS_DIR=") {
			imageArgs = append(imageArgs, w)
		}
	}
	imageBuild, imageMkimage := buildCommands(t, append(imageArgs, "image")...)
	if dockerBuild != imageBuild {
		t.Errorf("the Dockerfile's static build differs from make image's:\n docker: %s\n make:   %s", dockerBuild, imageBuild)
	}
	for _, want := range []string{"CGO_ENABLED=1", "-trimpath", "-buildvcs=false", "-tags netgo,osusergo", "-linkmode external", "-extldflags=-static",
		"pkg-config --static --libs libxml-2.0", "internal/cli.Version=value-of-VERSION", "internal/cli.Commit=value-of-REVISION"} {
		if !strings.Contains(dockerBuild, want) {
			t.Errorf("the static build lacks %q: %s", want, dockerBuild)
		}
	}
	trim := regexp.MustCompile(` (archive|rootfs) | --(tag|out) '[^']*'`)
	inputsOf := func(cmd string) string { return strings.Join(strings.Fields(trim.ReplaceAllString(cmd, " ")), " ") }
	if inputsOf(dockerMkimage) != inputsOf(imageMkimage) {
		t.Errorf("mkimage runs with other inputs:\n docker: %s\n make:   %s", dockerMkimage, imageMkimage)
	}
	if !strings.Contains(dockerMkimage, " rootfs ") || !strings.Contains(dockerMkimage, "--out '"+vars["ROOTFS_DIR"]+"'") {
		t.Errorf("the build stage's mkimage does not write the root filesystem to ROOTFS_DIR=%s: %s", vars["ROOTFS_DIR"], dockerMkimage)
	}

	// The final stage: the root filesystem mkimage wrote, with mkimage's
	// runtime configuration.
	if final[0].args[0] != "scratch" {
		t.Errorf("final stage FROM %v, want scratch", final[0].args)
	}
	finalArgs := map[string]string{}
	var copied bool
	var env []string
	labels := map[string]string{}
	got := map[string][]string{}
	for _, in := range final {
		switch in.cmd {
		case "ARG":
			k, _, _ := strings.Cut(in.args[0], "=")
			finalArgs[k] = "value-of-" + k
		case "COPY":
			if contains(in.flags, "--from="+stageName) && reflect.DeepEqual(in.args, []string{strings.TrimSuffix(vars["ROOTFS_DIR"], "/") + "/", "/"}) {
				copied = true
			}
		case "ENV":
			for i := 0; i+1 < len(in.args); i += 3 {
				env = append(env, in.args[i]+"="+in.args[i+1])
			}
		case "LABEL":
			var fenv []string
			for k, v := range finalArgs {
				fenv = append(fenv, k+"="+v)
			}
			for i := 0; i+1 < len(in.args); i += 3 {
				v, _, err := lex.ProcessWord(in.args[i+1], shell.EnvsFromSlice(fenv))
				if err != nil {
					t.Fatal(err)
				}
				labels[in.args[i]] = v
			}
		default:
			got[in.cmd] = in.args
			if in.cmd == "ENTRYPOINT" && !in.json {
				t.Error("ENTRYPOINT is in shell form; the image has it in exec (JSON) form")
			}
		}
	}
	if !copied {
		t.Errorf("the final stage does not COPY --from=%s %s/ /", stageName, vars["ROOTFS_DIR"])
	}
	if !reflect.DeepEqual(env, containerimage.Env()) {
		t.Errorf("ENV %q, mkimage sets %q", env, containerimage.Env())
	}
	if !reflect.DeepEqual(got["USER"], []string{containerimage.User}) {
		t.Errorf("USER %v, mkimage sets %s", got["USER"], containerimage.User)
	}
	if !reflect.DeepEqual(got["WORKDIR"], []string{containerimage.Home}) {
		t.Errorf("WORKDIR %v, mkimage sets %s", got["WORKDIR"], containerimage.Home)
	}
	if !reflect.DeepEqual(got["ENTRYPOINT"], containerimage.Entrypoint()) {
		t.Errorf("ENTRYPOINT %v, mkimage sets %v", got["ENTRYPOINT"], containerimage.Entrypoint())
	}
	want := containerimage.Inputs{Version: "value-of-VERSION", Revision: "value-of-REVISION"}.Labels()
	if !reflect.DeepEqual(labels, want) {
		t.Errorf("LABEL %v\nmkimage sets %v", labels, want)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
