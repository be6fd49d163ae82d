#!/bin/sh
# Times `nhood survey model` and `nhood survey mediate` on the seeded demo survey
# (about 3,000 respondents, 15 projects): the CR1 model, and the mediation's cluster
# bootstrap at 999 and 9,999 replicates on 1 and 2 threads (the outputs must be
# identical across thread counts). Run by hand: bench/evaluate/models.sh [build/nhood]
set -eu
NHOOD=${1:-build/nhood}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$NHOOD" survey demo --seed 1 --output "$DIR/demo.csv" --codebook-out "$DIR/demo.toml" 2>/dev/null
echo "load: $(uptime | sed 's/.*load average: //')"
t0=$(date +%s.%N)
"$NHOOD" survey model --input "$DIR/demo.csv" --codebook "$DIR/demo.toml" --y swemwbs \
  --x participation,community_power,wave --cluster project -o "$DIR/model.csv" 2>/dev/null
t1=$(date +%s.%N)
echo "survey model (CR1, 15 clusters): $(echo "$t1 - $t0" | bc) s"
for reps in 999 9999; do
  for threads in 1 2; do
    t0=$(date +%s.%N)
    "$NHOOD" survey mediate --input "$DIR/demo.csv" --codebook "$DIR/demo.toml" --x participation \
      --m community_power --y swemwbs --covariates wave --cluster project --replicates "$reps" --seed 1 \
      --threads "$threads" -o "$DIR/med_${reps}_$threads.csv" 2>/dev/null
    t1=$(date +%s.%N)
    echo "survey mediate, $reps replicates, $threads threads: $(echo "$t1 - $t0" | bc) s"
  done
  cmp "$DIR/med_${reps}_1.csv" "$DIR/med_${reps}_2.csv" >/dev/null || { echo "threads changed the answer"; exit 1; }
done
