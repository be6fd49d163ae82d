#!/usr/bin/env bash
# The link service under load (issue 9's "Must show"): 50,000 residents and
# ~490,000 contacts seeded by `nhood link demo`, then 64 concurrent
# authenticated clients on loopback reading caseloads and writing contacts
# (bench/link/load.mjs), on SQLite and, with --postgres, on a private
# PostgreSQL started here (initdb + pg_ctl on a temporary directory).
#   bash bench/link/run.sh [--nhood build/nhood] [--seconds 20] [--clients 64] [--postgres]
# Needs the data mirror's postcodes (DATA_DIR, default ../shared/data).
# Measure on a quiet machine: the figures depend on everything else running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$here/../.."
nhood="$root/build/nhood"; seconds=20; clients=64; postgres=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nhood) nhood="$2"; shift 2;;
    --seconds) seconds="$2"; shift 2;;
    --clients) clients="$2"; shift 2;;
    --postgres) postgres=1; shift;;
    *) echo "usage: $0 [--nhood PATH] [--seconds N] [--clients N] [--postgres]" >&2; exit 2;;
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

run_one() {  # $1 = label, $2 = --db value
  echo "== $1: seeding 50,000 residents" >&2
  "$nhood" link demo --db "$2" --residents 50000 --postcodes "$postcodes" >&2
  "$nhood" serve --db "$2" --listen 127.0.0.1:0 --threads 8 >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")"
  [ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
  echo "== $1: $clients clients, ${seconds}s per phase" >&2
  timeout $((seconds * 4 + 120)) node "$here/load.mjs" --url "http://127.0.0.1:$port" --clients "$clients" \
    --seconds "$seconds" | sed "s/^{/{\"store\": \"$1\",/"
  kill "$server"; wait "$server" || true; server=""
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
