#!/usr/bin/env bash
# bench/reference.sh — login throughput of each reference server against a
# trivial net/http handler answering a body of the same size in the same
# content type (bench/trivial, the answer captured from the reference
# server), measured in the same run with the same load generator (wrk),
# alternating so machine noise hits both.
#
#   bash bench/reference.sh        (from the repository root; about 4 minutes)
#
# The logins (bench/loginreq builds them with the API clients' own code):
#   ishare     SOAP 1.1 CreateSessionKey
#   videntity  POST /sessions/login (form)
#   irp        POST Authenticate (form, signed; re-signed every round, as a
#              signature is valid for the two-minute window only)
#   certna     POST /user/login with the password prepared from the user's
#              salt, fetched once before the run: the login request alone,
#              as a client that keeps the salt sends it (the salt GET is
#              not part of the replayed request)
#
# Each round starts with the load average; each API prints the two rates,
# each server's CPU time per request (stabler than rates on a busy
# machine) and the ratio. The summary is the median of the rounds' ratios
# per API. Goal: IRP reference >= 0.75x trivial (issue 12).
#
# Knobs: ROUNDS (default 5: single rounds swing by a tenth on a shared
#        2-core machine, the median of five much less), SECONDS_PER_RUN
#        (default 5), CONNS (default 32),
#        APIS (default "ishare videntity irp certna").
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNS=${CONNS:-32}
APIS=${APIS:-ishare videntity irp certna}
GOAL=0.75
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] || SUDO=sudo; ${SUDO:-} apt-get update -qq && ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }
go build ${GOFLAGS_BUILD--trimpath} -o "$TMP/authprobe" ./cmd/authprobe
go build -o "$TMP/trivial" ./bench/trivial
go build -o "$TMP/loginreq" ./bench/loginreq

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A REF
PORTS=()
for api in $APIS; do p=$(port); REF[$api]="http://127.0.0.1:$p"; PORTS+=(--port "$api=$p"); done
profiles=$(echo $APIS | tr ' ' ',')
"$TMP/authprobe" serve --profiles "$profiles" "${PORTS[@]}" >"$TMP/ref.log" 2>&1 & REFPID=$!; PIDS+=($REFPID)
for api in $APIS; do
	for _ in $(seq 50); do curl -s -o /dev/null "${REF[$api]}/" && break; sleep 0.1; done
	"$TMP/loginreq" -profile "$api" -url "${REF[$api]}" -out "$TMP"
done

TP=$(port); TRIV="http://127.0.0.1:$TP"
ANSWERS=()
for api in $APIS; do ANSWERS+=(-answer "$(cat "$TMP/$api.path"),$TMP/$api.answer,$(cat "$TMP/$api.type")"); done
"$TMP/trivial" -addr "127.0.0.1:$TP" "${ANSWERS[@]}" >"$TMP/triv.log" 2>&1 & TRIVPID=$!; PIDS+=($TRIVPID)
for _ in $(seq 50); do curl -s -o /dev/null "$TRIV/" && break; sleep 0.1; done

# cpu PID: user+system clock ticks of a process so far.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICK=$(getconf CLK_TCK)
# run API URL PID: one wrk run; prints "requests/s CPU-µs-per-request".
run() {
	local c0 c1 out n r bad
	c0=$(cpu "$3")
	out=$(wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" -s "$TMP/$1.lua" "$2")
	c1=$(cpu "$3")
	bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
	[ -z "$bad" ] || echo "WARNING: $1 at $2: $bad answers were not 2xx" >&2
	r=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
	n=$(echo "$out" | awk '/ requests in / {print $1}')
	awk -v r="$r" -v n="$n" -v c=$((c1 - c0)) -v t="$TICK" 'BEGIN { printf "%.0f %.1f", r, (n > 0 ? c * 1e6 / t / n : 0) }'
}

# Warm both (fills each reference server's session store to its cap).
for api in $APIS; do run "$api" "${REF[$api]}" $REFPID >/dev/null; run "$api" "$TRIV" $TRIVPID >/dev/null; done
declare -A RATIOS CPURATIOS
for i in $(seq "$ROUNDS"); do
	echo "round $i: load average $(cut -d' ' -f1-3 /proc/loadavg)"
	# A fresh IRP signature each round (valid for two minutes).
	case " $APIS " in *" irp "*) "$TMP/loginreq" -profile irp -url "${REF[irp]}" -out "$TMP" ;; esac
	for api in $APIS; do
		read -r r rc <<<"$(run "$api" "${REF[$api]}" $REFPID)"
		read -r t tc <<<"$(run "$api" "$TRIV" $TRIVPID)"
		ratio=$(awk -v a="$r" -v b="$t" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		RATIOS[$api]="${RATIOS[$api]:-} $ratio"
		CPURATIOS[$api]="${CPURATIOS[$api]:-} $(awk -v a="$rc" -v b="$tc" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')"
		printf '  %-9s reference %7.0f req/s %6.1f µs CPU/req   trivial %7.0f req/s %6.1f µs CPU/req   ratio %s\n' "$api" "$r" "$rc" "$t" "$tc" "$ratio"
	done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo "median of $ROUNDS rounds, reference / trivial handler (same-sized body, same content type):"
for api in $APIS; do
	med=$(echo ${RATIOS[$api]} | median)
	goal=""
	[ "$api" = irp ] && goal=$(awk -v m="$med" -v g="$GOAL" 'BEGIN { printf "  (goal >= %s) %s", g, (m >= g ? "MET" : "NOT MET") }')
	printf '  %-9s %.2f   (rounds:%s)%s\n' "$api" "$med" "${RATIOS[$api]}" "$goal"
done
echo "median CPU time per request, trivial / reference (less sensitive to a busy machine; informative):"
for api in $APIS; do
	printf '  %-9s %.2f   (rounds:%s)\n' "$api" "$(echo ${CPURATIOS[$api]} | median)" "${CPURATIOS[$api]}"
done
