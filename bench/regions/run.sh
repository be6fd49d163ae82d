#!/usr/bin/env bash
# bench/regions/run.sh: time and peak memory of `nhood regions` for all of
# England (32,844 LSOA 2011), the issue 4 target being < 60 s and < 2 GiB on
# 2 cores. Published max-p / AZP implementations take minutes to hours at a
# few thousand areas (see ../shared/reference/SPATIAL.md section 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
build="${BUILD:-$root/build}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$build/nhood" regions \
  --config "$root/examples/england-neighbourhoods.toml" --data-dir "$data" --output "$out"
