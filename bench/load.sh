#!/usr/bin/env bash
# bench/load.sh — token-acquisition throughput of the load runner against
# the IRP reference server on loopback, compared with the vegeta CLI and
# wrk on the same endpoint, plus the peak RSS of a 1,000,000-hit run.
#
#   bash bench/load.sh            (from the repository root; about 3 minutes)
#
# `authprobe load` builds a fresh request
# for every hit: new TimeStamp, new Signature, classification of every
# answer. vegeta and wrk replay one static pre-signed body (the server
# accepts a signature replayed within its 2-minute window), so they measure
# the transport alone.
#
# Knobs (environment): SECONDS_PER_TOOL (default 6), WORKERS (connections
# and workers for every tool, default 64), HITS (the RSS run, default
# 1000000), AUTHPROBE (default bin/authprobe).
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TOOL=${SECONDS_PER_TOOL:-6}
WORKERS=${WORKERS:-64}
HITS=${HITS:-1000000}
AUTHPROBE=${AUTHPROBE:-bin/authprobe}

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
[ -x "$AUTHPROBE" ] || go build ${GOFLAGS_BUILD--trimpath} -o "$AUTHPROBE" ./cmd/authprobe
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

# One static pre-signed Authenticate body for vegeta and wrk:
# sha1hex(sha1hex(key + "." + ts) + "." + secret), form-encoded.
TS=$(date -u '+%Y-%m-%d %H:%M:%S')
INNER=$(printf '%s' "$KEY.$TS" | sha1sum | cut -d' ' -f1)
SIG=$(printf '%s' "$INNER.$SECRET" | sha1sum | cut -d' ' -f1)
printf 'APIKey=%s&TimeStamp=%s&Signature=%s' "$KEY" "$(printf '%s' "$TS" | sed 's/ /+/; s/:/%3A/g')" "$SIG" >"$TMP/body.txt"
CT='application/x-www-form-urlencoded; charset=UTF-8'
if ! curl -s -X POST -H "Content-Type: $CT" --data-binary @"$TMP/body.txt" "$URL" | grep -q '"AuthenticationToken":"[A-Za-z0-9]'; then
	echo "the static body does not issue a token; not benchmarking a refusal" >&2
	exit 1
fi

echo "== wrk: static body, $WORKERS connections, ${SECONDS_PER_TOOL}s"
cat >"$TMP/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "$CT"
local f = io.open("$TMP/body.txt", "r")
wrk.body = f:read("*a")
f:close()
EOF
WRK=$(wrk -t2 -c"$WORKERS" -d"${SECONDS_PER_TOOL}s" -s "$TMP/post.lua" "$URL" | awk '/^Requests\/sec/ {print $2}')
echo "wrk: $WRK tokens/s"

echo "== vegeta attack: static body, rate=0, $WORKERS workers, ${SECONDS_PER_TOOL}s"
printf 'POST %s\nContent-Type: %s\n@%s\n' "$URL" "$CT" "$TMP/body.txt" >"$TMP/targets.txt"
"$VEGETA" attack -targets="$TMP/targets.txt" -rate=0 -workers="$WORKERS" -max-workers="$WORKERS" -duration="${SECONDS_PER_TOOL}s" >"$TMP/vegeta.bin"
"$VEGETA" report <"$TMP/vegeta.bin" | tee "$TMP/vegeta.txt" | sed -n '1,2p;6,7p'
# vegeta's success is status-based; every answer of this body is a token.
VEG=$(awk '/^Requests/ {print $NF}' "$TMP/vegeta.txt")
echo "vegeta: $VEG tokens/s"

echo "== authprobe load: fresh signature per hit, saturated ($WORKERS workers), ${SECONDS_PER_TOOL}s"
"$AUTHPROBE" load --target "$TMP/irp.yaml" --rate 50000/s --duration "${SECONDS_PER_TOOL}s" \
	--workers "$WORKERS" --max-workers "$WORKERS" --result-out "$TMP/sat.json" | tee "$TMP/sat.txt" || true
AP=$(json "$TMP/sat.json" tokens_per_second)
echo "authprobe: $AP tokens/s"

echo "== authprobe load --mode capacity: 2000/s steps of 2s until a step breaks"
"$AUTHPROBE" load --target "$TMP/irp.yaml" --mode capacity --from 2000/s --step 2000/s --step-duration 2s \
	--to 40000/s --max-workers 1024 --result-out "$TMP/cap.json" | tee "$TMP/cap.txt" || true
HELD=$(json "$TMP/cap.json" max_held_rate)

echo "== peak RSS of a $HITS-hit authprobe run"
# Open loop at 85% of the saturated throughput, planned for a
# few percent more than HITS so that a busy machine still reaches HITS.
RATE=$(awk -v a="$AP" 'BEGIN { r = int(a * 0.85); if (r < 1000) r = 1000; print r }')
DUR=$(awk -v h="$HITS" -v r="$RATE" 'BEGIN { printf "%ds", int(h * 1.06 / r + 0.999) }')
/usr/bin/time -v "$AUTHPROBE" load --target "$TMP/irp.yaml" --rate "$RATE/s" --duration "$DUR" \
	--max-workers 512 --result-out "$TMP/rss.json" 2>"$TMP/time.txt" | tee "$TMP/rss.txt" || true
RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
RSS_HITS=$(json "$TMP/rss.json" requests)

echo
echo "== summary (loopback, $(nproc) cores shared by client and server)"
printf 'authprobe load (fresh signature per hit)  %10.0f tokens/s\n' "$AP"
printf 'vegeta attack (static body)                %10.0f tokens/s\n' "$VEG"
printf 'wrk (static body)                          %10.0f tokens/s\n' "$WRK"
awk -v a="$AP" -v v="$VEG" -v w="$WRK" 'BEGIN { printf "authprobe/vegeta %.2f   authprobe/wrk %.2f\n", a / v, a / w }'
printf 'capacity search: highest held rate         %10.0f/s\n' "$HELD"
printf 'peak RSS of a %d-hit run at %s/s         %10.1f MiB\n' "$RSS_HITS" "$RATE" "$(awk -v k="$RSS" 'BEGIN { print k / 1024 }')"
