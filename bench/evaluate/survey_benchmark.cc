// Speed of design-based survey estimation (issue 10): 100,000 respondents x
// 50 binary items, 20 strata x 25 PSUs, 12 domains, every item estimated by
// domain with svymean/svytotal/deff/degf and all six svyciprop intervals.
// The respondents are written to a CSV first and read back through the io
// readers, as `nhood survey estimate` reads them. Prints the wall time of each
// phase for `--repeat` runs (default 3). Target: under 2 s in total.
// Usage: nhood_survey_benchmark [--respondents N] [--items K] [--repeat R]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "nhood/base/parallel.h"
#include "nhood/io/table_io.h"
#include "nhood/stats/survey_design.h"
#include "nhood/stats/survey_estimate.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t respondents = 100000, items = 50;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--respondents") respondents = std::strtoul(argv[i + 1], nullptr, 10);
    if (a == "--items") items = std::strtoul(argv[i + 1], nullptr, 10);
    if (a == "--repeat") repeat = std::atoi(argv[i + 1]);
  }
  const int num_strata = 20, psus_per_stratum = 25, num_domains = 12;
  std::mt19937_64 g(20261201);
  auto u = [&g] { return static_cast<double>(g() >> 11) * 0x1.0p-53; };
  const std::string path =
      (std::filesystem::temp_directory_path() / ("nhood_survey_bench_" + std::to_string(::getpid()) + ".csv")).string();
  {
    std::ofstream out(path);
    out << "stratum,psu,w,domain";
    for (size_t k = 0; k < items; ++k) out << ",q" << k + 1;
    out << "\n";
    for (size_t r = 0; r < respondents; ++r) {
      const int h = static_cast<int>(u() * num_strata);
      out << "S" << h << ",P" << static_cast<int>(u() * psus_per_stratum) << "," << std::round((10 + 990 * u()) * 100) / 100
          << ",D" << static_cast<int>(u() * num_domains);
      for (size_t k = 0; k < items; ++k) {
        if (u() < 0.03) out << ",";  // missing
        else out << "," << (u() < 0.2 + 0.6 * (k % 7) / 7.0 ? 1 : 0);
      }
      out << "\n";
    }
  }
  std::printf("survey benchmark: %zu respondents x %zu items, %d strata x %d PSUs, %d domains\n", respondents, items,
              num_strata, psus_per_stratum, num_domains);
  double best = 1e300;
  for (int run = 0; run < repeat; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    nhood::Result<nhood::Table> t = nhood::io::ReadTable(path);
    if (!t) {
      std::fprintf(stderr, "%s\n", t.error().message.c_str());
      return 1;
    }
    std::vector<std::vector<double>> item(items);
    for (size_t k = 0; k < items; ++k) item[k] = *t->GetNumbers("q" + std::to_string(k + 1));
    const double read_s = Seconds(t0);
    const double read_cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const auto t1 = std::chrono::steady_clock::now();
    nhood::stats::DesignInput in;
    in.weight = *t->GetNumbers("w");
    const size_t sc = *t->Find("stratum"), pc = *t->Find("psu"), dc = *t->Find("domain");
    std::vector<int> domain(t->num_rows());
    for (size_t r = 0; r < t->num_rows(); ++r) {
      in.stratum.push_back(t->Cell(sc, r));
      in.psu.push_back(t->Cell(pc, r));
      domain[r] = std::atoi(t->Cell(dc, r).c_str() + 1);
    }
    in.lonely = nhood::stats::LonelyPsu::kAdjust;
    nhood::Result<nhood::stats::SurveyDesign> d = nhood::stats::MakeSurveyDesign(in);
    if (!d) {
      std::fprintf(stderr, "%s\n", d.error().message.c_str());
      return 1;
    }
    const double design_s = Seconds(t1);
    const auto t2 = std::chrono::steady_clock::now();
    const std::clock_t c2 = std::clock();
    // Items are independent: one task each, on every core (the results do not depend on the thread count).
    std::vector<std::vector<nhood::stats::DomainEstimate>> results(items);
    nhood::ParallelFor(items, 0, [&](size_t k) {
      auto e = nhood::stats::EstimateDomains(*d, item[k], domain, num_domains, {.level = 0.95, .proportions = true});
      if (e) results[k] = std::move(*e);
    });
    double checksum = 0;
    for (const auto& e : results) {
      for (const auto& x : e) checksum += x.mean + x.ciprop.lower[1];
    }
    const double estimate_s = Seconds(t2);
    const double estimate_cpu = static_cast<double>(std::clock() - c2) / CLOCKS_PER_SEC;
    const double total = read_s + design_s + estimate_s;
    best = std::min(best, total);
    std::printf("run %d: read and parse %.3f s (CPU %.3f s), design %.3f s, estimate %zu items x %d domains %.3f s "
                "(CPU %.3f s, %d threads); total %.3f s (checksum %.6f)\n",
                run + 1, read_s, read_cpu, design_s, items, num_domains, estimate_s, estimate_cpu,
                nhood::ResolveThreads(0), total, checksum);
  }
  std::printf("best total %.3f s (target < 2 s)\n", best);
  std::filesystem::remove(path);
  return 0;
}
