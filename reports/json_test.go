package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/schemas"
)

func TestJSONValidatesAgainstRunSchema(t *testing.T) {
	for name, run := range map[string]*results.Run{
		"conformance": conformanceRun(), "load": loadRun(), "incomplete": incompleteRun(), "empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := JSON(run)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemas.Validate("report/run.schema.json", b); err != nil {
				t.Fatalf("report.json does not match its schema: %v", err)
			}
		})
	}
}

func TestRunSchemaRejectsWhatTheModelCannotHold(t *testing.T) {
	good, err := JSON(loadRun())
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(m map[string]any){
		"unknown verdict": func(m map[string]any) {
			spec(m, 0)["verdict"] = "MAYBE"
		},
		"unknown field": func(m map[string]any) { m["surprise"] = true },
		"wrong version": func(m map[string]any) { m["schema_version"] = "2.0" },
		"missing latency": func(m map[string]any) {
			delete(m["load"].([]any)[0].(map[string]any), "latency")
		},
		"ratio above 1": func(m map[string]any) {
			m["load"].([]any)[0].(map[string]any)["success_ratio"] = 99.9
		},
		"bad duration": func(m map[string]any) {
			spec(m, 0)["duration"] = "5 seconds"
		},
	} {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		b, _ := json.Marshal(m)
		if err := schemas.Validate("report/run.schema.json", b); err == nil {
			t.Errorf("%s: accepted by the schema", name)
		}
	}
}

func spec(m map[string]any, i int) map[string]any {
	return m["conformance"].(map[string]any)["specs"].([]any)[i].(map[string]any)
}

func TestJSONRoundTripsAndLeavesTheRunAlone(t *testing.T) {
	run := loadRun()
	before := loadRun()
	run.SchemaVersion = ""
	before.SchemaVersion = ""
	b, err := JSON(run)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(run, before) {
		t.Fatal("JSON modified the run it rendered")
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	want := loadRun()
	if !reflect.DeepEqual(back, want) {
		a, _ := json.Marshal(back)
		w, _ := json.Marshal(want)
		t.Fatalf("round trip changed the run:\n got %s\nwant %s", a, w)
	}
}

func TestJSONWritesEmptyListsNotNull(t *testing.T) {
	b, err := JSON(&results.Run{Conformance: &results.Conformance{}, Load: []results.LoadResult{{Name: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("null")) {
		t.Fatalf("report has null where the schema wants a list or object:\n%s", b)
	}
	if err := schemas.Validate("report/run.schema.json", b); err != nil {
		t.Fatal(err)
	}
}

func TestJSONWritesNonFiniteNumbersAsZeroWithANote(t *testing.T) {
	run := loadRun()
	run.Load[0].SuccessRatio = math.NaN()
	run.Load[0].Latency.P99 = math.Inf(1)
	b, err := JSON(run)
	if err != nil {
		t.Fatalf("a NaN must not lose the whole report: %v", err)
	}
	if err := schemas.Validate("report/run.schema.json", b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"load[0].success_ratio was NaN", "load[0].latency.p99_ms was +Inf"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no note %q", want)
		}
	}
}

func TestReadJSONRefusesOtherJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	if err := os.WriteFile(path, []byte(`{"hello":"world"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJSON(path); err == nil || !strings.Contains(err.Error(), "schema_version") {
		t.Fatalf("want a schema_version error, got %v", err)
	}
}
