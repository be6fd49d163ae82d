#!/usr/bin/env bash
# ctest LinkDemoBadAtlasInput: `nhood link demo --atlas DIR` with a bad
# lsoas.csv stops with exit 1, naming the file, row and column, and creates
# no store; an --atlas that is not a directory is a usage error (2).
# Usage: link_demo_atlas_test.sh NHOOD DEFAULT_DATA_DIR WORK_DIR
set -uo pipefail
nhood="$1"; data="${NHOOD_DATA_DIR:-$2}"; work="$3"
if [ ! -d "$data/postcodes" ]; then
  echo "test data missing: looked for $data/postcodes (\$NHOOD_DATA_DIR, else the CMake default)" >&2
  exit 1
fi
rm -rf "$work"; mkdir -p "$work/atlas"
printf 'lsoa21_code,core20,double_disadvantage\nE01008397,true,false\nE01008705,maybe,false\n' >"$work/atlas/lsoas.csv"
fail=0
"$nhood" link demo --db "$work/demo.db" --data-dir "$data" --atlas "$work/atlas" 2>"$work/err.txt" >/dev/null
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc for a bad lsoas.csv, want 1"; fail=1; }
grep -q "lsoas.csv: row 2, column 'core20': 'maybe' is not true or false" "$work/err.txt" ||
  { echo "FAIL: the message does not name file, row and column:"; cat "$work/err.txt"; fail=1; }
[ ! -e "$work/demo.db" ] || { echo "FAIL: a store was created"; fail=1; }
printf 'lsoa21_code,core20\nE01008397,true\n' >"$work/atlas/lsoas.csv"
"$nhood" link demo --db "$work/demo.db" --data-dir "$data" --atlas "$work/atlas" 2>"$work/err.txt" >/dev/null
rc=$?
[ "$rc" -eq 1 ] && grep -q "no column 'double_disadvantage'" "$work/err.txt" ||
  { echo "FAIL: a missing column: exit $rc"; cat "$work/err.txt"; fail=1; }
"$nhood" link demo --db "$work/demo.db" --data-dir "$data" --atlas "$work/no-such-dir" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: exit $rc for a missing --atlas directory, want 2"; fail=1; }
[ ! -e "$work/demo.db" ] || { echo "FAIL: a store was created"; fail=1; }
[ "$fail" -eq 0 ] && echo "OK: bad --atlas input refused, nothing created"
exit "$fail"
