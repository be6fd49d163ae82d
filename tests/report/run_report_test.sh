#!/usr/bin/env bash
# ctest driver: runs the North East atlas and checks its report in headless
# Chromium. The data mirror is $NHOOD_DATA_DIR, else the CMake default given
# as the fourth argument; without it the test fails, saying where it looked.
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
"$nhood" atlas --config "$source_dir/examples/atlas-north-east.toml" --data-dir "$data" --output "$out" 2>"$out/atlas.log"
cd "$source_dir"
node tests/report/check_report.mjs "$out/report.html" "$out/report_screenshot.png"
