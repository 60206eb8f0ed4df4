//go:build !race

package irp

// raceEnabled is false in normal builds, where allocation counts are exact.
const raceEnabled = false
