#!/usr/bin/env bash
# bench/load.sh — token-acquisition throughput of the load runner against
# the IRP reference server on loopback, compared in the same run with the
# vegeta CLI and wrk on the same endpoint, plus a capacity search and the
# peak RSS of a 1,000,000-hit run.
#
#   bash bench/load.sh            (from the repository root; about 3 minutes)
#
# Every tool gets the same connections (WORKERS) and SECONDS_PER_TOOL in
# each of ROUNDS rounds; the tools run one at a time, in an order rotated
# every round, against one server. The median of each tool's throughput
# and of each per-round ratio is printed. The load average is printed at
# the start of the run and of each round: client and server share the
# machine's cores, so a busy machine lowers every number; the ratios
# (same server, same round) are what to compare.
#
# authprobe builds a fresh request for every hit (new TimeStamp, new
# Signature) and classifies every answer (a token, a refusal code, or a
# malformed answer). vegeta and wrk replay one static pre-signed body (the
# server accepts a signature replayed within its 2-minute window; it is
# signed again at each round), so they measure the transport alone.
#
# Rows:
#   closed  authprobe load --rate max --workers WORKERS: the closed model
#           (unpaced, not coordinated-omission safe), like for like with
#           vegeta attack -rate=0 -max-workers=WORKERS and wrk -cWORKERS.
#           The ratios use this row.
#   open    authprobe load --rate OPEN_RATE: the open model (paced; latency
#           from each hit's intended send time) asked for more than the
#           target serves, for reference.
#   vegeta  vegeta attack -rate=0 -workers=WORKERS -max-workers=WORKERS.
#   wrk     wrk -t2 -cWORKERS.
#
# Knobs (environment): ROUNDS (default 3), SECONDS_PER_TOOL (default 6),
# WORKERS (connections and workers of every tool, default 64), OPEN_RATE
# (default 50000/s; 0 skips the open row), CAPACITY (default 1; 0 skips
# the capacity search), HITS (the RSS run, default 1000000; 0 skips it),
# AUTHPROBE (a binary to use; default: build bin/authprobe).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER_TOOL=${SECONDS_PER_TOOL:-6}
WORKERS=${WORKERS:-64}
OPEN_RATE=${OPEN_RATE:-50000/s}
CAPACITY=${CAPACITY:-1}
HITS=${HITS:-1000000}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== bench/load.sh, $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(nproc) cores; load average at start: $(loadavg)"

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$TMP"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need wrk || apt_install wrk
[ -x /usr/bin/time ] || apt_install time

echo "== building"
if [ -z "${AUTHPROBE:-}" ]; then
	AUTHPROBE=bin/authprobe
	go build ${GOFLAGS_BUILD--trimpath} -o "$AUTHPROBE" ./cmd/authprobe
fi
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['load'][0]; print(r.get(sys.argv[2], 0))" "$@"; }
GOBIN="$TMP/bin" GOFLAGS=-mod=mod go install github.com/tsenart/vegeta/v12@v12.13.0
VEGETA="$TMP/bin/vegeta"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
URL="$BASE/api/v1/Authentication/Authenticate"
"$AUTHPROBE" serve --profiles irp --port "irp=$PORT" >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	curl -s -o /dev/null "$BASE/" && break
	sleep 0.1
done

# The demo keys the IRP reference server accepts from anywhere.
KEY=WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN
SECRET=9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE
cat >"$TMP/irp.yaml" <<EOF
environment: test
targets:
  - profile: irp
    base_url: $BASE
    credentials:
      - api_key: $KEY
        shared_secret: $SECRET
      - api_key: Hq7TzL2mPx9RkV4sNc8WbY3dF6gJaQeU
        shared_secret: rT5vK8pX2mZq7LwN4cYs9HdB3fJg6RaU
      - api_key: bN4kR8sW2xQ7mT9vL3pZ6yC5hJ8dF2gA
        shared_secret: Pw3eR5tY7uI9oA2sD4fG6hJ8kL1zX3cV
EOF

# sign_body writes the static pre-signed Authenticate body of vegeta and
# wrk: sha1hex(sha1hex(key + "." + ts) + "." + secret), form-encoded, and
# checks that it issues a token.
CT='application/x-www-form-urlencoded; charset=UTF-8'
sign_body() {
	local ts inner sig
	ts=$(date -u '+%Y-%m-%d %H:%M:%S')
	inner=$(printf '%s' "$KEY.$ts" | sha1sum | cut -d' ' -f1)
	sig=$(printf '%s' "$inner.$SECRET" | sha1sum | cut -d' ' -f1)
	printf 'APIKey=%s&TimeStamp=%s&Signature=%s' "$KEY" "$(printf '%s' "$ts" | sed 's/ /+/; s/:/%3A/g')" "$sig" >"$TMP/body.txt"
	if ! curl -s -X POST -H "Content-Type: $CT" --data-binary @"$TMP/body.txt" "$URL" | grep -q '"AuthenticationToken":"[A-Za-z0-9]'; then
		echo "the static body does not issue a token; not benchmarking a refusal" >&2
		exit 1
	fi
}
sign_body
cat >"$TMP/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "$CT"
local f = io.open("$TMP/body.txt", "r")
wrk.body = f:read("*a")
f:close()
EOF
printf 'POST %s\nContent-Type: %s\n@%s\n' "$URL" "$CT" "$TMP/body.txt" >"$TMP/targets.txt"

