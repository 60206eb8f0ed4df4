package load_test

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Accounts checks every credentials set against the API's table and says
// which set lacks which keys.
func TestAccounts(t *testing.T) {
	table := config.Profile{Name: "shop", Credentials: []config.Credential{{Key: "api_key"}, {Key: "shared_secret", Secret: true}}}
	tg := config.Target{Name: "staging", Credentials: []map[string]string{
		{"api_key": "k1", "shared_secret": "s1"},
		{"api_key": "k2", "shared_secret": "  ", "extra": "ignored"},
	}}
	if _, err := load.Accounts(tg, table); err == nil || err.Error() != "target staging: credentials[1]: missing shared_secret" {
		t.Errorf("blank secret: %v", err)
	}
	tg.Credentials[1]["shared_secret"] = "s2"
	if got, err := load.Accounts(tg, table); err != nil || len(got) != 2 || got[1]["api_key"] != "k2" {
		t.Errorf("Accounts = %v, %v", got, err)
	}
	tg.Credentials = nil
	if _, err := load.Accounts(tg, table); err == nil || !strings.Contains(err.Error(), "no credentials (shop wants api_key, shared_secret)") {
		t.Errorf("no credentials: %v", err)
	}
}
