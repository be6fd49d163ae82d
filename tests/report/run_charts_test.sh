#!/usr/bin/env bash
# ctest driver (ChartsInChromium): writes the survey demo report, the DiD
# report of examples/did-left-behind.toml, the SROI report of
# examples/sroi-example.toml and a hand-made page of every
# chart kind, then checks each in headless Chromium (check_charts.mjs). The
# data mirror is $NHOOD_DATA_DIR, else the CMake default given as the fifth
# argument; without it the test fails, saying where it looked.
set -euo pipefail
nhood="$1"; chart_page="$2"; source_dir="$3"; out="$4"; default_data="${5:-$source_dir/../shared/data}"
data="${NHOOD_DATA_DIR:-$default_data}"
need="$data/census/census2011_QS302EW_general_health_lsoa11.csv"
if [ ! -f "$need" ]; then
  from='the CMake cache variable NHOOD_DATA_DIR'; [ -n "${NHOOD_DATA_DIR:-}" ] && from='$NHOOD_DATA_DIR'
  echo "test data missing: looked for $need; data directory $data (from $from)." \
       "Point the tests at the mirror: make test DATA_DIR=<mirror>/data" >&2
  exit 1
fi
rm -rf "$out"; mkdir -p "$out/survey"
"$nhood" survey demo --seed 1 --output "$out/survey/demo.csv" --codebook-out "$out/survey/demo.toml" 2>"$out/survey.log"
"$nhood" survey report --input "$out/survey/demo.csv" --codebook "$out/survey/demo.toml" \
  --benchmarks "$source_dir/data/benchmarks/community_life_survey.csv" --output "$out/survey/report" 2>>"$out/survey.log"
"$nhood" did --config "$source_dir/examples/did-left-behind.toml" --data-dir "$data" --output "$out/did" 2>"$out/did.log"
mkdir -p "$out/sroi"
"$nhood" value sroi --config "$source_dir/examples/sroi-example.toml" -o "$out/sroi/chain.csv" \
  --report "$out/sroi/report.html" 2>"$out/sroi.log"
"$chart_page" "$out/chart_kinds.html"
cd "$source_dir"
node tests/report/check_charts.mjs "$out" \
  "survey=$out/survey/report/report.html" "did=$out/did/report.html" "sroi=$out/sroi/report.html" "kinds=$out/chart_kinds.html:unknown-kind"
