package framework

import (
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// Kinds of progress events.
const (
	// EventStart: the specs start; Total is how many were selected.
	EventStart = "start"
	// EventDone: the spec ID finished (whatever its verdict).
	EventDone = "done"
	// EventWait: the real-clock timeline of spec ID runs in the
	// background until Until; its spec waits for it.
	EventWait = "wait"
)

// Event is one step of a run's progress, for a live progress line.
type Event struct {
	Kind  string    `json:"kind"`
	Total int       `json:"total,omitempty"`
	ID    string    `json:"id,omitempty"`
	Until time.Time `json:"until,omitempty"`
}

var (
	progressMu sync.Mutex
	progressFn func(Event)
)

// setProgress installs the run's progress callback (nil: none).
func setProgress(fn func(Event)) {
	progressMu.Lock()
	progressFn = fn
	progressMu.Unlock()
}

// emit hands ev to the run's progress callback, one event at a time.
func emit(ev Event) {
	progressMu.Lock()
	defer progressMu.Unlock()
	if progressFn != nil {
		progressFn(ev)
	}
}

var _ = ginkgo.ReportBeforeSuite(func(r ginkgo.Report) {
	if r.SuiteConfig.DryRun {
		return
	}
	emit(Event{Kind: EventStart, Total: r.PreRunStats.SpecsThatWillRun})
})

var _ = ginkgo.ReportAfterEach(func(s ginkgo.SpecReport) {
	if s.LeafNodeType != types.NodeTypeIt || runFilter == nil || !runFilter(s.Labels()) || !ownsSpec(s) {
		return
	}
	emit(Event{Kind: EventDone, ID: catalogID(s.Labels())})
})
