package reports

import "github.com/authprobe/authprobe/results"

// junitNotRun is the <error> type of a NOT-RUN testcase: its target was not
// tested (unreachable, or failing its preflight), so CI reporters show the
// cause on every spec of it.
const junitNotRun = "NOT-RUN"

// targetErrors returns the errors of the target APIs of run that were not
// tested, by profile.
func targetErrors(run *results.Run) map[string]string {
	out := map[string]string{}
	for _, a := range run.Target.APIs {
		if a.Error != "" {
			out[a.Profile] = a.Error
		}
	}
	return out
}
