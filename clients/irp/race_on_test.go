//go:build race

package irp

// raceEnabled: under the race detector sync.Pool drops items at random, so
// json.Valid's pooled scanner is sometimes allocated anew.
const raceEnabled = true
