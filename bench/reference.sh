#!/usr/bin/env bash
# bench/reference.sh — throughput of the IRP reference server's Authenticate
# endpoint against a trivial net/http handler, measured in the same run with
# the same load generator (wrk), alternating so machine noise hits both.
# Goal: reference >= 0.7x trivial, so the embedded default is never the
# bottleneck of a load test.
#
#   bash bench/reference.sh        (from the repository root; about 1 minute)
#
# Knobs: ROUNDS (default 3), SECONDS_PER_RUN (default 5), CONNS (default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNS=${CONNS:-32}
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] || SUDO=sudo; ${SUDO:-} apt-get update -qq && ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }
go build ${GOFLAGS_BUILD--trimpath} -o "$TMP/authprobe" ./cmd/authprobe
go build -o "$TMP/trivial" ./bench/trivial

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RP=$(port); TP=$(port)
"$TMP/authprobe" serve --profiles irp --port "irp=$RP" >"$TMP/ref.log" 2>&1 & PIDS+=($!)
"$TMP/trivial" -addr "127.0.0.1:$TP" >"$TMP/triv.log" 2>&1 & PIDS+=($!)
for p in $RP $TP; do for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done; done

KEY=WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN
SECRET=9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE
TS=$(date -u '+%Y-%m-%d %H:%M:%S')
SIG=$(printf '%s' "$(printf '%s' "$KEY.$TS" | sha1sum | cut -d' ' -f1).$SECRET" | sha1sum | cut -d' ' -f1)
BODY="APIKey=$KEY&TimeStamp=$(printf '%s' "$TS" | sed 's/ /+/; s/:/%3A/g')&Signature=$SIG"
URL="http://127.0.0.1:$RP/api/v1/Authentication/Authenticate"
curl -s -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "$BODY" "$URL" | grep -q '"Success":true' \
	|| { echo "the signed body does not issue a token" >&2; exit 1; }
cat >"$TMP/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$BODY"
LUA

rps() { wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" -s "$TMP/post.lua" "$1" | awk '/^Requests\/sec/ {print $2}'; }
# Warm both (fills the reference server's session store to its cap).
rps "$URL" >/dev/null; rps "http://127.0.0.1:$TP/" >/dev/null
ref_total=0; triv_total=0
for i in $(seq "$ROUNDS"); do
	r=$(rps "$URL"); t=$(rps "http://127.0.0.1:$TP/")
	printf 'round %d: reference %10.0f req/s   trivial %10.0f req/s   ratio %.2f\n' "$i" "$r" "$t" "$(awk -v a="$r" -v b="$t" 'BEGIN{print a/b}')"
	ref_total=$(awk -v a="$ref_total" -v b="$r" 'BEGIN{print a+b}'); triv_total=$(awk -v a="$triv_total" -v b="$t" 'BEGIN{print a+b}')
done
awk -v a="$ref_total" -v b="$triv_total" 'BEGIN { r = a / b; printf "IRP reference / trivial handler: %.2f (goal >= 0.70) %s\n", r, (r >= 0.7 ? "MET" : "NOT MET") }'