# Each run_<row> prints one number: tokens (successful answers) per second.
run_wrk() {
	wrk -t2 -c"$WORKERS" -d"${SECONDS_PER_TOOL}s" -s "$TMP/post.lua" "$URL" >"$TMP/wrk.txt"
	awk '/^Requests\/sec/ {print $2}' "$TMP/wrk.txt"
}
run_vegeta() {
	"$VEGETA" attack -targets="$TMP/targets.txt" -rate=0 -workers="$WORKERS" -max-workers="$WORKERS" \
		-duration="${SECONDS_PER_TOOL}s" >"$TMP/vegeta.bin"
	"$VEGETA" report <"$TMP/vegeta.bin" >"$TMP/vegeta.txt"
	# vegeta's success is status-based; every answer of this body is a token.
	awk '/^Requests/ {print $NF}' "$TMP/vegeta.txt"
}
run_closed() {
	"$AUTHPROBE" load --target "$TMP/irp.yaml" --rate max --workers "$WORKERS" --duration "${SECONDS_PER_TOOL}s" \
		--result-out "$TMP/closed.json" >"$TMP/closed.txt" || true
	json "$TMP/closed.json" tokens_per_second
}
run_open() {
	"$AUTHPROBE" load --target "$TMP/irp.yaml" --rate "$OPEN_RATE" --duration "${SECONDS_PER_TOOL}s" \
		--workers "$WORKERS" --max-workers "$WORKERS" --result-out "$TMP/open.json" >"$TMP/open.txt" || true
	json "$TMP/open.json" tokens_per_second
}
label() {
	case $1 in
	closed) echo "authprobe --rate max (closed model)" ;;
	open) echo "authprobe --rate $OPEN_RATE (open model)" ;;
	vegeta) echo "vegeta -rate=0 (static body)" ;;
	wrk) echo "wrk (static body)" ;;
	esac
}

TOOLS=(closed vegeta wrk)
[ "$OPEN_RATE" = 0 ] || TOOLS+=(open)
declare -A SERIES=()
for round in $(seq "$ROUNDS"); do
	sign_body
	# rotate the order so that no tool always runs first or last
	k=$(((round - 1) % ${#TOOLS[@]}))
	order=("${TOOLS[@]:k}" "${TOOLS[@]:0:k}")
	echo "== round $round/$ROUNDS: load average $(loadavg); ${SECONDS_PER_TOOL}s per tool, $WORKERS connections; order ${order[*]}"
	declare -A R=()
	for tool in "${order[@]}"; do
		R[$tool]=$("run_$tool")
		printf '   %-40s %10.0f tokens/s\n' "$(label "$tool")" "${R[$tool]}"
		SERIES[$tool]="${SERIES[$tool]:-} ${R[$tool]}"
	done
	rv=$(awk -v a="${R[closed]}" -v b="${R[vegeta]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
	rw=$(awk -v a="${R[closed]}" -v b="${R[wrk]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
	SERIES[ratio_vegeta]="${SERIES[ratio_vegeta]:-} $rv"
	SERIES[ratio_wrk]="${SERIES[ratio_wrk]:-} $rw"
	echo "   round $round: authprobe/vegeta $rv   authprobe/wrk $rw"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { echo "${SERIES[$1]}" | median; }
AP=$(med closed)

HELD=""
if [ "$CAPACITY" != 0 ]; then
	echo "== authprobe load --mode capacity: 2000/s steps of 2s until a step breaks (load average $(loadavg))"
	"$AUTHPROBE" load --target "$TMP/irp.yaml" --mode capacity --from 2000/s --step 2000/s --step-duration 2s \
		--to 40000/s --max-workers 1024 --result-out "$TMP/cap.json" >"$TMP/cap.txt" || true
	HELD=$(json "$TMP/cap.json" max_held_rate)
fi

RSS=""
if [ "$HITS" != 0 ]; then
	# Open model at 85% of the closed-model throughput, ended by --hits;
	# the duration leaves room for a busy machine to still reach HITS.
	RATE=$(awk -v a="$AP" 'BEGIN { r = int(a * 0.85); if (r < 1000) r = 1000; print r }')
	DUR=$(awk -v h="$HITS" -v r="$RATE" 'BEGIN { printf "%ds", int(h * 3 / r + 0.999) }')
	echo "== peak RSS of a $HITS-hit authprobe run at $RATE/s (open model; load average $(loadavg))"
	/usr/bin/time -v "$AUTHPROBE" load --target "$TMP/irp.yaml" --rate "$RATE/s" --hits "$HITS" --duration "$DUR" \
		--max-workers 512 --result-out "$TMP/rss.json" 2>"$TMP/time.txt" >"$TMP/rss.txt" || true
	RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
	RSS_HITS=$(json "$TMP/rss.json" requests)
fi

echo
echo "== summary: median of $ROUNDS rounds, ${SECONDS_PER_TOOL}s per tool, $WORKERS connections each (loopback; $(nproc) cores shared by client and server)"
for tool in "${TOOLS[@]}"; do
	printf '%-40s %10.0f tokens/s   (rounds:%s)\n' "$(label "$tool")" "$(med "$tool")" "${SERIES[$tool]}"
done
echo "authprobe/vegeta $(med ratio_vegeta)   (goal >= 1.15; rounds:${SERIES[ratio_vegeta]})"
echo "authprobe/wrk    $(med ratio_wrk)   (goal >= 0.50; rounds:${SERIES[ratio_wrk]})"
[ -z "$HELD" ] || printf 'capacity search: highest held rate %.0f/s\n' "$HELD"
[ -z "$RSS" ] || printf 'peak RSS of a %d-hit run at %s/s: %.1f MiB (goal < 100 MiB)\n' "$RSS_HITS" "$RATE" "$(awk -v k="$RSS" 'BEGIN { print k / 1024 }')"
echo "load average at the end: $(loadavg)"
