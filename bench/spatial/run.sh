#!/usr/bin/env bash
# bench/spatial/run.sh: nhood and the peers installable here, side by side.
#
# 1. The whole command (issue 8 item 9): `nhood hotspots` on England LSOA
#    2011 (N = 32,844; read the GeoJSON, queen weights, local Moran + Gi* +
#    Geary + global Moran, 999 and 9,999 permutations, write the CSV),
#    against the same pipeline in R spdep (spdep_pipeline.R) and in
#    libpysal + numpy written as esda does it (pysal_pipeline.py; Debian has
#    no python3-esda). Wall-clock and CPU seconds of the whole process (CPU
#    counts the work when the machine is shared), best of RUNS (default 3)
#    for nhood, one run for each peer; then one nhood run by phase (read,
#    compute, write: NHOOD_TIMING=1).
# 2. The steps (issue 3): queen weights and local Moran + Gi* on LSOA 2021
#    (N = 33,755) and a seeded 178,084-cell lattice.
#
# Prints tables of seconds and ratios (peer / nhood). Run by hand on a quiet
# machine: bash bench/spatial/run.sh   (environment: THREADS=2, RUNS=3; SKIP_STEPS=1
# times only the whole command; PEERS=0 skips R and Python; PEERS_9999=1 also
# runs the peers at 9,999, which takes R spdep hours)
# Installs r-cran-spdep, r-cran-sf, python3-libpysal and python3-shapely
# when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}"
areas="$data/boundaries/lsoa21_england_generalised.geojson"
build="${BUILD:-$root/build}"
threads="${THREADS:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

