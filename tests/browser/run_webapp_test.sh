#!/usr/bin/env bash
# ctest driver for the link web app in headless Chromium: seeds a small demo
# service (real North East postcodes from the data mirror) into a fresh store,
# starts `nhood serve` on a free loopback port, and runs webapp_flow.mjs
# against it. Screenshots land in OUT.
#
#   run_webapp_test.sh [--store sqlite|postgres] NHOOD SOURCE_DIR OUT [DATA_DIR]
#
# --store sqlite (the default) seeds OUT/link.db. --store postgres starts a
# private PostgreSQL 15 (initdb + pg_ctl from /usr/lib/postgresql/15/bin, or
# $NHOOD_PG_BIN, on a temporary directory and a free loopback port; as root,
# the tools run as the `postgres` user on a directory it owns) and seeds it.
# The server and PostgreSQL are stopped and the directory removed on exit,
# pass or fail. Never skips: fails, saying what it looked for, when the data
# mirror or the PostgreSQL binaries are missing.
set -euo pipefail
store=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store="${2:-}"; shift 2 || { echo "--store needs sqlite or postgres" >&2; exit 2; };;
    --store=*) store="${1#--store=}"; shift;;
    --) shift; break;;
    -*) echo "unknown option $1 (usage: $0 [--store sqlite|postgres] NHOOD SOURCE_DIR OUT [DATA_DIR])" >&2; exit 2;;
    *) break;;
  esac
done
case "$store" in
  sqlite|postgres) ;;
  *) echo "--store must be sqlite or postgres, not '$store'" >&2; exit 2;;
esac
[ $# -ge 3 ] || { echo "usage: $0 [--store sqlite|postgres] NHOOD SOURCE_DIR OUT [DATA_DIR]" >&2; exit 2; }
nhood="$1"; source_dir="$2"; out="$3"; default_data="${4:-$source_dir/../shared/data}"
data="${NHOOD_DATA_DIR:-$default_data}"
postcodes="$data/postcodes/north_east_live_postcodes.csv.gz"
if [ ! -f "$postcodes" ]; then
  from='the CMake cache variable NHOOD_DATA_DIR'; [ -n "${NHOOD_DATA_DIR:-}" ] && from='$NHOOD_DATA_DIR'
  echo "test data missing: looked for $postcodes; data directory $data (from $from)." \
       "Point the tests at the mirror: make test DATA_DIR=<mirror>/data" >&2
  exit 1
fi
rm -rf "$out"; mkdir -p "$out"

server=""; pgwork=""; pgbin="${NHOOD_PG_BIN:-/usr/lib/postgresql/15/bin}"; pg_running=0
as_postgres() {  # runs a PostgreSQL tool, as the postgres user when we are root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ "$pg_running" = 1 ]; then
    as_postgres "$pgbin/pg_ctl" -D "$pgwork/data" -w -m fast stop >>"$out/postgres.log" 2>&1 </dev/null || true
  fi
  if [ -n "$pgwork" ]; then
    [ -f "$pgwork/server.log" ] && cp "$pgwork/server.log" "$out/postgres-server.log" 2>/dev/null
    rm -rf "$pgwork"
  fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nothing listens on now (the kernel's choice).
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

if [ "$store" = postgres ]; then
  for tool in initdb pg_ctl postgres; do
    if [ ! -x "$pgbin/$tool" ]; then
      echo "PostgreSQL server binaries not found: $pgbin/$tool is missing; install the Debian package" \
           "postgresql-15 (scripts/debian-packages.txt, scripts/install-deps.sh) or set NHOOD_PG_BIN" >&2
      exit 1
    fi
  done
  pgwork="$(mktemp -d "${TMPDIR:-/tmp}/nhood-webapp-pg-XXXXXX")"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || {
      echo "running as root, and there is no 'postgres' user to run PostgreSQL as; install postgresql-15" >&2; exit 1; }
    chown postgres "$pgwork"
  fi
  as_postgres "$pgbin/initdb" -D "$pgwork/data" -U nhood --auth=trust -E UTF8 --no-locale --no-sync \
    >"$out/postgres.log" 2>&1 </dev/null || { cat "$out/postgres.log" >&2; echo "initdb failed" >&2; exit 1; }
  # The port is free when chosen; another process may take it before the
  # server binds it, so a failed start is tried again on a new port.
  for attempt in 1 2 3; do
    port="$(free_port)"
    if as_postgres "$pgbin/pg_ctl" -D "$pgwork/data" -l "$pgwork/server.log" -w -t 120 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $pgwork -c max_connections=50 -c shared_buffers=32MB" \
         start >>"$out/postgres.log" 2>&1 </dev/null; then
      pg_running=1; break
    fi
  done
  if [ "$pg_running" != 1 ]; then
    cat "$out/postgres.log" >&2; tail -20 "$pgwork/server.log" >&2 2>/dev/null || true
    echo "PostgreSQL did not start" >&2; exit 1
  fi
  db="postgresql://nhood@127.0.0.1:$port/postgres"
else
  db="$out/link.db"
fi
echo "store: $store ($db)" >"$out/store.txt"

password='browser-test-password'
if ! printf '%s' "$password" | "$nhood" link demo --db "$db" --residents 40 --postcodes "$postcodes" \
       --password-stdin >"$out/demo.log" 2>&1; then
  cat "$out/demo.log" >&2; echo "nhood link demo failed on $store" >&2; exit 1
fi
"$nhood" serve --db "$db" --listen 127.0.0.1:0 --threads 4 --postcodes "$postcodes" \
  >"$out/serve.out" 2>"$out/serve.log" </dev/null &
server=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$out/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; echo "nhood serve exited" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$out/serve.out" | head -1)
[ -n "$url" ] || { echo "nhood serve did not say where it listens" >&2; exit 1; }
cd "$source_dir"
timeout 240 node tests/browser/webapp_flow.mjs "$url" "$password" "$out" "$store" </dev/null
