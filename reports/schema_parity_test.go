package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/schemas"
)

// TestRunSchemaDescribesTheModelExactly walks results.Run by reflection
// and checks every struct against its schema object: the same JSON field
// names, and "required" exactly the fields without omitempty. A field added
// to the results model fails here until the schema and docs/reports.md
// describe it.
func TestRunSchemaDescribesTheModelExactly(t *testing.T) {
	raw, err := schemas.Read("report/run.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["definitions"].(map[string]any)
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type, node map[string]any)
	walk = func(path string, typ reflect.Type, node map[string]any) {
		node = deref(t, defs, node)
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			if items, ok := node["items"].(map[string]any); ok {
				node = deref(t, defs, items)
			}
		}
		if typ.Kind() == reflect.Map {
			ap, ok := node["additionalProperties"].(map[string]any)
			if !ok {
				t.Errorf("%s: map without an additionalProperties schema", path)
				return
			}
			walk(path+".*", typ.Elem(), ap)
			return
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeOf(results.Run{}).PkgPath() || seen[typ] {
			return
		}
		seen[typ] = true
		props, _ := node["properties"].(map[string]any)
		if node["additionalProperties"] != false {
			t.Errorf("%s (%s): schema allows additional properties", path, typ.Name())
		}
		var required []string
		fields := map[string]bool{}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			fields[name] = true
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
			sub, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("%s.%s (%s.%s) is not in the schema", path, name, typ.Name(), f.Name)
				continue
			}
			walk(path+"."+name, f.Type, sub)
		}
		for name := range props {
			if !fields[name] {
				t.Errorf("%s.%s is in the schema but not in %s", path, name, typ.Name())
			}
		}
		var got []string
		if r, ok := node["required"].([]any); ok {
			for _, v := range r {
				got = append(got, v.(string))
			}
		}
		sort.Strings(got)
		sort.Strings(required)
		if strings.Join(got, ",") != strings.Join(required, ",") {
			t.Errorf("%s (%s): schema requires [%s], the model always writes [%s]", path, typ.Name(), strings.Join(got, ","), strings.Join(required, ","))
		}
	}
	walk("$", reflect.TypeOf(results.Run{}), root)
	if !seen[reflect.TypeOf(results.CapacityStep{})] || !seen[reflect.TypeOf(results.Evidence{})] {
		t.Fatal("the walk did not reach the nested types")
	}
}

// deref follows a "$ref": "#/definitions/x" (repeatedly).
func deref(t *testing.T, defs map[string]any, node map[string]any) map[string]any {
	t.Helper()
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		name := strings.TrimPrefix(ref, "#/definitions/")
		next, ok := defs[name].(map[string]any)
		if !ok {
			t.Fatalf("dangling $ref %s", ref)
		}
		node = next
	}
}

// TestDocsDescribeEverySchemaField checks that docs/reports.md names every
// property of the report schema (as `name`).
func TestDocsDescribeEverySchemaField(t *testing.T) {
	raw, err := schemas.Read("report/run.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "reports.md"))
	if err != nil {
		t.Fatal(err)
	}
	var root any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if props, ok := x["properties"].(map[string]any); ok {
				for k := range props {
					names[k] = true
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(root)
	for n := range names {
		if !regexp.MustCompile("[`.]" + regexp.QuoteMeta(n) + "`").Match(doc) {
			t.Errorf("docs/reports.md does not describe the report field %s", n)
		}
	}
}