need=()
for p in r-cran-spdep r-cran-sf python3-libpysal python3-shapely; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing peers: ${need[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq "${need[@]}" >&2
fi
cmake -S "$root" -B "$build" -G Ninja -DNHOOD_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target nhood nhood_spatial_benchmark >/dev/null

# --- 1. The whole command -------------------------------------------------
runs="${RUNS:-3}"
a11="$data/boundaries/lsoa11_england_generalised.geojson"
imd="$data/imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv"
measure() {  # "wall_seconds cpu_seconds" of one run of "$@" (the whole process, children included)
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
    cat "$out/stderr.txt" >&2; return 1; }
  tail -1 "$out/time.txt" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
best() {  # the run with the least wall time, of $runs
  local b="" t
  for _ in $(seq "$runs"); do
    t=$(measure "$@")
    if [ -z "$b" ] || awk -v a="${t%% *}" -v b="${b%% *}" 'BEGIN{exit !(a < b)}'; then b=$t; fi
  done
  echo "$b"
}
whole=()
for r in 999 9999; do
  echo "== nhood hotspots, England LSOA 2011, $r permutations, $threads threads (best of $runs)" >&2
  t=$(best "$build/nhood" hotspots --areas "$a11" --areas-id lsoa11_code --data "$imd" --id lsoa11cd \
        --value imd_score --permutations "$r" --threads "$threads" -o "$out/nhood_$r.csv")
  whole+=("nhood_$r,${t% *},${t#* }")
  echo "nhood_$r: wall, cpu seconds $t" >&2
done
# Where one run's time goes (NHOOD_TIMING: wall and CPU seconds per phase).
echo "== nhood hotspots, 999 permutations, by phase (one run)" >&2
NHOOD_TIMING=1 "$build/nhood" hotspots --areas "$a11" --areas-id lsoa11_code --data "$imd" --id lsoa11cd \
  --value imd_score --permutations 999 --threads "$threads" -o "$out/phases.csv" 2>&1 >/dev/null | grep "timing:" >&2
peer_sizes="999"; [ "${PEERS_9999:-0}" = 1 ] && peer_sizes="999 9999"
[ "${PEERS:-1}" = 0 ] && peer_sizes=""
for r in $peer_sizes; do
  echo "== R spdep pipeline, $r simulations, $threads cores (many minutes)" >&2
  t=$(measure Rscript "$root/bench/spatial/spdep_pipeline.R" "$a11" lsoa11_code "$imd" lsoa11cd imd_score \
        "$out/spdep_$r.csv" "$r" "$threads")
  whole+=("spdep_$r,${t% *},${t#* }")
  echo "spdep_$r: wall, cpu seconds $t" >&2
  echo "== libpysal + numpy (esda's scheme) pipeline, $r permutations, 1 process" >&2
  t=$(measure /usr/bin/python3 "$root/bench/spatial/pysal_pipeline.py" "$a11" lsoa11_code "$imd" lsoa11cd imd_score \
        "$out/pysal_$r.csv" "$r")
  whole+=("pysal_$r,${t% *},${t#* }")
  echo "pysal_$r: wall, cpu seconds $t" >&2
done
printf '%s\n' "${whole[@]}" > "$out/whole.csv"
python3 - "$out/whole.csv" "$threads" <<'PY'
import csv, sys
t = {k: (float(w), float(c)) for k, w, c in csv.reader(open(sys.argv[1]))}
print(f"\nwhole command, England LSOA 2011 (N = 32,844), {sys.argv[2]} threads, whole process:"
      " wall s / cpu s (ratio peer / nhood, wall and cpu)")
for r in (999, 9999):
    w, c = t[f"nhood_{r}"]
    line = f"  {r:5d} permutations: nhood {w:.2f} / {c:.2f}"
    for name, k in (("R spdep", f"spdep_{r}"), ("libpysal+numpy (esda scheme)", f"pysal_{r}")):
        if k in t:
            pw, pc = t[k]
            line += f"; {name} {pw:.1f} / {pc:.1f} = {pw / w:.0f}x / {pc / c:.0f}x"
    print(line)
PY
[ "${SKIP_STEPS:-0}" = 1 ] && exit 0

# --- 2. The steps ---------------------------------------------------------

echo "== nhood ($threads threads)" >&2
"$build/bench/nhood_spatial_benchmark" "$areas" lsoa21_code "$out" "$threads" | tee "$out/nhood.csv"
echo "== libpysal + numpy (1 process)" >&2
/usr/bin/python3 "$root/bench/spatial/pysal_peer.py" "$areas" lsoa21_code "$out" | tee "$out/pysal.csv"
echo "== R spdep ($threads cores; this takes a few minutes)" >&2
Rscript "$root/bench/spatial/spdep_peer.R" "$areas" lsoa21_code "$out" "$threads" | tee "$out/spdep.csv"

python3 - "$out" <<'PY'
import csv, sys
d = sys.argv[1]
t = {}
for f in ("nhood.csv", "pysal.csv", "spdep.csv"):
    for row in csv.reader(open(f"{d}/{f}")):
        if len(row) >= 3 and row[0] != "step" and not row[0].startswith("#"):
            try: t[row[0]] = float(row[2])
            except ValueError: pass
nh_w, nh_pa, nh_sh = t["lsoa_queen_weights"], t["lsoa_moran_gistar_per_area"], t["lsoa_moran_gistar_shared"]
rows = [
  ("queen weights, N=33,755", nh_w, [("spdep poly2nb", t.get("spdep_queen_weights")), ("libpysal Queen", t.get("libpysal_queen_weights")),
                                      ("libgeoda (SPATIAL.md)", 0.7)]),
  ("local Moran + Gi*, per-area draws", nh_pa, [("spdep localmoran_perm + localG_perm", (t.get("spdep_localmoran_perm_%dcore" % 2) or 0) + (t.get("spdep_localG_perm_%dcore" % 2) or 0) or None),
                                               ("libgeoda complete, 2 thr (SPATIAL.md)", 4.4)]),
  ("local Moran + Gi*, shared table", nh_sh, [("numpy esda-style crand", t.get("numpy_esda_crand_moran_gistar_shared")),
                                             ("esda numba (SPATIAL.md)", 5.2)]),
  ("N=178,084 weights", t["oa178k_queen_weights"], [("libgeoda (SPATIAL.md)", 5.5), ("spdep (SPATIAL.md)", 49.1)]),
  ("N=178,084 Moran + Gi*, per-area", t["oa178k_moran_gistar_per_area"], [("libgeoda 2 thr, 2 stats (SPATIAL.md)", 50.7 + 48.6), ("esda 1 job (SPATIAL.md)", 26 + 40)]),
]
print(f"\n{'step':40s} {'nhood s':>9s}   peer (seconds, ratio peer/nhood)")
for name, ours, peers in rows:
    desc = "; ".join(f"{p} {v:.2f} s = {v/ours:.1f}x" for p, v in peers if v)
    print(f"{name:40s} {ours:9.3f}   {desc}")
PY
