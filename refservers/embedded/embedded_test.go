package embedded

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/config"
)

func TestStartAllOnLoopbackWithTestClock(t *testing.T) {
	set, err := Start(Options{TestClock: true, TTL: map[string]time.Duration{"irp": 3 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	if len(set.Servers) != 4 {
		t.Fatalf("%d servers started, want 4", len(set.Servers))
	}
	cfg := set.Config()
	for _, tg := range cfg.Targets {
		if !strings.HasPrefix(tg.BaseURL, "http://127.0.0.1:") || tg.Clock != config.ClockControlled || len(tg.Credentials) == 0 {
			t.Errorf("target %+v", tg)
		}
		if _, err := (clock.Remote{BaseURL: tg.BaseURL}).Advance(context.Background(), time.Minute); err != nil {
			t.Errorf("%s clock control: %v", tg.Profile, err)
		}
	}
	if irp, _ := cfg.Target("irp"); irp.Settings["session_ttl"] != "3s" {
		t.Errorf("irp ttl override not in the config: %v", irp.Settings)
	}
	if !strings.Contains(set.Describe(), "clock control") {
		t.Error("Describe does not show the clock control endpoint")
	}
}

func TestClockControlRefusedWithoutTestClock(t *testing.T) {
	set, err := Start(Options{Profiles: []string{"irp"}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	resp, err := http.Post(set.Servers[0].URL+clock.ControlPath, "application/json", strings.NewReader(`{"advance":"31m"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("clock control without test clock: %d, want 403", resp.StatusCode)
	}
	if set.Config().Targets[0].Clock != config.ClockReal {
		t.Fatal("a real-clock server must give clock: real")
	}
}

func TestParseFaults(t *testing.T) {
	got, err := ParseFaults([]string{"irp:skew-window-10m,videntity:logout-keeps-session"})
	if err != nil || len(got["irp"]) != 1 || len(got["videntity"]) != 1 {
		t.Fatalf("ParseFaults = %v, %v", got, err)
	}
	for _, bad := range []string{"irp:nope", "nope", "soap:x"} {
		if _, err := ParseFaults([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParseFaults([]string{"sequential-tokens"}); err == nil || !strings.Contains(err.Error(), "profile:fault") {
		t.Errorf("ambiguous bare fault: %v", err)
	}
	if _, err := Start(Options{Profiles: []string{"irp"}, Faults: []string{"videntity:logout-keeps-session"}}); err == nil {
		t.Error("fault for a profile that is not started was accepted")
	}
}

func TestResetClocks(t *testing.T) {
	set, err := Start(Options{Profiles: []string{"irp"}, TestClock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	set.Servers[0].Clock.Advance(31 * time.Minute)
	set.ResetClocks()
	if off := set.Servers[0].Clock.Offset(); off > time.Second || off < -time.Second {
		t.Fatalf("offset after reset: %s", off)
	}
}

func TestParseDialects(t *testing.T) {
	got, err := ParseDialects([]string{"irp:all, certna:guid-upper"})
	if err != nil || len(got["irp"]) != 1 || got["certna"][0] != "guid-upper" {
		t.Fatalf("ParseDialects = %v, %v", got, err)
	}
	for bad, want := range map[string]string{
		"irp:nope":   `unknown dialect "nope"`,
		"guid-upper": "write it as profile:dialect",
		"soap:all":   "unknown profile",
	} {
		if _, err := ParseDialects([]string{bad}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", bad, err, want)
		}
	}
	if _, err := Start(Options{Profiles: []string{"irp"}, Dialects: []string{"certna:all"}}); err == nil || !strings.Contains(err.Error(), "dialect for profile certna, which is not started") {
		t.Errorf("dialect for a profile that is not started: %v", err)
	}
}
