#!/usr/bin/env bash
# ctest DemoPrintsOnlyFilesItWrote: runs scripts/demo.sh (what `make demo`
# runs) into a fresh directory and checks that
#   - it succeeds and writes the North East atlas reports (2019 and 2025);
#   - every path under the output directory that it prints exists;
#   - its closing "Look at:" list is not empty.
# The data mirror is $NHOOD_DATA_DIR, else the CMake default (third argument).
# Usage: demo_test.sh NHOOD SOURCE_DIR DEFAULT_DATA_DIR WORK_DIR
set -uo pipefail
nhood="$1"; source_dir="$2"; data="${NHOOD_DATA_DIR:-$3}"; work="$4"
if [ ! -d "$data" ]; then
  echo "test data missing: looked for $data (\$NHOOD_DATA_DIR, else the CMake cache variable NHOOD_DATA_DIR)" >&2
  exit 1
fi
rm -rf "$work"; mkdir -p "$work"
out="$work/out"
log="$work/demo.log"
NHOOD_DEMO_OUT="$out" bash "$source_dir/scripts/demo.sh" "$nhood" "$data" >"$log" 2>&1 </dev/null
rc=$?
problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }
[ "$rc" -eq 0 ] || { tail -20 "$log"; problem "scripts/demo.sh exited $rc (log: $log)"; }
# Every path the demo printed under its output directory, with any trailing
# punctuation of the sentence it sits in removed.
mapfile -t printed < <(grep -o "$out/[^ '\"]*" "$log" | sed 's/[;:,.)]*$//' | sort -u)
echo "${#printed[@]} distinct paths printed"
for p in "${printed[@]}"; do
  [ -e "$p" ] || problem "printed but missing: $p"
done
# The closing list.
mapfile -t listed < <(sed -n '/^Look at:$/,$p' "$log" | sed -n 's/^  \([^ ]*\) .*/\1/p')
echo "${#listed[@]} paths in the closing list"
[ "${#listed[@]}" -gt 0 ] || problem "the closing 'Look at:' list is empty"
for p in "${listed[@]}"; do
  [ -e "$p" ] || problem "listed but missing: $p"
done
for want in "$out/atlas_north_east/report.html" "$out/atlas_north_east/atlas.gpkg" \
            "$out/atlas_north_east_2025/report.html" "$out/atlas_north_east_2025/neighbourhoods.csv"; do
  printf '%s\n' "${listed[@]}" | grep -qxF "$want" || problem "the closing list lacks $want"
  [ -s "$want" ] || problem "the demo did not write $want"
done
if [ "$problems" -ne 0 ]; then
  echo "$problems problems (log: $log)"
  exit 1
fi
echo "OK: the demo wrote every file it printed"
