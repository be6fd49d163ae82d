"""The whole `nhood hotspots` pipeline in Python, for bench/spatial/run.sh:
json + shapely to read the GeoJSON, libpysal 4.7 (Debian python3-libpysal)
Queen weights, then local Moran, Gi* and local Geary with PySAL esda's
conditional randomisation written as esda does it (Debian has no
python3-esda): one shared table of R x k_max draws from range(n - 1)
without replacement, area i takes its first k_i, indices >= i shifted by
one; the global Moran permutation test (R shuffles); BH FDR; write a CSV.
Prints "pysal_pipeline_<R>,<n>,<seconds>" timed from reading to writing
(imports excluded). Usage: python3 pysal_pipeline.py AREAS ID DATA DATA_ID
VALUE OUT.csv R. Run with Debian's /usr/bin/python3.
"""
import csv
import json
import sys
import time

import numpy as np
import libpysal
from shapely.geometry import shape


def bh(p):
    p = np.asarray(p)
    ok = ~np.isnan(p)
    q = np.full(p.shape, np.nan)
    v = p[ok]
    m = len(v)
    order = np.argsort(v)
    adj = np.minimum.accumulate((v[order] * m / np.arange(1, m + 1))[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adj, 1)
    q[ok] = out
    return q


def main(areas, id_column, data, data_id, value, out, reps):
    reps = int(reps)
    t0 = time.perf_counter()
    with open(areas) as f:
        gj = json.load(f)
    ids = [feat["properties"][id_column] for feat in gj["features"]]
    shapes = [shape(feat["geometry"]) for feat in gj["features"]]
    values = {}
    with open(data, newline="") as f:
        for row in csv.DictReader(f):
            values[row[data_id]] = float(row[value])
    y = np.array([values[a] for a in ids])
    n = len(ids)
    w = libpysal.weights.Queen.from_iterable(shapes, ids=list(range(n)), silence_warnings=True)
    w.transform = "r"
    neighbours = [np.array(w.neighbors[i], dtype=np.int64) for i in range(n)]
    z = y - y.mean()
    m2 = (z @ z) / n
    lag = libpysal.weights.lag_spatial(w, z)
    moran_obs = z * lag / m2
    rng = np.random.RandomState(1)
    k_max = max(len(v) for v in neighbours)
    table = np.array([rng.permutation(n - 1)[:k_max] for _ in range(reps)])
    p_moran = np.full(n, np.nan)
    p_gstar = np.full(n, np.nan)
    p_geary = np.full(n, np.nan)
    fold = lambda m: (np.minimum(m, reps - m) + 1) / (reps + 1)
    for i in range(n):
        nb = neighbours[i]
        k = len(nb)
        if k == 0:
            continue
        idx = table[:, :k].copy()
        idx[idx >= i] += 1
        wi = 1.0 / k
        lag_perm = z[idx].sum(axis=1) * wi
        p_moran[i] = fold(((z[i] * lag_perm / m2) >= moran_obs[i]).sum())
        gs_obs = (y[nb].sum() + y[i]) / (k + 1)
        gs_perm = (y[idx].sum(axis=1) + y[i]) / (k + 1)
        p_gstar[i] = fold((gs_perm >= gs_obs).sum())
        c_obs = (wi * (z[i] - z[nb]) ** 2).sum()
        c_perm = (wi * (z[i] - z[idx]) ** 2).sum(axis=1)
        p_geary[i] = fold((c_perm >= c_obs).sum())
    # Global Moran's I and its permutation test (reps shuffles of z).
    s0 = float(n - sum(1 for v in neighbours if len(v) == 0))
    i_obs = n / s0 * (z @ lag) / (z @ z)
    above = 0
    for _ in range(reps):
        zp = rng.permutation(z)
        above += n / s0 * (zp @ libpysal.weights.lag_spatial(w, zp)) / (zp @ zp) >= i_obs
    p_global = (above + 1) / (reps + 1)
    q = bh(p_moran)
    with open(out, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["id", "value", "moran_i", "moran_p_sim", "moran_p_fdr", "gistar_p_sim", "geary_p_sim"])
        for r in range(n):
            wr.writerow([ids[r], y[r], moran_obs[r], p_moran[r], q[r], p_gstar[r], p_geary[r]])
    print(f"pysal_pipeline_{reps},{n},{time.perf_counter() - t0:.3f}")
    print(f"# pysal: global I {i_obs:.6f}, permutation p {p_global:.4g}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:8])
