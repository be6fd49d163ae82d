#!/usr/bin/env bash
# bench/explorer/run.sh: the atlas explorer on all of England. Builds the
# England atlas (examples/atlas-england.toml; or reuses ATLAS_DIR), starts
# `nhood serve --atlas` on a free loopback port, prints the load time and
# peak memory, then runs bench.mjs: profile JSON latency (p50/p95 over
# random neighbourhoods; target p95 < 20 ms), the England neighbourhood
# layer at low zoom (target < 200 ms) and the map's first paint in headless
# Chromium (target < 2 s), each over several runs, and each against its
# target as a ratio (measured / target). The layer is timed gzipped (as
# browsers ask for it) and plain. Timings on a shared
# machine are disturbed by other work: run it on a quiet one.
#   bash bench/explorer/run.sh            # builds the atlas into a temporary directory
#   ATLAS_DIR=out/england bash bench/explorer/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
build="${BUILD:-$root/build}"
work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
atlas="${ATLAS_DIR:-}"
if [ -z "$atlas" ]; then
  atlas="$work/england"
  echo "building the England atlas into $atlas ..."
  "$build/nhood" atlas --config "$root/examples/atlas-england.toml" --data-dir "$data" --output "$atlas" 2>"$work/atlas.log"
fi
/usr/bin/time -f "serve: wall %e s, CPU %U s user + %S s system, peak RSS %M kB" \
  "$build/nhood" serve --atlas "$atlas" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/serve.out")
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; echo "nhood serve did not start" >&2; exit 1; }
grep '^nhood: atlas' "$work/serve.log"
echo "RSS after load: $(ps -o rss= -p "$(pgrep -P "$server" nhood || echo "$server")" | tr -d ' ') kB"
cd "$root"
node bench/explorer/bench.mjs "http://127.0.0.1:$port"
