#!/usr/bin/env bash
# ctest driver for the atlas explorer in headless Chromium: runs the North
# East atlas, starts `nhood serve --atlas` on a free loopback port (no --db),
# and runs explorer.mjs against it; screenshots and the timing line stay in
# OUT. The data mirror is $NHOOD_DATA_DIR, else the CMake default given as
# the fourth argument; without it the test fails, saying where it looked.
set -euo pipefail
nhood="$1"; source_dir="$2"; out="$3"; default_data="${4:-$source_dir/../shared/data}"
data="${NHOOD_DATA_DIR:-$default_data}"
need="$data/boundaries/lsoa11_england_generalised.geojson"
if [ ! -f "$need" ]; then
  from='the CMake cache variable NHOOD_DATA_DIR'; [ -n "${NHOOD_DATA_DIR:-}" ] && from='$NHOOD_DATA_DIR'
  echo "test data missing: looked for $need; data directory $data (from $from)." \
       "Point the tests at the mirror: make test DATA_DIR=<mirror>/data" >&2
  exit 1
fi
rm -rf "$out"; mkdir -p "$out"
"$nhood" atlas --config "$source_dir/examples/atlas-north-east.toml" --data-dir "$data" --output "$out/ne" \
  2>"$out/atlas.log"
"$nhood" serve --atlas "$out/ne" --listen 127.0.0.1:0 >"$out/serve.out" 2>"$out/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$out/serve.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; echo "nhood serve exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$port" ] || { cat "$out/serve.log" >&2; echo "nhood serve did not start in 60 s" >&2; exit 1; }
cd "$source_dir"
node tests/browser/explorer.mjs "http://127.0.0.1:$port" "$out"
