#!/usr/bin/env bash
# Survey estimation speed (issue 10): 100,000 respondents x 50 items with
# domains, read from CSV, design built, every item estimated by domain with
# all six svyciprop intervals. Target: under 2 s. Builds with the benchmarks on.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNHOOD_BUILD_BENCHMARKS=ON \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache > /dev/null
cmake --build "$build" -j "$(nproc)" --target nhood_survey_benchmark
"$build/bench/nhood_survey_benchmark" "$@"
