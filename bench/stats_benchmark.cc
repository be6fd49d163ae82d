// Throughput of the indicator kernels over 10 million rows: Wilson intervals
// (batch and per-estimate), Byar/exact Poisson rate limits and DSRs.
// Target (issue 2): >= 50 million Wilson intervals per second per core at a
// fixed confidence level. Run: make bench (single thread, Release).
#include <benchmark/benchmark.h>

#include <vector>

#include "nhood/base/rng.h"
#include "nhood/stats/confidence.h"
#include "nhood/stats/dsr.h"
#include "nhood/stats/poisson.h"
#include "nhood/stats/proportion.h"
#include "nhood/stats/rate.h"

namespace {

constexpr size_t kRows = 10'000'000;

struct Data {
  std::vector<double> x, n;
  Data() : x(kRows), n(kRows) {
    nhood::Rng rng(2024);
    for (size_t i = 0; i < kRows; ++i) {
      n[i] = 1000 + static_cast<double>(rng.Bounded(9000));
      x[i] = static_cast<double>(rng.Bounded(static_cast<uint64_t>(n[i]) / 5));
    }
  }
};

const Data& Rows() {
  static const Data d;
  return d;
}

void BM_WilsonBatch(benchmark::State& state) {
  const Data& d = Rows();
  std::vector<double> lo(kRows), hi(kRows);
  const double z = *nhood::stats::TwoSidedZ(0.95);
  for (auto _ : state) {
    nhood::stats::WilsonIntervals(d.x, d.n, z, lo, hi);
    benchmark::DoNotOptimize(lo.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_WilsonBatch)->Unit(benchmark::kMillisecond);

void BM_ProportionEstimate95And998(benchmark::State& state) {
  const Data& d = Rows();
  const size_t rows = 1'000'000;  // per-row Estimate objects: 1M rows per iteration
  double sink = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < rows; ++i) {
      sink += nhood::stats::Proportion(d.x[i], d.n[i], {.confidence = {0.95, 0.998}}).intervals[1].upper;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_ProportionEstimate95And998)->Unit(benchmark::kMillisecond);

void BM_ByarLimits(benchmark::State& state) {
  const Data& d = Rows();
  const double z = *nhood::stats::TwoSidedZ(0.95);
  std::vector<double> lo(kRows), hi(kRows);
  for (auto _ : state) {
    for (size_t i = 0; i < kRows; ++i) {
      lo[i] = nhood::stats::ByarLower(d.x[i], z) / d.n[i];
      hi[i] = nhood::stats::ByarUpper(d.x[i], z) / d.n[i];
    }
    benchmark::DoNotOptimize(lo.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_ByarLimits)->Unit(benchmark::kMillisecond);

void BM_CrudeRateMixedExactByar(benchmark::State& state) {
  const Data& d = Rows();
  const size_t rows = 1'000'000;
  double sink = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < rows; ++i) {
      // x mod 20 puts half the rows below 10: the exact (chi-squared) branch.
      const double x = static_cast<double>(static_cast<long>(d.x[i]) % 20);
      sink += nhood::stats::CrudeRate(x, d.n[i], {.confidence = {0.95}}).intervals[0].upper;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_CrudeRateMixedExactByar)->Unit(benchmark::kMillisecond);

void BM_Dsr19Bands(benchmark::State& state) {
  const Data& d = Rows();
  const size_t groups = kRows / 19;
  double sink = 0;
  const nhood::stats::DsrOptions options{.confidence = {0.95}};
  for (auto _ : state) {
    for (size_t g = 0; g < groups; ++g) {
      std::span<const double> x(d.x.data() + g * 19, 19), n(d.n.data() + g * 19, 19);
      sink += nhood::stats::Dsr(x, n, nhood::stats::kEsp2013, options).value;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * groups * 19);
}
BENCHMARK(BM_Dsr19Bands)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
