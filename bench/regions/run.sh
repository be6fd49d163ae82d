#!/usr/bin/env bash
# bench/regions/run.sh: time and peak memory of `nhood regions` for all of
# England (32,844 LSOA 2011) with examples/england-neighbourhoods.toml. The
# targets: issue 4, < 60 s and < 2 GiB on 2 cores; issue 12, in that one run,
# mean Polsby-Popper >= the MSOAs', >= 95% within bounds and a within-area IMD
# SD below the MSOAs' (the report lines printed below). Published max-p / AZP
# implementations take minutes to hours at a few thousand areas (see
# ../shared/reference/SPATIAL.md section 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
build="${BUILD:-$root/build}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$build/nhood" regions \
  --config "$root/examples/england-neighbourhoods.toml" --data-dir "$data" --output "$out" 2>&1 |
  grep -v "outside bounds:"
