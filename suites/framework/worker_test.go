package framework

import (
	"bytes"
	"strings"
	"testing"
)

// The worker mode refuses, with exit code 2 and a message naming it,
// unless it has the parent's marker and a job carrying the same one.
func TestWorkerRefusesWithoutMarker(t *testing.T) {
	for name, c := range map[string]struct {
		args  []string
		nonce string
		job   string
		want  string
	}{
		"no marker":        {[]string{workerArg}, "", `{"nonce":"abc","config":{"targets":[]}}` + "\n", "without its marker"},
		"another marker":   {[]string{workerArg}, "xyz", `{"nonce":"abc","config":{"targets":[]}}` + "\n", "does not carry the marker"},
		"no job":           {[]string{workerArg}, "abc", "", "reading the job"},
		"bad job":          {[]string{workerArg}, "abc", "{\n", "reading the job"},
		"extra arguments":  {[]string{workerArg, "conform"}, "abc", "", "unexpected arguments"},
		"job for no suite": {[]string{workerArg}, "abc", `{"nonce":"abc"}` + "\n", "does not carry the marker"},
	} {
		t.Run(name, func(t *testing.T) {
			var results, stderr bytes.Buffer
			code := runWorker(c.args, c.nonce, strings.NewReader(c.job), &results, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), c.want) || !strings.Contains(stderr.String(), "not a verb") {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), c.want)
			}
			if results.Len() != 0 {
				t.Errorf("a refused worker wrote results: %q", results.String())
			}
		})
	}
}
