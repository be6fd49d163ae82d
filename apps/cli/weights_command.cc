#include "apps/cli/weights_command.h"

#include <chrono>
#include <cstdio>
#include <memory>

#include "apps/cli/weights_spec.h"
#include "nhood/base/number.h"
#include "nhood/geo/weights_format.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

struct WeightsOptions {
  std::string areas, id, type = "queen", output;
  bool link_islands = false;
};

int Run(const WeightsOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  Result<io::PolygonData> d = io::ReadPolygons(o.areas, o.id, {.repair = false, .attributes = false});
  if (!d) {
    std::fprintf(stderr, "nhood: %s\n", d.error().message.c_str());
    return 1;
  }
  for (const auto& p : d->problems) {
    std::fprintf(stderr, "nhood: warning: %s: feature %zu ('%s'): %s\n", o.areas.c_str(), p.feature + 1, p.id.c_str(),
                 p.problem.c_str());
  }
  const auto read = std::chrono::steady_clock::now();
  WeightsReport report;
  Result<geo::SpatialWeights> w = BuildWeights(d->layer, o.type, o.link_islands, &report);
  if (!w) {
    std::fprintf(stderr, "nhood: %s\n", w.error().message.c_str());
    return 1;
  }
  const auto built = std::chrono::steady_clock::now();
  Status s;
  const std::string ext = io::Extension(o.output);
  if (ext == "gal") {
    s = io::WriteTextFile(o.output, geo::FormatGal(*w));
  } else if (ext == "csv") {
    Table t;
    std::vector<std::string> from, to;
    std::vector<double> weight;
    for (auto [i, j] : w->Links()) {
      from.push_back(w->ids()[i]);
      to.push_back(w->ids()[j]);
    }
    (void)t.AddText("from", std::move(from));
    (void)t.AddText("to", std::move(to));
    if (w->style() == geo::WeightsStyle::kGeneral) (void)t.AddNumbers("weight", w->values());
    s = io::WriteTable(t, o.output);
  } else {
    std::fprintf(stderr, "nhood: --output %s: use .csv (edge list) or .gal\n", o.output.c_str());
    return 2;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
    return 1;
  }
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::fprintf(stderr, "nhood: %s\n", DescribeWeights(*w, report).c_str());
  std::fprintf(stderr, "nhood: read %.2f s, weights %.2f s; wrote %s\n", secs(start, read), secs(read, built),
               o.output.c_str());
  return 0;
}

}  // namespace

void SetupWeightsCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<WeightsOptions>();
  CLI::App* cmd = app.add_subcommand("weights", "Spatial weights from polygons: contiguity, k-nearest, distance band");
  cmd->footer(
      "Examples:\n"
      "  nhood weights --areas lsoa21.geojson --id lsoa21_code --type queen --output edges.csv\n"
      "  nhood weights --areas lsoa21.geojson --id lsoa21_code --type knn:6 --output knn6.gal");
  cmd->add_option("--areas", o->areas, "polygons (.geojson, .gpkg, .shp)")->required();
  cmd->add_option("--id", o->id, "id column of the polygons")->required();
  cmd->add_option("--type", o->type, "queen, rook, knn:K, distance:METRES or idw:METRES")->capture_default_str();
  cmd->add_option("--output,-o", o->output, "edge list .csv (from,to) or .gal")->required();
  cmd->add_flag("--link-islands", o->link_islands, "join each area with no neighbours to its nearest area");
  cmd->callback([o, exit_code] { *exit_code = Run(*o); });
}

}  // namespace nhood::cli
