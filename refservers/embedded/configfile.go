package embedded

import (
	"fmt"
	"os"

	"github.com/goccy/go-yaml"
)

// configFile is the YAML shape of a target configuration, as much of it
// as the reference servers imply.
type configFile struct {
	Environment string         `yaml:"environment"`
	Targets     []configTarget `yaml:"targets"`
}

type configTarget struct {
	Profile     string              `yaml:"profile"`
	Name        string              `yaml:"name"`
	BaseURL     string              `yaml:"base_url"`
	Clock       string              `yaml:"clock"`
	Settings    map[string]string   `yaml:"settings,omitempty"`
	Credentials []map[string]string `yaml:"credentials"`
}

// ConfigYAML returns Config() as a target configuration file, with the
// given clock mode for every target ("" keeps Config's: controlled on a
// test clock, else real): what `authprobe serve --config-out` writes, so
// that conform and load can run against these servers from another
// process.
func (s *Set) ConfigYAML(clock string) ([]byte, error) {
	cfg := s.Config()
	out := configFile{Environment: cfg.Environment}
	for _, t := range cfg.Targets {
		c := t.Clock
		if clock != "" {
			c = clock
		}
		out.Targets = append(out.Targets, configTarget{
			Profile: t.Profile, Name: t.Name, BaseURL: t.BaseURL, Clock: c, Settings: t.Settings, Credentials: t.Credentials,
		})
	}
	b, err := yaml.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("target configuration: %w", err)
	}
	return append([]byte("# target configuration of authprobe's reference servers (demo credentials)\n"), b...), nil
}

// WriteConfig writes ConfigYAML(clock) to path.
func (s *Set) WriteConfig(path, clock string) error {
	b, err := s.ConfigYAML(clock)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("target configuration: %w", err)
	}
	return nil
}
