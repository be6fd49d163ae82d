#!/usr/bin/env bash
# ctest TestsFailWithoutData: with the data mirror and the reference outputs
# pointed at a path that does not exist,
#   - every test binary skips nothing, and those that need data fail, naming
#     the path they looked for (tests/support/data_dir.h);
#   - the Chromium report test and the demo test fail, naming the path;
#   - `make test` stops before building or running ctest, naming the path;
#   - no test source skips or finds its data other than by data_dir.h.
# Usage: fails_without_data.sh WORK_DIR SOURCE_DIR NHOOD TEST_BINARY...
set -uo pipefail
work="$1"; source_dir="$2"; nhood="$3"; shift 3
rm -rf "$work"; mkdir -p "$work"
missing="$work/no-such-mirror"
export NHOOD_DATA_DIR="$missing/data" NHOOD_REFERENCE_DIR="$missing/reference"
problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }
failing_binaries=0

for bin in "$@"; do
  name="$(basename "$bin")"
  log="$work/$name.log"
  "$bin" >"$log" 2>&1 </dev/null
  rc=$?
  # gtest's closing summary: "[  PASSED  ] 20 tests.", "[  FAILED  ] 3 tests,
  # listed below:", "[  SKIPPED ] 1 test, listed below:".
  count() { sed -n "s/^\\[  $1 *\\] \\([0-9]*\\) tests\\{0,1\\}[.,].*/\\1/p" "$log" | tail -1; }
  passed=$(count PASSED); failed=$(count FAILED); skipped=$(count SKIPPED)
  passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
  echo "$name: exit $rc, $passed passed, $failed failed, $skipped skipped without data"
  [ "$skipped" -eq 0 ] || problem "$name skipped $skipped tests without data (see $log)"
  if [ "$rc" -ne 0 ]; then
    failing_binaries=$((failing_binaries + 1))
    grep -q "test data missing: looked for $missing/" "$log" ||
      problem "$name failed without naming the missing path $missing (see $log)"
    [ "$failed" -gt 0 ] || problem "$name exited $rc without a failed test (see $log)"
  fi
done
[ "$failing_binaries" -gt 0 ] || problem "no test binary failed without its data"

# The sources: no test may skip (GTEST_SKIP, ctest SKIP_RETURN_CODE) or find
# its data any other way than tests/support/data_dir.h (NHOOD_SHARED_DIR is
# no longer set).
hits="$(cd "$source_dir" && grep -rnE 'GTEST_SKIP|NHOOD_SHARED_DIR|SKIP_RETURN_CODE' \
          --include='*.cc' --include='*.h' --include='*.sh' --include='*.mjs' --include='CMakeLists.txt' \
          --include='*.cmake' src apps tests cmake bench 2>/dev/null | grep -v '^tests/support/fails_without_data.sh:')"
[ -z "$hits" ] || problem "tests that skip or bypass tests/support/data_dir.h:"$'\n'"$hits"

# The Chromium report test.
log="$work/report.log"
bash "$source_dir/tests/report/run_report_test.sh" "$nhood" "$source_dir" "$work/report" >"$log" 2>&1 </dev/null
rc=$?
echo "ReportInChromium driver: exit $rc"
[ "$rc" -ne 0 ] || problem "the report test passed without data"
grep -q "test data missing: looked for $missing/data/" "$log" || problem "the report test did not name $missing (see $log)"

# The demo test.
log="$work/demo.log"
bash "$source_dir/tests/demo_test.sh" "$nhood" "$source_dir" "$missing/data" "$work/demo" >"$log" 2>&1 </dev/null
rc=$?
echo "DemoPrintsOnlyFilesItWrote driver: exit $rc"
[ "$rc" -ne 0 ] || problem "the demo test passed without data"
grep -q "test data missing: looked for $missing/data" "$log" || problem "the demo test did not name $missing (see $log)"

# `make test DATA_DIR=<missing>`: must stop before it configures, builds or
# runs ctest. A cmake/ctest on PATH that only records being reached catches a
# Makefile that goes on anyway.
mkdir -p "$work/bin"
for tool in cmake ctest; do
  printf '#!/bin/sh\necho "%s reached" >>"%s/reached"\nexit 1\n' "$tool" "$work" >"$work/bin/$tool"
  chmod +x "$work/bin/$tool"
done
log="$work/make.log"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$work/bin:$PATH" \
  make -C "$source_dir" --no-print-directory test DATA_DIR="$missing/data" BUILD="$work/build" >"$log" 2>&1 </dev/null
rc=$?
echo "make test DATA_DIR=$missing/data: exit $rc: $(grep -m1 "$missing" "$log")"
[ "$rc" -ne 0 ] || problem "make test passed without data"
[ ! -e "$work/reached" ] || problem "make test went on to $(sort -u "$work/reached" | tr '\n' ' ')without data"
grep -q "$missing/data" "$log" || problem "make test did not name $missing/data (see $log)"

if [ "$problems" -ne 0 ]; then
  echo "$problems problems"
  exit 1
fi
echo "OK: without data every test that needs it fails and says where it looked; nothing skips"
