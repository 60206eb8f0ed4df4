// Package configschema generates the JSON Schema of the target
// configuration file (the YAML that --target takes, config.File), so that
// editors validate and complete it (yaml-language-server's
// "# yaml-language-server: $schema=…" modeline).
//
// The structure and the descriptions come from the Go types and their doc
// comments (github.com/invopop/jsonschema); what the types do not say is
// added from the same tables the configuration checker and the specs read:
// the enumerations (environment, clock, load mode), the profiles, and per
// profile its settings (with their kinds) and its credential keys. The
// result is committed as schemas/config/target.schema.json, which the
// binary embeds and `authprobe schemas export` writes;
// TestCommittedSchemaIsGenerated keeps the two in step (regenerate with
// `go test ./internal/configschema -run TestCommittedSchemaIsGenerated -update`).
package configschema

//go:generate go test -run TestCommittedSchemaIsGenerated -update .

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/authprobe/authprobe/config"
)

// SchemaName is the schema's name among the embedded schemas
// (schemas.Names) and its path under an export folder.
const SchemaName = "config/target.schema.json"

// ID is the schema's $id.
const ID = "https://github.com/authprobe/authprobe/schemas/" + SchemaName

// draft07 is the dialect written: the one yaml-language-server and the
// project's validator (gojsonschema) both implement, if/then included.
const draft07 = "http://json-schema.org/draft-07/schema#"

// module is the Go module whose doc comments become descriptions.
const module = "github.com/authprobe/authprobe"

// Patterns of scalar values. A ${VAR} or ${VAR:-default} reference is
// accepted wherever the checker expands variables (its value is only known
// at run time).
const (
	envRef          = `\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}`
	durationPattern = `^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$|^0$`
	integerPattern  = `^-?[0-9]+$`
	ratePattern     = `^\s*([0-9]+\.?[0-9]*|\.[0-9]+)\s*(/\s*[0-9a-zµ.]+)?\s*$`
	// urlPattern: http:// or https:// and a host, or a ${VAR} reference.
	urlPattern = `^(https?://[^/\s]+.*|.*` + envRef + `.*)$`
)

// Options say what the checker knows: the profile tables (from the
// registered specs, framework.ProfileTable).
type Options struct {
	// Profiles are the profiles a target may name, each with its settings
	// (common ones included) and credential keys, in the order to list.
	Profiles []config.Profile
	// SourceDir is the repository root as seen from the working directory
	// (e.g. "../.."), for the doc comments of config/; "" skips them.
	SourceDir string
	// PackageDir is the working directory relative to the repository root
	// (e.g. "internal/configschema"), which invopop needs to name the
	// packages it reads comments from.
	PackageDir string
}

// Generate returns the schema as indented JSON with a trailing newline.
func Generate(o Options) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true, // what is required is set below, as the checker decides
		DoNotReference:             true, // one self-contained tree: every editor resolves it
		ExpandedStruct:             true,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			if t == reflect.TypeOf(config.Duration{}) {
				return duration("")
			}
			return nil
		},
	}
	if o.SourceDir != "" {
		// invopop names a package by joining base and the walked
		// directory, so the base is the working directory's import path.
		base := path.Join(module, o.PackageDir)
		if err := r.AddGoComments(base, path.Join(o.SourceDir, "config")); err != nil {
			return nil, fmt.Errorf("config schema: read the doc comments of config/: %w", err)
		}
	}
	s := r.Reflect(&config.File{})
	s.Version = draft07
	s.ID = jsonschema.ID(ID)
	s.Title = "authprobe target configuration"
	s.Description = "The YAML file that `authprobe run|conform|load --target` reads: the APIs under test, their credentials (${VAR} from the environment) and settings, and the conform and load sections. " +
		"Editors validate and complete it with the modeline `# yaml-language-server: $schema=<this file>`."
	if err := refine(s, o.Profiles); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	return append(b, '\n'), nil
}

// walker finds properties of the reflected tree and remembers the first
// one missing: a key renamed in config.File must be renamed here too.
type walker struct{ err error }

// get follows names from s; a missing key records the error and yields a
// throwaway schema, so the refinements read straight.
func (w *walker) get(s *jsonschema.Schema, names ...string) *jsonschema.Schema {
	for _, n := range names {
		var p *jsonschema.Schema
		if s != nil && s.Properties != nil {
			p, _ = s.Properties.Get(n)
		}
		if p == nil {
			if w.err == nil {
				w.err = fmt.Errorf("config schema: config.File has no key %q any more: update internal/configschema", n)
			}
			return &jsonschema.Schema{}
		}
		s = p
	}
	return s
}

