#!/usr/bin/env bash
# Page speed of the web app on the link load set: 50,000 residents and
# ~490,000 contacts seeded by `nhood link demo` into SQLite (or, with
# --postgres, into a private PostgreSQL started here: initdb + pg_ctl on a
# temporary directory, as bench/link/run.sh does), `nhood serve` on
# loopback, then bench/link/pages.mjs times the caseload, the resident
# timeline (as worker1) and the manager dashboard, one request at a time.
#   bash bench/link/pages.sh [--nhood build/nhood] [--n 200] [--db EXISTING.db | --postgres]
# --db reuses a seeded store (a SQLite file or a postgresql:// URI) and
# skips the seeding. Needs the data mirror's postcodes (DATA_DIR, default
# ../shared/data). Ends with the load average: measure on a quiet machine,
# the figures depend on everything else running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$here/../.."
nhood="$root/build/nhood"; n=200; db=""; postgres=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nhood) nhood="$2"; shift 2;;
    --n) n="$2"; shift 2;;
    --db) db="$2"; shift 2;;
    --postgres) postgres=1; shift;;
    *) echo "usage: $0 [--nhood PATH] [--n N] [--db EXISTING.db | --postgres]" >&2; exit 2;;
  esac
done
password='bench-password-1'
work="$(mktemp -d)"; server=""; pgdata=""; pgbin=""
pg() {  # runs a PostgreSQL tool as the postgres user when root (initdb refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$pgdata" ] && pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
store=sqlite
if [ "$postgres" = 1 ]; then
  store=postgresql
  if [ -z "$db" ]; then
    pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    pgdata="$work/pg"; port=$(( 20000 + RANDOM % 20000 ))
    mkdir -p "$pgdata"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pgdata" "$work"; chmod 755 "$work"; fi
    pg "$pgbin/initdb" -D "$pgdata" -U nhood --auth=trust >/dev/null
    pg "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -l "$pgdata/log" -w start >/dev/null
    db="postgresql://nhood@127.0.0.1:$port/postgres"
    seed=1
  fi
fi
if [ -z "$db" ] || [ "${seed:-0}" = 1 ]; then
  data="${DATA_DIR:-$root/../shared/data}"
  postcodes="$data/postcodes/north_east_live_postcodes.csv.gz"
  [ -f "$postcodes" ] || { echo "bench/link: missing $postcodes (set DATA_DIR)" >&2; exit 1; }
  [ -n "$db" ] || db="$work/link.db"
  echo "== seeding 50,000 residents ($store)" >&2
  printf '%s' "$password" | "$nhood" link demo --db "$db" --residents 50000 --postcodes "$postcodes" --password-stdin >&2
fi
"$nhood" serve --db "$db" --listen 127.0.0.1:0 --threads 8 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
node "$here/pages.mjs" --url "$url" --password "$password" --n "$n" --store "$store"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
