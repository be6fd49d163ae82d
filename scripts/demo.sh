#!/usr/bin/env bash
# `make demo`: the share of residents in bad or very bad health for every
# English LSOA 2021 (Census 2021 TS037), with 95% and 99.8% Wilson intervals
# and the Fingertips comparison with England (method 17), as CSV and XLSX;
# hot spots of bad health (LSOA 2021) and of the IMD 2019 health domain
# (LSOA 2011); the North East neighbourhood atlas, on the 2019 vintage
# (examples/atlas-north-east.toml) and the 2025 one
# (examples/atlas-north-east-2025.toml); the evaluation jobs (a seeded
# synthetic survey against the shipped benchmarks, the left-behind census
# DiD, the WELLBY example and an SROI); then it seeds the link service's demo
# store (residents weighted by the 2019 atlas) and prints the command that
# serves it with both atlases in the explorer (http://127.0.0.1:8080/atlas/;
# it starts nothing long-running). It ends with the list of what it
# wrote, built from the files that exist (tests/demo_test.sh checks every path).
#
# Usage: scripts/demo.sh [NHOOD [DATA_DIR]]; output in $NHOOD_DEMO_OUT
# (default out/demo).
set -euo pipefail
nhood="${1:-build/nhood}"
data_dir="${2:-../shared/data}"
out_dir="${NHOOD_DEMO_OUT:-out/demo}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
examples="$repo/examples"
input="$data_dir/census/census2021_TS037_general_health_lsoa21.csv"
if [ ! -f "$input" ]; then
  echo "demo: $input not found. Point DATA_DIR at a data mirror (make demo DATA_DIR=...)" >&2
  echo "      or fetch it: $nhood data get census2021-ts037 --data-dir $data_dir" >&2
  exit 1
fi
mkdir -p "$out_dir"
echo "== Data catalogue check"
"$nhood" data check --data-dir "$data_dir" census2021-ts037 || true
for ext in csv xlsx; do
  echo "== Bad or very bad health, English LSOAs 2021 -> $out_dir/bad_health_lsoa21.$ext"
  "$nhood" indicators proportion \
    --input "$input" --where 'code^=E01' \
    --numerator bad+very_bad --denominator all \
    --confidence 0.95,0.998 \
    --benchmark england --benchmark-method ci95_998 --polarity low_is_good \
    --output "$out_dir/bad_health_lsoa21.$ext"
done
echo "== Hot spots of bad or very bad health (EB-smoothed rate), LSOA 2021 -> $out_dir/hotspots_bad_health_lsoa21.gpkg"
"$nhood" hotspots --areas "$data_dir/boundaries/lsoa21_england_generalised.geojson" --areas-id lsoa21_code \
  --data "$input" --id code --numerator bad+very_bad --denominator all --smooth eb --fdr 0.05 \
  --output "$out_dir/hotspots_bad_health_lsoa21.gpkg"
echo "== Hot spots of the IMD 2019 health domain, LSOA 2011 -> $out_dir/hotspots_imd_health_lsoa11.gpkg"
"$nhood" hotspots --areas "$data_dir/boundaries/lsoa11_england_generalised.geojson" --areas-id lsoa11_code \
  --data "$data_dir/imd2019/IoD2019_File9_Transformed_Scores.csv" --id "LSOA code (2011)" \
  --value "Health Score - exponentially transformed" --fdr 0.05 \
  --output "$out_dir/hotspots_imd_health_lsoa11.gpkg"
echo "== The North East neighbourhood atlas (examples/atlas-north-east.toml) -> $out_dir/atlas_north_east"
"$nhood" atlas --config "$examples/atlas-north-east.toml" --data-dir "$data_dir" \
  --output "$out_dir/atlas_north_east"
echo "== The North East atlas on the 2025 vintage (examples/atlas-north-east-2025.toml: LSOA 2021, IMD 2025, CNI 2023) -> $out_dir/atlas_north_east_2025"
"$nhood" atlas --config "$examples/atlas-north-east-2025.toml" --data-dir "$data_dir" \
  --output "$out_dir/atlas_north_east_2025"
echo "== Evaluate: a seeded synthetic resident survey (nhood survey demo: ~3,000 respondents, 15 projects, 2 waves)" \
  "scored and set against the shipped Community Life Survey benchmarks -> $out_dir/survey"
"$nhood" survey demo --seed 1 --output "$out_dir/survey_demo.csv" --codebook-out "$out_dir/survey_demo.toml"
"$nhood" survey report --input "$out_dir/survey_demo.csv" --codebook "$out_dir/survey_demo.toml" \
  --benchmarks "$repo/data/benchmarks/community_life_survey.csv" --output "$out_dir/survey"
echo "== Evaluate: Census 2011 -> 2021 health in the 225 left-behind wards against England, similarly deprived" \
  "and matched areas (examples/did-left-behind.toml) -> $out_dir/did"
