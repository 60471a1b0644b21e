#!/usr/bin/env bash
# Server throughput for a queue page (100 rows, the busiest organisation's
# coordinator) with 1, 8 and 64 connections, on one and on two server
# processes over the same store. Needs wrk (Debian: wrk) and a release build.
#
#   benches/load.sh --store target/otklik-bench-1m.db
#   benches/load.sh --database postgres://…/bench
#
# Two processes: two wrk runs at once, one per process, each with half the
# connections; their requests per second are added up.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/otklik
store=("$@")
[ ${#store[@]} -eq 2 ] || { echo "usage: $0 --store PATH | --database URL" >&2; exit 2; }
duration="${LOAD_SECONDS:-10}"

# The coordinator of the organisation with the most messages, and a token.
pick="SELECT c.org_id || ' ' || min(a.email) FROM org_status_counts c
      JOIN accounts a ON a.org_id = c.org_id
      WHERE (a.roles & 2) <> 0 AND a.status = 'confirmed'
      GROUP BY c.org_id ORDER BY sum(c.n) DESC, c.org_id LIMIT 1"
if [ "${store[0]}" = --database ]; then
    read -r org email < <(psql -Atq "${store[1]}" -c "$pick")
else
    read -r org email < <(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "${store[1]}" "$pick")
fi
token=$("$bin" "${store[@]}" token issue "$email")
LOAD_ORG=$org
path="/api/v1/messages?org=${LOAD_ORG}&limit=100"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for port in 18181 18182; do
    "$bin" "${store[@]}" serve --listen "127.0.0.1:$port" 2>/dev/null &
    pids+=($!)
done
for port in 18181 18182; do
    until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.1; done
done

rate() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
echo "connections | one process: req/s (p99) | two processes: req/s"
for c in 1 8 64; do
    one=$(wrk -t1 -c"$c" -d"${duration}s" --latency -H "Authorization: Bearer $token" \
        "http://127.0.0.1:18181$path")
    half=$(( c > 1 ? c / 2 : 1 ))
    wrk -t1 -c"$half" -d"${duration}s" -H "Authorization: Bearer $token" \
        "http://127.0.0.1:18181$path" | rate >/tmp/otklik-load-a &
    first=$!
    wrk -t1 -c"$half" -d"${duration}s" -H "Authorization: Bearer $token" \
        "http://127.0.0.1:18182$path" | rate >/tmp/otklik-load-b
    wait "$first"
    two=$(awk '{s += $1} END {printf "%.0f", s}' /tmp/otklik-load-a /tmp/otklik-load-b)
    echo "$c | $(echo "$one" | rate) ($(echo "$one" | p99)) | $two"
done
