#!/usr/bin/env bash
# ctest driver for the link web app in headless Chromium: seeds a small demo
# service into a fresh SQLite store (real North East postcodes from the data
# mirror), starts `nhood serve` on a free loopback port, and runs
# webapp_flow.mjs against it. Screenshots land in OUT. Fails, saying where it
# looked, when the data mirror is missing.
set -euo pipefail
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
password='browser-test-password'
printf '%s' "$password" | "$nhood" link demo --db "$out/link.db" --residents 40 --postcodes "$postcodes" \
  --password-stdin >"$out/demo.log" 2>&1
"$nhood" serve --db "$out/link.db" --listen 127.0.0.1:0 --threads 4 --postcodes "$postcodes" \
  >"$out/serve.out" 2>"$out/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$out/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; echo "nhood serve exited" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$out/serve.out" | head -1)
[ -n "$url" ] || { echo "nhood serve did not say where it listens" >&2; exit 1; }
cd "$source_dir"
timeout 240 node tests/browser/webapp_flow.mjs "$url" "$password" "$out"
