package videntity

import (
	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Credential keys of a videntity account in a target configuration: the
// keys of the client's settings table (clients/videntity.Table).
const (
	CredUsername      = client.CredUsername
	CredPassword      = client.CredPassword
	CredAccountNumber = client.CredAccountNumber
)

// Account is one user account: a username chosen at signup, a random
// 15-character password and a random 15-digit account number (the "user
// id" of the vendor's page).
type Account struct {
	Username      string
	Password      string
	AccountNumber string
}

// Credentials returns the account keyed as in a target configuration.
func (a Account) Credentials() refkit.Credentials {
	return refkit.Credentials{
		CredUsername:      a.Username,
		CredPassword:      a.Password,
		CredAccountNumber: a.AccountNumber,
	}
}

// DemoAccounts returns the fixed accounts the reference server accepts by
// default. The first is the vendor's own example user (username foobar,
// user id 514778845023264, password Ry5NvPky2jBjshT).
func DemoAccounts() []Account {
	return []Account{
		{Username: "foobar", Password: "Ry5NvPky2jBjshT", AccountNumber: "514778845023264"},
		{Username: "jdoe", Password: "Hq8ZtLm3WcXv2Rk", AccountNumber: "210983749212839"},
		{Username: "acme_billing", Password: "p4TgN7yQe2KbJ9s", AccountNumber: "739102846551073"},
		{Username: "lab-probe", Password: "Vx3mQa8LrT6nPz1", AccountNumber: "408217736590412"},
		{Username: "loadtest01", Password: "Kc7WbE2uYh5DfM9", AccountNumber: "962355018473126"},
	}
}
