#!/usr/bin/env bash
# `nhood did` speed (issue 10): the left-behind DiD over England's 32,844
# LSOAs 2011 with 999 cluster-bootstrap replicates, from the CSV files to the
# written output directory. Target: under 10 s. Runs the whole command REPEAT
# times (default 3) and prints each run's wall and CPU time and the
# command's own split (reading + bridging vs matching + bootstrap).
#   bash bench/evaluate/did.sh [DATA_DIR]        (default ../shared/data)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD:-$root/build}"
data="${1:-${DATA_DIR:-$root/../shared/data}}"
repeat="${REPEAT:-3}"
cmake --build "$build" -j "$(nproc)" --target nhood > /dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
TIMEFORMAT="wall %R s, user %U s, sys %S s"
for i in $(seq "$repeat"); do
  echo "run $i:"
  time "$build/nhood" did --config "$root/examples/did-left-behind.toml" --data-dir "$data" \
    --output "$out/did" --replicates 999 2>&1 | grep -E "took|done in"
done
