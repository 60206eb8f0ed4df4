package ci

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

func TestGitHubWorkflowPassesActionlint(t *testing.T) {
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(githubWorkflow, read(t, githubWorkflow), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s:%d:%d: %s [%s]", githubWorkflow, e.Line, e.Column, e.Message, e.Kind)
	}
}

func TestActionlintCatchesBrokenWorkflows(t *testing.T) {
	good := string(read(t, githubWorkflow))
	for name, broken := range map[string]string{
		"unknown action input": strings.Replace(good, "go-version-file: go.mod", "go-versio: go.mod", 1),
		"bad expression":       strings.Replace(good, "steps.build.outcome == 'success'", "steps.build.outcome == ", 1),
		"unknown context":      strings.Replace(good, "secrets.IRP_API_KEY", "secret.IRP_API_KEY", 1),
	} {
		l, _ := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
		errs, err := l.Lint("broken.yml", []byte(broken), nil)
		if err == nil && len(errs) == 0 {
			t.Errorf("%s: actionlint found nothing (is the linter really running?)", name)
		}
	}
}

// ghStep is one step of the workflow's job.
type ghStep struct {
	Name string
	ID   string
	If   string
	Uses string
	Run  string
	With map[string]any
	Env  map[string]any
}

func workflowSteps(t *testing.T) (map[string]any, []ghStep) {
	t.Helper()
	wf := yamlMap(t, githubWorkflow)
	jobs := mapAt(t, wf, "jobs")
	if len(jobs) != 1 {
		t.Fatalf("want one job, got %d", len(jobs))
	}
	var job map[string]any
	for _, j := range jobs {
		job = j.(map[string]any)
	}
	var steps []ghStep
	for _, raw := range listAt(t, job, "steps") {
		m := raw.(map[string]any)
		s := ghStep{With: map[string]any{}, Env: map[string]any{}}
		s.Name, _ = m["name"].(string)
		s.ID, _ = m["id"].(string)
		s.If, _ = m["if"].(string)
		s.Uses, _ = m["uses"].(string)
		s.Run, _ = m["run"].(string)
		if w, ok := m["with"].(map[string]any); ok {
			s.With = w
		}
		if e, ok := m["env"].(map[string]any); ok {
			s.Env = e
		}
		steps = append(steps, s)
	}
	return wf, steps
}

// find returns the index of the first step matching, or fails.
func find(t *testing.T, steps []ghStep, what string, match func(ghStep) bool) int {
	t.Helper()
	for i, s := range steps {
		if match(s) {
			return i
		}
	}
	t.Fatalf("no step %s", what)
	return -1
}

func TestGitHubWorkflowGatesNightlyAgainstStaging(t *testing.T) {
	wf, steps := workflowSteps(t)
	on := mapAt(t, wf, "on")
	if _, ok := on["workflow_dispatch"]; !ok {
		t.Error("no workflow_dispatch trigger")
	}
	sched, _ := on["schedule"].([]any)
	if len(sched) == 0 || sched[0].(map[string]any)["cron"] == nil {
		t.Error("no schedule trigger with a cron")
	}

	setup := find(t, steps, "setup-go", func(s ghStep) bool { return strings.HasPrefix(s.Uses, "actions/setup-go@") })
	build := find(t, steps, "building authprobe", func(s ghStep) bool {
		return strings.Contains(s.Run, "go build -trimpath -o bin/authprobe ./cmd/authprobe")
	})
	run := find(t, steps, "running authprobe", func(s ghStep) bool {
		return strings.Contains(s.Run, "authprobe run --target ci/staging.example.yaml --out authprobe-report")
	})
	summary := find(t, steps, "appending the summary", func(s ghStep) bool {
		return strings.Contains(s.Run, "authprobe-report/summary.md") && strings.Contains(s.Run, `>> "$GITHUB_STEP_SUMMARY"`)
	})
	download := find(t, steps, "downloading the last good report", func(s ghStep) bool {
		return strings.HasPrefix(s.Uses, "dawidd6/action-download-artifact@")
	})
	diff := find(t, steps, "running authprobe diff", func(s ghStep) bool { return strings.Contains(s.Run, "authprobe diff ") })
	upload := find(t, steps, "uploading the reports", func(s ghStep) bool {
		return strings.HasPrefix(s.Uses, "actions/upload-artifact@") && s.With["path"] == "authprobe-report/"
	})
	lastGood := find(t, steps, "keeping the last good report", func(s ghStep) bool {
		return strings.HasPrefix(s.Uses, "actions/upload-artifact@") && s.With["path"] == "authprobe-report/report.json"
	})
	order := []int{setup, build, run, summary, download, diff, upload, lastGood}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Errorf("steps out of order: %v (want setup-go, build, run, summary, download, diff, upload, keep last good)", order)
			break
		}
	}

	// Reports and summary also when the run failed; last good only on success.
	for _, i := range []int{summary, download, diff, upload} {
		if !strings.HasPrefix(steps[i].If, "always()") {
			t.Errorf("step %q runs only on success (if: %q): a failing run must still publish", steps[i].Name, steps[i].If)
		}
	}
	if steps[lastGood].If != "success()" {
		t.Errorf("the last good report is stored with if: %q, want success()", steps[lastGood].If)
	}

	// The download fetches what the last-good step uploads, from successful
	// runs of this very workflow, into the directory diff reads.
	dl := steps[download].With
	if dl["workflow"] != filepath.Base(githubWorkflow) || dl["workflow_conclusion"] != "success" || dl["name"] != steps[lastGood].With["name"] {
		t.Errorf("download step %v does not fetch %v from successful runs of %s", dl, steps[lastGood].With["name"], filepath.Base(githubWorkflow))
	}
	if want := fmt.Sprintf("authprobe diff %s/report.json authprobe-report/report.json", dl["path"]); !strings.Contains(steps[diff].Run, want) {
		t.Errorf("diff step does not run %q:\n%s", want, steps[diff].Run)
	}
	if !strings.Contains(steps[diff].Run, `exit "$status"`) {
		t.Error("diff step does not fail the job on regression")
	}
}

func TestGitHubWorkflowPassesSecretsAsEnvironment(t *testing.T) {
	_, steps := workflowSteps(t)
	required, optional := envRefs(string(read(t, stagingTarget)))
	for i, s := range steps {
		runStep := strings.Contains(s.Run, "authprobe run ")
		for k, v := range s.Env {
			if strings.Contains(fmt.Sprint(v), "secrets.") && !runStep {
				t.Errorf("step %d (%s) receives secret %s: only the run step may", i, s.Name, k)
			}
		}
		if !runStep {
			continue
		}
		for _, v := range required {
			if got, want := s.Env[v], "${{ secrets."+v+" }}"; got != want {
				t.Errorf("run step env %s = %v, want %s (staging.example.yaml reads ${%s})", v, got, want, v)
			}
		}
		for _, v := range optional {
			if got, want := s.Env[v], "${{ vars."+v+" }}"; got != want {
				t.Errorf("run step env %s = %v, want %s", v, got, want)
			}
		}
		if len(s.Env) != len(required)+len(optional) {
			t.Errorf("run step sets %d variables, the target file reads %d", len(s.Env), len(required)+len(optional))
		}
	}
}
