package ci

import (
	"fmt"
	"strings"
	"testing"
)

// gitlabKeywords are the top-level keys that are not jobs.
var gitlabKeywords = map[string]bool{
	"stages": true, "variables": true, "include": true, "default": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
}

func gitlabJobs(t *testing.T) (doc map[string]any, stages []string, jobs map[string]map[string]any) {
	t.Helper()
	doc = yamlMap(t, gitlabCI)
	for _, s := range listAt(t, doc, "stages") {
		stages = append(stages, s.(string))
	}
	jobs = map[string]map[string]any{}
	for k, v := range doc {
		if gitlabKeywords[k] || strings.HasPrefix(k, ".") {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("job %s is not a mapping", k)
		}
		jobs[k] = m
	}
	return doc, stages, jobs
}

func script(t *testing.T, job map[string]any) string {
	t.Helper()
	var lines []string
	for _, l := range listAt(t, job, "script") {
		lines = append(lines, l.(string))
	}
	return strings.Join(lines, "\n")
}

func TestGitLabJobsStagesAndArtifacts(t *testing.T) {
	doc, stages, jobs := gitlabJobs(t)
	if got := strings.Join(stages, ","); got != "build,gate,compare" {
		t.Errorf("stages = %s", got)
	}
	if len(jobs) != 3 {
		t.Errorf("jobs = %d, want build, staging, diff", len(jobs))
	}
	stageIndex := map[string]int{}
	for i, s := range stages {
		stageIndex[s] = i
	}
	for name, job := range jobs {
		st, _ := job["stage"].(string)
		if _, ok := stageIndex[st]; !ok {
			t.Errorf("job %s: stage %q is not declared", name, st)
		}
		if script(t, job) == "" {
			t.Errorf("job %s has no script", name)
		}
		rules := listAt(t, job, "rules")
		var sources []string
		for _, r := range rules {
			sources = append(sources, fmt.Sprint(r.(map[string]any)["if"]))
		}
		if s := strings.Join(sources, " "); !strings.Contains(s, `"schedule"`) || !strings.Contains(s, `"web"`) {
			t.Errorf("job %s runs on %s, want scheduled and manual pipelines", name, s)
		}
		// every job that `needs` another runs in a later stage
		needs, _ := job["needs"].([]any)
		for _, n := range needs {
			dep := fmt.Sprint(n.(map[string]any)["job"])
			dj, ok := jobs[dep]
			if !ok {
				t.Errorf("job %s needs unknown job %s", name, dep)
				continue
			}
			if stageIndex[dj["stage"].(string)] >= stageIndex[st] {
				t.Errorf("job %s (stage %s) needs %s of a stage not before it", name, st, dep)
			}
		}
	}

	build := jobs["authprobe-build"]
	if !strings.Contains(script(t, build), "go build -trimpath -o bin/authprobe ./cmd/authprobe") {
		t.Error("build job does not build authprobe")
	}
	if paths := listAt(t, mapAt(t, build, "artifacts"), "paths"); fmt.Sprint(paths) != "[bin/authprobe]" {
		t.Errorf("build artifacts %v", paths)
	}

	gate := jobs["authprobe-staging"]
	vars := mapAt(t, doc, "variables")
	run := script(t, gate)
	run = strings.NewReplacer(`"$AUTHPROBE_TARGET"`, fmt.Sprint(vars["AUTHPROBE_TARGET"]), `"$AUTHPROBE_REPORT"`, fmt.Sprint(vars["AUTHPROBE_REPORT"])).Replace(run)
	if !strings.Contains(run, "./bin/authprobe run --target ci/staging.example.yaml --out authprobe-report") {
		t.Errorf("staging job script: %s", run)
	}
	art := mapAt(t, gate, "artifacts")
	if art["when"] != "always" {
		t.Errorf("staging artifacts when = %v: reports of a failing run would be lost", art["when"])
	}
	if junit := mapAt(t, art, "reports")["junit"]; junit != "authprobe-report/junit.xml" {
		t.Errorf("artifacts:reports:junit = %v", junit)
	}
	if paths := fmt.Sprint(listAt(t, art, "paths")); paths != "[authprobe-report/]" {
		t.Errorf("staging artifacts paths %s", paths)
	}

	diff := jobs["authprobe-diff"]
	ds := script(t, diff)
	for _, want := range []string{
		`JOB-TOKEN: $CI_JOB_TOKEN`,
		`$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/$ref/raw/authprobe-report/report.json?job=authprobe-staging`,
		`./bin/authprobe diff last-good.json "$AUTHPROBE_REPORT/report.json"`,
		`exit "$status"`,
	} {
		if !strings.Contains(ds, want) {
			t.Errorf("diff job script lacks %s", want)
		}
	}
	for _, r := range listAt(t, diff, "rules") {
		if r.(map[string]any)["when"] != "always" {
			t.Error("diff job does not run when the gate failed (rules need when: always)")
		}
	}
	var needs []string
	for _, n := range listAt(t, diff, "needs") {
		needs = append(needs, fmt.Sprint(n.(map[string]any)["job"]))
	}
	if strings.Join(needs, ",") != "authprobe-build,authprobe-staging" {
		t.Errorf("diff needs %v", needs)
	}
}
