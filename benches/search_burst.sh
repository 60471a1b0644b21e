#!/usr/bin/env bash
# Eight curators searching a short word over the city's whole subtree at
# once, through one server, while a coordinator pages her queue beside
# them; then how much the server still works once they have gone (a search
# nobody waits for is cancelled). Needs wrk and a release build.
#
#   benches/search_burst.sh target/otklik-bench-1m.db
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/otklik
store=${1:-target/otklik-bench-1m.db}
duration="${LOAD_SECONDS:-10}"
port=18191

curator=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(
  "SELECT email FROM accounts WHERE roles & 16 != 0 AND status = '"'"'confirmed'"'"' AND org_id = 2 LIMIT 1").fetchone()[0])' "$store")
read -r org coordinator < <(python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(
  "SELECT c.org_id, min(a.email) FROM org_status_counts c JOIN accounts a ON a.org_id = c.org_id "
  "WHERE (a.roles & 2) <> 0 AND a.status = '"'"'confirmed'"'"' GROUP BY c.org_id ORDER BY sum(c.n) DESC, c.org_id LIMIT 1").fetchone())' "$store")
search_token=$("$bin" --store "$store" token issue "$curator")
queue_token=$("$bin" --store "$store" token issue "$coordinator")

"$bin" --store "$store" serve --listen "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.1; done

search="/api/v1/messages?org=2&subtree=true&text=%D0%BE%D1%82&limit=25"
queue="/api/v1/messages?org=${org}&limit=100"
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
summary() { awk '/Requests\/sec/ {r=$2} / 50%/ {m=$2} / 99%/ {p=$2} END {print r " req/s, median " m ", p99 " p}'; }

echo "the coordinator alone: $(wrk -t1 -c1 -d"${duration}s" --latency -H "Authorization: Bearer $queue_token" "http://127.0.0.1:$port$queue" | summary)"
wrk -t2 -c8 -d"${duration}s" --latency -H "Authorization: Bearer $search_token" \
    "http://127.0.0.1:$port$search" | summary >/tmp/otklik-burst-search &
searching=$!
beside=$(wrk -t1 -c1 -d"${duration}s" --latency -H "Authorization: Bearer $queue_token" "http://127.0.0.1:$port$queue" | summary)
wait $searching
left=$(cpu)
sleep 3
after=$(cpu)
echo "eight curators searching «от» over the city: $(cat /tmp/otklik-burst-search)"
echo "the coordinator meanwhile: $beside"
echo "server CPU in the 3 s after they left: $(( (after - left) * 10 )) ms"
