package load_test

import (
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

const loadConfig = `environment: staging
targets:
  - profile: irp
    base_url: http://127.0.0.1:9
    credentials:
      - api_key: WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN
        shared_secret: secret
  - profile: certna
    base_url: http://127.0.0.1:9
    credentials:
      - user_name: sample1
        password: pw
load:
  profile: certna
  mode: capacity
  from: 100/s
  to: 12000/m
  step: 50/s
  step_duration: 10s
  workers: 20
  max_workers: 500
  thresholds: ["p99<250ms", "success>=99.9%"]
  expect: DatabaseError
  cache_salts: true
`

func TestFromConfig(t *testing.T) {
	f, err := config.Parse("load.yaml", []byte(loadConfig), config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := load.FromConfig(f, "")
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Capacity
	if sc.Target.Profile != "certna" || sc.Environment != "staging" || sc.Mode != load.ModeCapacity ||
		c.From.PerSecond() != 100 || c.Max.PerSecond() != 200 || c.Step.PerSecond() != 50 || c.StepDuration != 10*time.Second ||
		sc.Workers != 20 || sc.MaxWorkers != 500 || len(sc.Thresholds) != 2 || sc.Expect != "DatabaseError" || !f.Load.CacheSalts {
		t.Errorf("scenario %+v", sc)
	}
	if sc, err = load.FromConfig(f, "irp"); err != nil || sc.Target.Profile != "irp" {
		t.Errorf("FromConfig(irp): %v %+v", err, sc.Target)
	}
	if _, err := load.FromConfig(f, "ishare"); err == nil || !strings.Contains(err.Error(), `"ishare"`) {
		t.Errorf("FromConfig(ishare): %v", err)
	}
	f.Load.Rate = "fast"
	if _, err := load.FromConfig(f, ""); err == nil || !strings.Contains(err.Error(), "load.rate") {
		t.Errorf("bad rate: %v", err)
	}
}
