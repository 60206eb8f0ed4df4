package ishare

import (
	"time"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Account is one My Alerts client registered with the reference server:
// the three CreateSessionKey credentials, the ClientId they map to and the
// user schedules GetUserSchedule returns for that client.
type Account struct {
	// Username, Password and Key are compared exactly (case-sensitive).
	Username string
	Password string
	Key      string
	// ClientID is the client's ClientId, e.g. 7.
	ClientID int
	// Schedules are the client's users' alert schedules.
	Schedules []Schedule
	// FailSessionCreation makes CreateSessionKey answer 1019 "Error
	// creating Session key" once the credentials check passed: the
	// reference's trigger for 1019 (a client whose session could not be
	// stored).
	FailSessionCreation bool
}

// Schedule is one UserScheduleDefinition.
type Schedule struct {
	// UserID is the user's UserId.
	UserID int
	// Interval is the alert interval in seconds.
	Interval int
	// LastRun is when My Alerts last ran for the user.
	LastRun time.Time
}

// Credentials returns the account as the registry's credentials, keyed by
// the ishare table's credential keys (username, password, key).
func (a Account) Credentials() refkit.Credentials {
	return refkit.Credentials{
		client.CredUsername: a.Username,
		client.CredPassword: a.Password,
		client.CredKey:      a.Key,
	}
}

// DemoSettings are the target settings the demo data implies: the
// credentials of the demo client whose session creation fails (1019), kept
// out of the credential pool so that logins and load runs do not pick it.
func DemoSettings() map[string]string {
	for _, a := range DemoAccounts() {
		if a.FailSessionCreation {
			return map[string]string{
				client.SettingError1019Username: a.Username,
				client.SettingError1019Password: a.Password,
				client.SettingError1019Key:      a.Key,
			}
		}
	}
	return map[string]string{}
}

// DemoAccounts returns the fixed demo clients, the main one first:
//
//	mycouncil / Wy7#kQ2v!pLm / 8C1D5B7E-2F4A-4E9B-A3C6-71D0E5F29B48 → ClientId 7
//
// The second has XML-special characters in its password (to check
// escaping), the third has no schedules, the fourth ("brokenclient")
// authenticates but always gets 1019 Error creating Session key.
func DemoAccounts() []Account {
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2024, month, day, hour, minute, 0, 0, time.UTC)
	}
	return []Account{
		{
			Username: "mycouncil",
			Password: "Wy7#kQ2v!pLm",
			Key:      "8C1D5B7E-2F4A-4E9B-A3C6-71D0E5F29B48",
			ClientID: 7,
			Schedules: []Schedule{
				{UserID: 1041, Interval: 86400, LastRun: at(time.March, 4, 6, 30)},
				{UserID: 1042, Interval: 604800, LastRun: at(time.March, 1, 6, 30)},
				{UserID: 1057, Interval: 3600, LastRun: at(time.March, 4, 11, 0)},
			},
		},
		{
			Username: "eastshire",
			Password: `Tr0ub4dor&3<x>"'`,
			Key:      "D47A9E0C-6B3F-4C21-8E5D-0A9F7C3B1E62",
			ClientID: 12,
			Schedules: []Schedule{
				{UserID: 2210, Interval: 86400, LastRun: at(time.February, 28, 7, 15)},
				{UserID: 2211, Interval: 43200, LastRun: at(time.February, 29, 19, 15)},
			},
		},
		{
			Username: "northvale",
			Password: "c4Lm-93vQ-zz81",
			Key:      "5E0B2C91-7D3A-4F68-B9E1-C2A4D6F80317",
			ClientID: 31,
		},
		{
			Username:            "brokenclient",
			Password:            "Fx82!mmQa0Lp",
			Key:                 "A90F3D12-4C5B-4E7A-8D26-3B1C9E7F5A04",
			ClientID:            44,
			FailSessionCreation: true,
		},
	}
}
