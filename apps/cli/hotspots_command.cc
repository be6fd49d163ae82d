#include "apps/cli/hotspots_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <thread>

#include "apps/cli/hotspot_table.h"
#include "nhood/base/parallel.h"
#include "nhood/base/progress.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

// With NHOOD_TIMING set, each phase's wall seconds and the process's CPU
// seconds (all threads) go to stderr, for bench/spatial and profiling.
class PhaseTimer {
 public:
  PhaseTimer() : on_(std::getenv("NHOOD_TIMING") != nullptr), wall_(Wall()), cpu_(Cpu()) {}
  void Mark(const char* phase) {
    if (!on_) return;
    const double wall = Wall(), cpu = Cpu();
    std::fprintf(stderr, "nhood: timing: %-10s wall %.3f s, cpu %.3f s\n", phase, wall - wall_, cpu - cpu_);
    wall_ = wall;
    cpu_ = cpu;
  }

 private:
  static double Wall() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  static double Cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
  bool on_;
  double wall_, cpu_;
};

struct HotspotsCommand {
  std::string areas, areas_id, data, output;
  int skip_lines = 0;
  double fdr = -1;
  std::string scheme = "nhood";
  HotspotOptions options;
  const std::vector<std::string>* command_line = nullptr;
};

int Run(HotspotsCommand& c) {
  const std::string ext = io::Extension(c.output);
  if (ext != "csv" && ext != "gpkg" && ext != "geojson") {
    std::fprintf(stderr, "nhood: --output %s: use .csv, .gpkg or .geojson\n", c.output.c_str());
    return 2;
  }
  Result<spatial::PermutationScheme> scheme = spatial::ParsePermutationScheme(c.scheme);
  if (!scheme) {
    std::fprintf(stderr, "nhood: %s\n", scheme.error().message.c_str());
    return 2;
  }
  c.options.scheme = *scheme;
  if (c.areas_id.empty()) c.areas_id = c.options.id;
  PhaseTimer timer;
  // The data table is read on a second thread while GDAL reads the
  // polygons (different files; io's readers are thread-safe). Errors are
  // reported in the same order as a serial read: the polygons' first.
  std::optional<Result<Table>> data;
  auto read_data = [&] { data.emplace(io::ReadTable(c.data, {.skip_lines = c.skip_lines})); };
  std::thread data_reader;
  if (ResolveThreads(c.options.threads) > 1) data_reader = std::thread(read_data);
  Result<io::PolygonData> areas =
      io::ReadPolygons(c.areas, c.areas_id, {.repair = false, .attributes = false, .threads = c.options.threads});
  if (data_reader.joinable()) data_reader.join();
  timer.Mark("read");
  if (!areas) {
    std::fprintf(stderr, "nhood: %s\n", areas.error().message.c_str());
    return 1;
  }
  for (const auto& p : areas->problems) {
    std::fprintf(stderr, "nhood: warning: %s: feature %zu ('%s'): %s\n", c.areas.c_str(), p.feature + 1,
                 p.id.c_str(), p.problem.c_str());
  }
  if (!data) read_data();
  if (!*data) {
    std::fprintf(stderr, "nhood: %s\n", data->error().message.c_str());
    return 1;
  }
  if (c.fdr >= 0) {
    c.options.fdr = true;
    c.options.alpha = c.fdr;
  }
  Progress progress("hotspots: permutations", areas->layer.size());
  c.options.progress = [&](size_t done) { progress.Advance(done - progress.done()); };
  Result<HotspotResult> r = ComputeHotspots(*areas, **data, c.options);
  progress.Finish();
  if (!r) {
    std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
    return 1;
  }
  timer.Mark("compute");
  Status s = ext == "csv" ? io::WriteTable(r->table, c.output)
                          : io::WriteLayer(c.output, areas->layer, r->table, "hotspots");
  if (!s.ok()) {
    std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
    return 1;
  }
  timer.Mark("write");
  std::string command = "nhood";
  for (const auto& a : *c.command_line) command += " " + a;
  (void)io::WriteProvenance(c.output, {c.areas, c.data},
                            {{"command", command},
                             {"weights", c.options.weights},
                             {"permutations", std::to_string(c.options.permutations)},
                             {"seed", std::to_string(c.options.seed)},
                             {"permutation_scheme", c.scheme},
                             {"rng", c.scheme == "spdep"
                                         ? "local Moran: R's Mersenne-Twister stream of set.seed(seed), spdep 1.2-7 "
                                           "localmoran_perm draws; Gi*, Geary, global: SplitMix64 streams"
                                         : "SplitMix64 stream per area (seed, area index); Lemire bounded draws"},
                             {"draws", c.options.draws},
                             {"p_value", "folded pseudo p (min(M, R-M)+1)/(R+1), conditional permutation"},
                             {"fdr", "Benjamini-Hochberg over the folded pseudo p-values"},
                             {"methods", "docs/methods.md (spatial)"}});
  timer.Mark("provenance");
  std::fprintf(stderr, "nhood: %s\nnhood: wrote %s\n", r->summary.c_str(), c.output.c_str());
  return 0;
}

}  // namespace

void SetupHotspotsCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line) {
  auto c = std::make_shared<HotspotsCommand>();
  c->command_line = command_line;
  CLI::App* cmd = app.add_subcommand("hotspots", "Hot spots: local Moran, Getis-Ord Gi* and Geary with permutation inference");
  cmd->footer(
      "Examples:\n"
      "  nhood hotspots --areas lsoa21.geojson --areas-id lsoa21_code --data ts037.csv --id code \\\n"
      "      --numerator bad --denominator all --smooth eb --fdr 0.05 --output hotspots.gpkg\n"
      "  nhood hotspots --areas areas.gpkg --data scores.csv --id code --value score --weights knn:6 -o out.csv\n"
      "Output columns: id, value, n_neighbours, lag, moran_i, moran_e, moran_var, moran_z, moran_p_sim,\n"
      "moran_p_fdr, cluster, gistar_z, gistar_p_sim, gistar_p_fdr, geary_p_sim (with --permutation-scheme spdep\n"
      "also moran_z_sim, moran_p_sim_rank). Same seed => same file, whatever --threads.\n"
      "The statistics and their analytical moments are spdep's. The *_p_sim columns are folded pseudo p-values\n"
      "(min(M, R-M)+1)/(R+1) from nhood's own conditional permutations (without replacement, one stream per area),\n"
      "not spdep's draws; --permutation-scheme spdep reproduces spdep localmoran_perm(nsim = R, iseed = seed) for\n"
      "local Moran. *_p_fdr is Benjamini-Hochberg applied to the folded pseudo p-values (one-sided towards the\n"
      "observed value: a folded p of 0.025 is about a two-sided 0.05).");
  cmd->add_option("--areas", c->areas, "polygons (.geojson, .gpkg, .shp)")->required();
  cmd->add_option("--areas-id", c->areas_id, "id column of the polygons (default: --id)");
  cmd->add_option("--data", c->data, "table with one row per area (.csv, .xlsx, .ods, .gpkg)")->required();
  cmd->add_option("--id", c->options.id, "id column of the data")->required();
  cmd->add_option("--skip-lines", c->skip_lines, "lines before the data's CSV header");
  cmd->add_option("--value", c->options.value, "the value to analyse");
  cmd->add_option("--numerator", c->options.numerator, "rate numerator (with --denominator)");
  cmd->add_option("--denominator", c->options.denominator, "rate denominator");
  cmd->add_option("--smooth", c->options.smooth, "eb (global empirical Bayes) or eb-local, for rates")
      ->check(CLI::IsMember({"eb", "eb-local"}));
  cmd->add_option("--weights", c->options.weights, "queen, rook, knn:K, distance:METRES or a .gal/.gwt/.csv file")
      ->capture_default_str();
  cmd->add_flag("--link-islands", c->options.link_islands, "join each island to its nearest area");
  cmd->add_option("--permutations", c->options.permutations, "conditional permutations (up to 99,999)")
      ->capture_default_str()
      ->check(CLI::Range(1, 99999));
  cmd->add_option("--seed", c->options.seed, "random seed")->capture_default_str();
  cmd->add_option("--threads", c->options.threads, "threads (0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--draws", c->options.draws, "per-area (independent streams) or shared (one table, faster)")
      ->capture_default_str()
      ->check(CLI::IsMember({"per-area", "shared"}));
  cmd->add_option("--permutation-scheme", c->scheme,
                  "nhood (own engine, any thread count) or spdep (local Moran p-values as spdep localmoran_perm)")
      ->capture_default_str()
      ->check(CLI::IsMember({"nhood", "spdep"}));
  cmd->add_option("--fdr", c->fdr, "label clusters by Benjamini-Hochberg FDR of the folded pseudo p at this level (default: p_sim <= 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--output,-o", c->output, ".csv, or .gpkg/.geojson with the polygons")->required();
  cmd->callback([c, exit_code] { *exit_code = Run(*c); });
}

}  // namespace nhood::cli
