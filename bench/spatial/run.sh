#!/usr/bin/env bash
# bench/spatial/run.sh: nhood and the peers installable here, side by side,
# on the England LSOA 2021 boundaries (N = 33,755, queen, 999 permutations)
# and, for nhood, a seeded 178,084-cell lattice. Prints a table of seconds
# and ratios (peer / nhood). Run by hand: bash bench/spatial/run.sh
# Installs r-cran-spdep, r-cran-sf and python3-libpysal when missing.
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
cmake --build "$build" --target nhood_spatial_benchmark >/dev/null

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
