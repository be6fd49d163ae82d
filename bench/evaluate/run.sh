#!/usr/bin/env bash
# Survey speed (issue 10): 100,000 respondents x 50 labelled items through
# the codebook path: codebook and CSV read, items scored (labels, reverse
# coding, agreement, missing), design built, every item estimated by domain
# with all six svyciprop intervals. Prints each phase and the ratio to the
# 2 s target. Builds with the benchmarks on.
#   bash bench/evaluate/run.sh [--respondents N] [--items K] [--repeat R]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNHOOD_BUILD_BENCHMARKS=ON \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache > /dev/null
cmake --build "$build" -j "$(nproc)" --target nhood_survey_benchmark
"$build/bench/nhood_survey_benchmark" "$@"
