// nhood's side of bench/spatial/run.sh: times queen weights and local Moran +
// Gi* (999 permutations, both draw modes) on the real LSOA 2021 boundaries
// and on a seeded synthetic lattice of about 178,000 cells (output-area
// scale), prints one CSV line per step (step,n,seconds,peak_mb), and writes
// the LSOA value field and edge list for the peers to read.
//
// Usage: nhood_spatial_benchmark AREAS.geojson ID_COLUMN OUT_DIR [THREADS]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "nhood/base/rng.h"
#include "nhood/geo/contiguity.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/spatial/local_statistics.h"
#include "nhood/spatial/permutation.h"

namespace {

using Clock = std::chrono::steady_clock;

double PeakMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

void Report(const char* step, size_t n, Clock::time_point start) {
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%s,%zu,%.3f,%.0f\n", step, n, s, PeakMb());
  std::fflush(stdout);
}

// A spatially autocorrelated field: noise smoothed by a few rounds of
// averaging with the neighbours, plus a few sharp hot spots (seeded).
std::vector<double> Field(const nhood::geo::SpatialWeights& w, uint64_t seed) {
  nhood::Rng rng(seed);
  std::vector<double> y(w.size());
  for (double& v : y) v = rng.Uniform();
  const auto wr = w.RowStandardised();
  for (int round = 0; round < 4; ++round) {
    std::vector<double> next(y.size());
    for (size_t i = 0; i < y.size(); ++i) {
      double lag = 0;
      for (size_t k = 0; k < wr.cardinality(i); ++k) lag += wr.weights(i)[k] * y[wr.neighbours(i)[k]];
      next[i] = 0.15 * y[i] + 0.85 * (wr.cardinality(i) ? lag : y[i]);
    }
    y.swap(next);
  }
  for (int h = 0; h < 40; ++h) y[rng.Bounded(y.size())] += 2.0;
  return y;
}

void TimeStatistics(const char* label, const nhood::geo::SpatialWeights& nb, const std::vector<double>& y,
                    int threads) {
  const auto w = nb.RowStandardised();
  const auto ws = nb.WithSelf().RowStandardised();
  for (auto mode : {nhood::spatial::DrawMode::kPerArea, nhood::spatial::DrawMode::kSharedTable}) {
    const auto start = Clock::now();
    auto lm = *nhood::spatial::ComputeLocalMoran(y, w);
    auto gs = *nhood::spatial::ComputeLocalGStar(y, ws);
    auto perm = *nhood::spatial::PermuteLocal(y, w, ws, {.permutations = 999, .seed = 1, .threads = threads, .mode = mode});
    const std::string step = std::string(label) +
                             (mode == nhood::spatial::DrawMode::kPerArea ? "_moran_gistar_per_area" : "_moran_gistar_shared");
    Report(step.c_str(), y.size(), start);
    size_t sig = 0;
    for (double p : perm.moran_p) sig += p <= 0.05;
    std::fprintf(stderr, "%s: %zu areas with folded p <= 0.05 (I[0] = %g, Gi*[0] = %g)\n", step.c_str(), sig, lm.i[0], gs[0]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s AREAS.geojson ID_COLUMN OUT_DIR [THREADS]\n", argv[0]);
    return 2;
  }
  const std::string areas = argv[1], id = argv[2], out = argv[3];
  const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
  std::printf("step,n,seconds,peak_mb\n");

  auto start = Clock::now();
  auto data = nhood::io::ReadPolygons(areas, id, {.repair = false});
  if (!data) {
    std::fprintf(stderr, "%s\n", data.error().message.c_str());
    return 1;
  }
  Report("lsoa_read_geojson", data->layer.size(), start);
  start = Clock::now();
  auto nb = *nhood::geo::ContiguityWeights(data->layer);
  Report("lsoa_queen_weights", nb.size(), start);
  const auto y = Field(nb, 2024);
  {
    nhood::Table values, edges;
    (void)values.AddText("id", nb.ids());
    (void)values.AddNumbers("value", y);
    std::vector<std::string> from, to;
    for (auto [i, j] : nb.Links()) {
      from.push_back(nb.ids()[i]);
      to.push_back(nb.ids()[j]);
    }
    (void)edges.AddText("from", from);
    (void)edges.AddText("to", to);
    (void)nhood::io::WriteTable(values, out + "/lsoa_values.csv");
    (void)nhood::io::WriteTable(edges, out + "/lsoa_edges.csv");
  }
  TimeStatistics("lsoa", nb, y, threads);

  // Output-area scale: a 422 x 422 lattice of unit squares (178,084 cells).
  const int side = 422;
  nhood::geo::PolygonLayer grid;
  grid.projected = true;
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      const double x = c, yy = r;
      grid.ids.push_back(std::to_string(r * side + c));
      grid.polygons.push_back({{{{{x, yy}, {x + 1, yy}, {x + 1, yy + 1}, {x, yy + 1}, {x, yy}}}}});
    }
  }
  start = Clock::now();
  auto gnb = *nhood::geo::ContiguityWeights(grid);
  Report("oa178k_queen_weights", gnb.size(), start);
  TimeStatistics("oa178k", gnb, Field(gnb, 2025), threads);
  return 0;
}
