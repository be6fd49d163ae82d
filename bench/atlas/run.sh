#!/usr/bin/env bash
# bench/atlas/run.sh: time and peak memory of `nhood atlas` for all of
# England on the 2025 vintage (examples/atlas-england-2025.toml: 33,755 LSOA
# 2021, 999 permutations, age- and deprivation-standardised health), the
# issue 12 target being < 30 s and < 1 GiB on 2 cores. Runs it RUNS times
# (default 3) and prints each run's wall time, CPU time and peak RSS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
build="${BUILD:-$root/build}"
runs="${RUNS:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  /usr/bin/time -f "run $i: wall %e s, CPU %U s user + %S s system, peak RSS %M kB" "$build/nhood" atlas \
    --config "$root/examples/atlas-england-2025.toml" --data-dir "$data" --output "$out/run$i" 2>&1 |
    grep -E '^run [0-9]+:|atlas done'
done
