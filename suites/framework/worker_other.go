//go:build !linux

package framework

import (
	"os"
	"syscall"
)

// stopSignal tells a worker to stop like an interrupted run.
var stopSignal = os.Interrupt

// workerProcAttr: no process-group or parent-death settings off Linux.
func workerProcAttr() *syscall.SysProcAttr { return nil }