// refine adds what the Go types do not carry.
func refine(root *jsonschema.Schema, profiles []config.Profile) error {
	w := &walker{}
	root.Required = []string{"targets"}
	w.get(root, "environment").Enum = []any{config.EnvTest, config.EnvStaging, config.EnvProduction}

	targets := w.get(root, "targets")
	targets.MinItems = ptr(1)
	t := targets.Items
	if t == nil {
		return fmt.Errorf("config schema: targets is not a list any more: update internal/configschema")
	}
	t.Required = []string{"profile", "base_url", "credentials"}
	names := make([]any, len(profiles))
	for i, p := range profiles {
		names[i] = p.Name
	}
	w.get(t, "profile").Enum = names
	w.get(t, "base_url").Pattern = urlPattern
	w.get(t, "clock").Enum = []any{config.ClockControlled, config.ClockReal, config.ClockSkip}
	w.get(t, "clock_control_url").Pattern = urlPattern
	w.get(t, "max_body").Minimum = "0"
	creds := w.get(t, "credentials")
	creds.MinItems = ptr(1)
	creds.Items = &jsonschema.Schema{Type: "object", Description: "one account; its keys depend on the profile",
		AdditionalProperties: scalar("a value or ${VAR}")}
	settings := w.get(t, "settings")
	settings.AdditionalProperties = nil
	settings.PatternProperties = nil
	for _, p := range profiles {
		t.AllOf = append(t.AllOf, profileRule(p))
	}

	load := w.get(root, "load")
	w.get(load, "mode").Enum = []any{"constant", "ramp", "capacity"}
	for _, k := range []string{"rate", "from", "to", "step"} {
		r := w.get(load, k)
		*r = *anyOf(r.Description+" (hits per s, m, h or a duration: 200/s, 12000/m, 5/10s)",
			&jsonschema.Schema{Type: "number", ExclusiveMinimum: "0"},
			&jsonschema.Schema{Type: "string", Pattern: ratePattern})
	}
	return w.err
}

// profileRule is the if/then that gives a target of profile p its
// credential keys and settings.
func profileRule(p config.Profile) *jsonschema.Schema {
	cred := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), AdditionalProperties: jsonschema.FalseSchema,
		Description: "one " + p.Name + " account"}
	for _, c := range p.Credentials {
		d := c.Doc
		if c.Secret {
			d += " (secret: masked in every report; give it as ${VAR})"
		}
		cred.Properties.Set(c.Key, scalar(d))
		cred.Required = append(cred.Required, c.Key)
	}
	set := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), AdditionalProperties: jsonschema.FalseSchema,
		Description: "the settings of profile " + p.Name + " (authprobe list --settings --profile " + p.Name + ")"}
	for _, s := range p.Settings {
		set.Properties.Set(s.Name, setting(s))
	}
	then := &jsonschema.Schema{Properties: jsonschema.NewProperties()}
	then.Properties.Set("credentials", &jsonschema.Schema{Items: cred})
	then.Properties.Set("settings", set)
	cond := &jsonschema.Schema{Properties: jsonschema.NewProperties(), Required: []string{"profile"}}
	cond.Properties.Set("profile", &jsonschema.Schema{Const: p.Name})
	return &jsonschema.Schema{If: cond, Then: then}
}

// setting is the schema of one setting's value, by its kind. YAML scalars
// of any type are read as text by the checker, so a number or a boolean is
// accepted where its text would be.
func setting(s config.Setting) *jsonschema.Schema {
	d := s.Doc
	if s.Default != "" {
		d += " (default " + s.Default + ")"
	}
	if s.Pin {
		d += " — pin: unset accepts every legal form"
	}
	var v *jsonschema.Schema
	switch s.Kind {
	case config.DurationKind:
		v = duration(d)
	case config.Int:
		v = anyOf(d, &jsonschema.Schema{Type: "integer"}, &jsonschema.Schema{Type: "string", Pattern: integerPattern}, envString())
	case config.Bool:
		v = anyOf(d, &jsonschema.Schema{Type: "boolean"}, &jsonschema.Schema{Type: "string", Enum: []any{"true", "false"}}, envString())
	case config.Status:
		v = anyOf(d, &jsonschema.Schema{Type: "integer", Minimum: "100", Maximum: "599"},
			&jsonschema.Schema{Type: "string", Pattern: `^[1-5][0-9][0-9]$`}, envString())
	case config.Enum:
		vals := make([]any, len(s.Values))
		for i, x := range s.Values {
			vals[i] = x
		}
		v = anyOf(d, &jsonschema.Schema{Type: "string", Enum: vals}, envString())
	case config.List:
		v = scalar(d + " (comma-separated)")
	default:
		v = scalar(d)
	}
	if s.Default != "" && v.Default == nil {
		v.Default = s.Default
	}
	return v
}

// duration is a Go duration such as 10s, 5m or 1h30m.
func duration(desc string) *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Description: desc, Pattern: durationPattern + "|^" + envRef + "$",
		Examples: []any{"10s", "5m", "1h30m"}}
}

// scalar is any YAML scalar (the checker reads it as text).
func scalar(desc string) *jsonschema.Schema {
	return anyOf(desc, &jsonschema.Schema{Type: "string"}, &jsonschema.Schema{Type: "number"}, &jsonschema.Schema{Type: "boolean"})
}

func envString() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Pattern: "^" + envRef + "$"}
}

func anyOf(desc string, alts ...*jsonschema.Schema) *jsonschema.Schema {
	return &jsonschema.Schema{Description: strings.TrimSpace(desc), AnyOf: alts}
}

func ptr(n uint64) *uint64 { return &n }
