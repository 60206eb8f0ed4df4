package framework

import "syscall"

// stopSignal tells a worker to stop like an interrupted run.
var stopSignal = syscall.SIGTERM

// workerProcAttr puts a worker in its own process group, so a Ctrl-C on
// the terminal reaches only the parent (which stops the workers once,
// instead of each seeing the signal twice), and has the kernel stop the
// worker if the parent dies.
func workerProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
