#!/usr/bin/env bash
# The link service under load (issue 9's "Must show"): 50,000 residents and
# ~490,000 contacts seeded by `nhood link demo`, then 64 concurrent
# authenticated clients on loopback reading caseloads and writing contacts
# (bench/link/load.mjs), on SQLite and, with --postgres, on a private
# PostgreSQL started here (initdb + pg_ctl on a temporary directory).
#   bash bench/link/run.sh [--nhood build/nhood] [--seconds 20] [--clients 64] [--repeat 1] [--postgres]
# Needs the data mirror's postcodes (DATA_DIR, default ../shared/data).
# Ends with a table: each store and phase, requests/s, p50/p99 latency,
# errors and whether the issue's target is met (2,000 caseload reads/s and
# 300 contact writes/s, p99 under 100 ms, zero errors). The load client
# (node) runs on the same 2 cores as the server, as the issue's setting has it.
# Measure on a quiet machine: the figures depend on everything else running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$here/../.."
nhood="$root/build/nhood"; seconds=20; clients=64; postgres=0; repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --nhood) nhood="$2"; shift 2;;
    --seconds) seconds="$2"; shift 2;;
    --clients) clients="$2"; shift 2;;
    --repeat) repeat="$2"; shift 2;;
    --postgres) postgres=1; shift;;
    *) echo "usage: $0 [--nhood PATH] [--seconds N] [--clients N] [--repeat N] [--postgres]" >&2; exit 2;;
  esac
done
data="${DATA_DIR:-$root/../shared/data}"
postcodes="$data/postcodes/north_east_live_postcodes.csv.gz"
[ -f "$postcodes" ] || { echo "bench/link: missing $postcodes (set DATA_DIR)" >&2; exit 1; }
work="$(mktemp -d)"; server=""; pgdata=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  if [ -n "$pgdata" ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

results="$work/results.jsonl"
run_one() {  # $1 = label, $2 = --db value
  echo "== $1: seeding 50,000 residents" >&2
  "$nhood" link demo --db "$2" --residents 50000 --postcodes "$postcodes" >&2
  for run in $(seq "$repeat"); do
    "$nhood" serve --db "$2" --listen 127.0.0.1:0 --threads 8 >"$work/serve.out" 2>"$work/serve.err" &
    server=$!
    for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
    port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")"
    [ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
    echo "== $1 run $run/$repeat: $clients clients, ${seconds}s per phase" >&2
    timeout $((seconds * 4 + 120)) node "$here/load.mjs" --url "http://127.0.0.1:$port" --clients "$clients" \
      --seconds "$seconds" | tr -d '\n' | sed "s/^{/{\"store\": \"$1\", \"run\": $run,/" >>"$results"
    echo >>"$results"
    kill "$server"; wait "$server" || true; server=""
  done
}

run_one sqlite "$work/link.db"
if [ "$postgres" = 1 ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pgdata="$work/pg"; port=$(( 20000 + RANDOM % 20000 ))
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$pgdata"; chown postgres "$pgdata" "$work"; chmod 755 "$work"
    runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -U nhood --auth=trust >/dev/null
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -l "$pgdata/log" -w start >/dev/null
  else
    "$pgbin/initdb" -D "$pgdata" -U nhood --auth=trust >/dev/null
    "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -l "$pgdata/log" -w start >/dev/null
  fi
  run_one postgresql "postgresql://nhood@127.0.0.1:$port/postgres"
fi

# The table.
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const target = {"caseload reads": 2000, "contact writes": 300};
console.log(`load: ${rows[0].clients} clients on loopback, ${rows[0].seconds} s per phase, 50,000 residents; ` +
            `load average at the end ${require("os").loadavg()[0].toFixed(1)} (other work on the machine skews these)`);
console.log("| store | run | phase | requests/s | p50 ms | p99 ms | errors | target met |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) for (const p of r.results) {
  const met = p.per_second >= target[p.phase] && p.p99_ms < 100 && p.errors === 0;
  console.log(`| ${r.store} | ${r.run} | ${p.phase} | ${p.per_second} | ${p.p50_ms} | ${p.p99_ms} | ${p.errors} | ` +
              `${met ? "yes" : "no"} (>= ${target[p.phase]}/s, p99 < 100 ms, 0 errors) |`);
}' "$results"
