#!/usr/bin/env bash
# Page speed of the web app on the link load set: 50,000 residents and
# ~490,000 contacts seeded by `nhood link demo` into SQLite, `nhood serve` on
# loopback, then bench/link/pages.mjs times the caseload, the resident
# timeline (as worker1) and the manager dashboard, one request at a time.
#   bash bench/link/pages.sh [--nhood build/nhood] [--n 200] [--db EXISTING.db]
# Needs the data mirror's postcodes (DATA_DIR, default ../shared/data).
# Measure on a quiet machine: the figures depend on everything else running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$here/../.."
nhood="$root/build/nhood"; n=200; db=""
while [ $# -gt 0 ]; do
  case "$1" in
    --nhood) nhood="$2"; shift 2;;
    --n) n="$2"; shift 2;;
    --db) db="$2"; shift 2;;
    *) echo "usage: $0 [--nhood PATH] [--n N] [--db EXISTING.db]" >&2; exit 2;;
  esac
done
password='bench-password-1'
work="$(mktemp -d)"; server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$db" ]; then
  data="${DATA_DIR:-$root/../shared/data}"
  postcodes="$data/postcodes/north_east_live_postcodes.csv.gz"
  [ -f "$postcodes" ] || { echo "bench/link: missing $postcodes (set DATA_DIR)" >&2; exit 1; }
  db="$work/link.db"
  echo "== seeding 50,000 residents" >&2
  printf '%s' "$password" | "$nhood" link demo --db "$db" --residents 50000 --postcodes "$postcodes" --password-stdin >&2
fi
"$nhood" serve --db "$db" --listen 127.0.0.1:0 --threads 8 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
node "$here/pages.mjs" --url "$url" --password "$password" --n "$n"
