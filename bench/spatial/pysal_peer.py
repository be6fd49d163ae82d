"""The Python side of bench/spatial/run.sh: libpysal 4.7 weights and numpy,
from Debian, with PySAL esda's conditional randomisation written as esda
does it (one shared table of R x k_max draws from range(n - 1) without
replacement; area i takes its first k_i, indices >= i shifted by one).
Prints CSV lines step,n,seconds. Run with Debian's /usr/bin/python3.
"""
import csv
import json
import sys
import time

import numpy as np
import libpysal


def main(areas, id_column, out_dir):
    with open(areas) as f:
        gj = json.load(f)
    ids = [feat["properties"][id_column] for feat in gj["features"]]
    n = len(ids)
    try:
        from shapely.geometry import shape
        shapes = [shape(feat["geometry"]) for feat in gj["features"]]
        t0 = time.perf_counter()
        libpysal.weights.Queen.from_iterable(shapes)
        print(f"libpysal_queen_weights,{n},{time.perf_counter() - t0:.3f}")
    except Exception as e:  # shapely missing or too old: report and go on
        print(f"libpysal_queen_weights,{n},nan  # {type(e).__name__}: {e}", file=sys.stderr)
    index = {a: i for i, a in enumerate(ids)}
    neighbours = {i: [] for i in range(n)}
    with open(f"{out_dir}/lsoa_edges.csv") as f:
        for row in csv.DictReader(f):
            neighbours[index[row["from"]]].append(index[row["to"]])
    values = {}
    with open(f"{out_dir}/lsoa_values.csv") as f:
        for row in csv.DictReader(f):
            values[row["id"]] = float(row["value"])
    y = np.array([values[a] for a in ids])
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    w.transform = "r"
    t0 = time.perf_counter()
    z = (y - y.mean()) / y.std()
    lag = libpysal.weights.lag_spatial(w, z)
    obs_moran = (n - 1) * z * lag / (z @ z)
    permutations = 999
    rng = np.random.RandomState(1)
    k_max = max(len(v) for v in neighbours.values())
    table = np.array([rng.permutation(n - 1)[:k_max] for _ in range(permutations)])
    p_moran = np.full(n, np.nan)
    p_gstar = np.full(n, np.nan)
    for i in range(n):
        k = len(neighbours[i])
        if k == 0:
            continue
        wi = np.full(k, 1.0 / k)
        idx = table[:, :k].copy()
        idx[idx >= i] += 1
        lag_perm = (z[idx] * wi).sum(axis=1)
        moran_perm = (n - 1) * z[i] * lag_perm / (z @ z)
        m = (moran_perm >= obs_moran[i]).sum()
        p_moran[i] = (min(m, permutations - m) + 1) / (permutations + 1)
        # Gi*: self fixed with weight 1/(k+1), neighbours permuted.
        gs_perm = (y[idx] / (k + 1)).sum(axis=1) + y[i] / (k + 1)
        gs_obs = (y[neighbours[i]].sum() + y[i]) / (k + 1)
        g = (gs_perm >= gs_obs).sum()
        p_gstar[i] = (min(g, permutations - g) + 1) / (permutations + 1)
    print(f"numpy_esda_crand_moran_gistar_shared,{n},{time.perf_counter() - t0:.3f}")
    print(f"# numpy: {(p_moran <= 0.05).sum()} areas with folded p <= 0.05", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
