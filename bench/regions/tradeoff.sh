#!/usr/bin/env bash
# bench/regions/tradeoff.sh: the compactness trade-off in the README. Runs
# `nhood regions` on examples/england-neighbourhoods.toml with each
# compactness_weight given (default 0 2 4 8 16; annealing as in the example),
# then once greedy-only at the example's weight, and prints one markdown row
# each: weight, sweeps, share within bounds, mean Polsby-Popper, mean IMD SD,
# wall seconds, with the load average at the start of the run.
#   bash bench/regions/tradeoff.sh [WEIGHT ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
build="${BUILD:-$root/build}"
example="$root/examples/england-neighbourhoods.toml"
sweeps="$(sed -n 's/^anneal_sweeps = //p' "$example")"
chosen="$(sed -n 's/^compactness_weight = //p' "$example")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
weights=("$@")
[ ${#weights[@]} -gt 0 ] || weights=(0 2 4 8 16)
echo "| compactness_weight | annealing sweeps | within 7,000–15,000 | mean Polsby–Popper | IMD SD | seconds (load) |"
echo "|---|---|---|---|---|---|"
row() {
  sed -e "s/^compactness_weight = .*/compactness_weight = $1/" -e "s/^anneal_sweeps = .*/anneal_sweeps = $2/" \
    "$example" > "$tmp/c.toml"
  local load start end report
  load="$(cut -d' ' -f1 /proc/loadavg)"
  start="$(date +%s.%N)"
  report="$("$build/nhood" regions --config "$tmp/c.toml" --data-dir "$data" --output "$tmp/out" 2>&1)"
  end="$(date +%s.%N)"
  echo "$report" | sed -n 's/^regions: within bounds \([^,]*\), mean Polsby-Popper \([^,]*\), mean within-neighbourhood SD of the attribute \([^;]*\);.*/\1 \2 \3/p' |
    while read -r within pp sd; do
      printf '| %s | %s | %s | %s | %s | %.1f (%s) |\n' "$1" "$2" "$within" "$pp" "$sd" "$(echo "$end - $start" | bc)" "$load"
    done
}
for c in "${weights[@]}"; do row "$c" "$sweeps"; done
row "$chosen" 0
"$build/nhood" regions --config "$example" --data-dir "$data" --output "$tmp/out" 2>&1 |
  sed -n 's/^regions: ONS MSOAs for comparison: .*within bounds \([^,]*\), mean Polsby-Popper \([^,]*\), mean within-area SD of the attribute \(.*\)/| ONS MSOAs | | \1 | \2 | \3 | |/p'