"$nhood" did --config "$examples/did-left-behind.toml" --data-dir "$data_dir" --output "$out_dir/did"
echo "== Evaluate: the Green Book WELLBY example and an SROI with its sensitivity (examples/sroi-example.toml)"
"$nhood" value wellby --people 1 --ls-change 0.2 --years 1 -o "$out_dir/wellby.csv"
"$nhood" value sroi --config "$examples/sroi-example.toml" -o "$out_dir/sroi.csv" --report "$out_dir/sroi.html"
echo "== The link service's demo store, residents weighted by that atlas -> $out_dir/link-demo.db"
rm -f "$out_dir/link-demo.db" "$out_dir/link-demo.db-wal" "$out_dir/link-demo.db-shm"  # the demo seeds an empty store
"$nhood" link demo --db "$out_dir/link-demo.db" --seed 1 --data-dir "$data_dir" \
  --atlas "$out_dir/atlas_north_east" >"$out_dir/link-demo.txt"
grep -v '^start it with' "$out_dir/link-demo.txt"
rm -f "$out_dir/link-demo.txt"

# The closing list: only files that exist, each with its provenance record
# when there is one. A file the demo should have written and did not is an
# error, not a line pointing at nothing.
missing=0
look() {
  local file="$1"; shift
  if [ ! -e "$file" ]; then
    echo "demo: expected $file, which was not written" >&2
    missing=1
    return
  fi
  echo "  $file   ($*)"
  if [ -e "$file.provenance.json" ]; then
    echo "  $file.provenance.json   (how it was made: command, inputs, options, version)"
  fi
}
echo
echo "Summary: 'Worst' and 'Worse' LSOAs are significantly worse than England (outside its"
echo "99.8% and 95% intervals); 'Best' and 'Better' significantly better (Fingertips method 17)."
echo "Look at:"
look "$out_dir/bad_health_lsoa21.csv" "open in Excel, R or QGIS; join on 'code'"
look "$out_dir/bad_health_lsoa21.xlsx" "the same table for Excel"
look "$out_dir/hotspots_bad_health_lsoa21.gpkg" "QGIS: colour by cluster; ogrinfo -so -al FILE lists the fields"
look "$out_dir/hotspots_imd_health_lsoa11.gpkg" "QGIS, as above"
look "$out_dir/atlas_north_east/report.html" "the atlas report: open in a browser, works offline"
look "$out_dir/atlas_north_east/atlas.gpkg" "layers lsoas and neighbourhoods; QGIS"
look "$out_dir/atlas_north_east/priority.csv" "neighbourhoods ranked by risk, with tiers"
look "$out_dir/atlas_north_east/neighbourhoods.csv" "every neighbourhood's profile"
look "$out_dir/atlas_north_east/lsoas.csv" "every LSOA with its neighbourhood, deprivation and hot-spot cluster"
look "$out_dir/atlas_north_east_2025/report.html" "the 2025 atlas: named neighbourhoods, age-standardised health (England = 100)"
look "$out_dir/atlas_north_east_2025/neighbourhoods.csv" "name, *_sr and *_sdr ratios with 95% intervals, IMD 2019 -> 2025 change"
look "$out_dir/atlas_north_east_2025/health_by_disadvantage.csv" "doubly disadvantaged vs other equally deprived vs the rest"
look "$out_dir/atlas_north_east_2025/double_disadvantage_confusion.csv" "our 2025 flag against OCSI's 2023 left-behind LSOAs"
look "$out_dir/atlas_north_east_2025/imd_change.csv" "neighbourhoods that moved most into / out of the most deprived decile"
look "$out_dir/survey/report.html" "the survey evaluation: benchmarks, waves, panel, models, mediation (Observable Plot)"
look "$out_dir/survey/benchmarks.csv" "each item against each benchmark: difference, 95% interval, BH-adjusted p"
look "$out_dir/did/report.html" "the census difference-in-differences with its balance table"
look "$out_dir/did/did.csv" "DiD against England, similarly deprived and matched areas, bootstrap 95% intervals"
look "$out_dir/did/balance.csv" "standardised mean differences before and after matching"
look "$out_dir/wellby.csv" "0.2 life-satisfaction points for a year: central, low, high in pounds"
look "$out_dir/sroi.html" "the SROI adjustment chain, sensitivity table and tornado chart"
look "$out_dir/link-demo.db" "the link service's demo store (SQLite); serve it with the command below"
if [ -e "$out_dir/link-demo.db" ]; then
  echo
  echo "Start the link service on the demo store, with the atlas explorer on both North East atlases"
  echo "(docs/api.md; every demo user's password: nhood-demo-password):"
  # One line, unindented (the closing list's lines are the indented ones);
  # tests/demo_test.sh runs it on a free port.
  echo "$nhood serve --db $out_dir/link-demo.db --atlas $out_dir/atlas_north_east_2025" \
    "--atlas $out_dir/atlas_north_east --listen 127.0.0.1:8080" \
    "--postcodes $data_dir/postcodes/north_east_live_postcodes.csv.gz" \
    "--lsoa-boundaries $data_dir/boundaries/lsoa21_england_generalised.geojson"
  echo "then open http://127.0.0.1:8080/atlas/ (the 2025 atlas; the 2019 one is ?atlas=atlas-north-east;"
  echo "profiles show how many of the service's residents live in each neighbourhood, 5 or more only)"
  echo "and http://127.0.0.1:8080/ for the link service."
fi
exit "$missing"
