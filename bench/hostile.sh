#!/usr/bin/env bash
# bench/hostile.sh — the hostile-target table of docs/hardening.md: for every
# hostile behaviour of internal/testserver/hostile and every profile it applies to,
# the verdict `authprobe conform` and `authprobe load` gave, their time to
# verdict and the peak RSS of the authprobe process (from its rusage).
#
#   bash bench/hostile.sh            (from the repository root; about 1.5 minutes)
#   OUT=table.md bash bench/hostile.sh
#
# It runs TestHostileTargets of internal/cli, which also holds each run to
# its bounds (exit 1, time, memory, the cause named); the table is printed
# and written to $OUT (default: a temporary file).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
OUT=${OUT:-$(mktemp --suffix=.md)}
AUTHPROBE_HOSTILE_TABLE="$OUT" go test -count=1 -run '^TestHostileTargets$' ./internal/cli
cat "$OUT"
echo
echo "table written to $OUT"
