#!/usr/bin/env bash
# Runs every fuzz target of the module (each `func FuzzX(f *testing.F)` in a
# _test.go file) with `go test -fuzz` for a short, bounded time, one after
# another, and prints how long each ran and how many inputs it tried.
# The seed corpora (f.Add and testdata/fuzz/FuzzX/) also run as plain
# tests in `go test ./...`. A failing input is written by Go to
# <package>/testdata/fuzz/FuzzX/ and this script exits 1.
#
#   FUZZTIME   time per target (default 5s)
#   FUZZ_MATCH only targets whose "package:FuzzX" matches this regexp
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
FUZZTIME="${FUZZTIME:-5s}"
MATCH="${FUZZ_MATCH:-.}"

mapfile -t targets < <(
  grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
    while read -r file; do
      dir=$(dirname "$file")
      grep -oE '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/' |
        while read -r name; do echo "${dir#./}:$name"; done
    done | sort -u | grep -E -- "$MATCH"
)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no target matches $MATCH" >&2
  exit 1
fi

echo "fuzz: ${#targets[@]} targets, $FUZZTIME each"
failed=0
summary=()
start_all=$(date +%s)
for t in "${targets[@]}"; do
  dir=${t%%:*}
  name=${t##*:}
  log=$(mktemp)
  start=$(date +%s)
  # -run='^$': the package's other tests ran already; -parallel bounds
  # the workers on a shared two-core machine; timeout bounds a wedged run.
  run_fuzz() { timeout 300 go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" -parallel=2 "./$dir" >"$log" 2>&1; }
  # Go's fuzzer sometimes ends a run that found nothing with a bare
  # "context deadline exceeded" when -fuzztime runs out mid-minimisation;
  # that is no finding (no failing input is written): run it once more.
  spurious() { grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; }
  if run_fuzz || { spurious && run_fuzz; } || spurious; then
    result=ok
  else
    result=FAILED
    failed=1
    cat "$log"
  fi
  took=$(( $(date +%s) - start ))
  stats=$(grep -oE 'elapsed: [0-9]+s, execs: [0-9]+ \([0-9]+/sec\), new interesting: [0-9]+ \(total: [0-9]+\)' "$log" | tail -1 || true)
  summary+=("$(printf '%-6s %-24s %-30s %4ss  %s' "$result" "$name" "$dir" "$took" "$stats")")
  rm -f "$log"
done

echo
printf '%s\n' "${summary[@]}"
echo "fuzz: $(( $(date +%s) - start_all ))s in all"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target failed; its input is under <package>/testdata/fuzz/" >&2
  exit 1
fi
