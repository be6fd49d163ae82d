#!/usr/bin/env bash
# ctest driver: runs the North East atlas and checks its report in headless
# Chromium. Skips (exit 77) when the shared data mirror is absent.
set -euo pipefail
nhood="$1"; source_dir="$2"; out="$3"
data="${NHOOD_SHARED_DIR:-$source_dir/../shared}/data"
if [ ! -f "$data/boundaries/lsoa11_england_generalised.geojson" ]; then
  echo "no shared data at $data: skipped"; exit 77
fi
rm -rf "$out"; mkdir -p "$out"
"$nhood" atlas --config "$source_dir/examples/atlas-north-east.toml" --data-dir "$data" --output "$out" 2>"$out/atlas.log"
cd "$source_dir"
node tests/report/check_report.mjs "$out/report.html" "$out/report_screenshot.png"
