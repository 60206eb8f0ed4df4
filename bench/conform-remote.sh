#!/usr/bin/env bash
# bench/conform-remote.sh — conformance against a remote-like target: the
# reference servers of all four APIs in one process answering every request
# after 40 ms (`serve --latency 40ms`, a staging server over a WAN), and
# conform against them from another process, one spec after another
# (--parallel 1) and in parallel workers (the default --parallel 8,
# --rate-cap 200/s per target), with clock: skip and with clock: real and
# the session lifetimes shortened through --ttl.
#
# Goals (issue 12 item 4): clock: skip in parallel under 10 s wall; clock:
# real in parallel within the longest timeline + 5 s; verdicts identical.
#
#   bash bench/conform-remote.sh          (from the repository root)
#
# Knobs: RUNS (default 3), LATENCY (default 40ms), TTL (default 3s).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
LATENCY=${LATENCY:-40ms}
TTL=${TTL:-3s}
TMP=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
go build -o "$TMP/authprobe" ./cmd/authprobe
ap="$TMP/authprobe"

# serve NAME ARGS...: start reference servers, wait for their configuration.
serve() {
	local name=$1
	shift
	"$ap" serve --latency "$LATENCY" --config-out "$TMP/$name.yaml" "$@" >"$TMP/$name.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do [ -s "$TMP/$name.yaml" ] && return 0; sleep 0.1; done
	echo "serve $name did not start" >&2
	cat "$TMP/$name.log" >&2
	exit 1
}
serve plain
sed 's/clock: real/clock: skip/' "$TMP/plain.yaml" >"$TMP/skip.yaml"
serve short --ttl "ishare=$TTL" --ttl "videntity=$TTL" --ttl "irp=$TTL" --ttl "certna=$TTL"

# wall CONFIG PARALLEL OUT: run conform, print the wall in seconds.
wall() {
	local start end
	start=$(date +%s.%N)
	"$ap" conform --target "$1" --parallel "$2" --json "$3.json" --progress-interval 1h >/dev/null 2>"$3.err" || true
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

# longest ERR: the longest real-clock timeline the run reported, in seconds.
longest() {
	python3 - "$1" <<'EOF'
import re, sys
m = re.search(r"the longest real-clock timeline: (\S+)\)", open(sys.argv[1]).read())
if not m:
    print("0"); sys.exit()
total, d = 0.0, m.group(1)
for v, u in re.findall(r"([\d.]+)(ms|s|m|h)", d):
    total += float(v) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[u]
print(f"{total:.2f}")
EOF
}

# same A B: whether two runs have the same verdict per spec.
same() {
	python3 - "$1.json" "$2.json" <<'EOF'
import json, sys
v = [sorted((s["id"], s["verdict"]) for s in json.load(open(p))["conformance"]["specs"]) for p in sys.argv[1:]]
print("identical" if v[0] == v[1] else "DIFFERENT")
EOF
}

rows=()
for i in $(seq "$RUNS"); do
	echo "run $i: load average $(cut -d' ' -f1-3 /proc/loadavg)"
	s1=$(wall "$TMP/skip.yaml" 1 "$TMP/s1")
	s8=$(wall "$TMP/skip.yaml" 8 "$TMP/s8")
	r1=$(wall "$TMP/short.yaml" 1 "$TMP/r1")
	r8=$(wall "$TMP/short.yaml" 8 "$TMP/r8")
	lt=$(longest "$TMP/r8.err")
	echo "  clock: skip  sequential ${s1}s  parallel ${s8}s  ($(awk -v a="$s1" -v b="$s8" 'BEGIN { printf "%.1f", a / b }')x, verdicts $(same "$TMP/s1" "$TMP/s8"))"
	echo "  clock: real  sequential ${r1}s  parallel ${r8}s  longest timeline ${lt}s  (verdicts $(same "$TMP/r1" "$TMP/r8"))"
	rows+=("$s1 $s8 $r1 $r8 $lt")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
s1, s8, r1, r8, lt = (st.median(c) for c in zip(*rows))
met = lambda ok: "MET" if ok else "NOT MET"
print(f"median of {len(rows)} runs, {sys.argv[1]} answers:")
print(f"  clock: skip  sequential {s1:.2f}s  parallel {s8:.2f}s  ({s1 / s8:.1f}x)  goal < 10 s: {met(s8 < 10)}")
print(f"  clock: real  sequential {r1:.2f}s  parallel {r8:.2f}s  longest timeline {lt:.2f}s  goal <= {lt + 5:.2f}s: {met(r8 <= lt + 5)}")
' "$LATENCY"
