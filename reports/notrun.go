package reports

// junitNotRun is the <error> type of a NOT-RUN testcase: its target was not
// tested (unreachable, or failing its preflight), so CI reporters show the
// cause on every spec of it.
const junitNotRun = "NOT-RUN"
