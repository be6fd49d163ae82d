#include "apps/cli/weights_spec.h"

#include <cmath>

#include "apps/cli/id_list.h"
#include "nhood/base/number.h"
#include "nhood/geo/contiguity.h"
#include "nhood/geo/distance_weights.h"
#include "nhood/geo/weights_format.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/io/validate.h"

namespace nhood::cli {
namespace {

Result<std::vector<geo::Point>> MetricCentroids(const geo::PolygonLayer& layer, const std::string& use) {
  NHOOD_RETURN_IF_ERROR(io::CheckMetricCoordinates(layer, use));  // no CRS, degree-like coordinates
  std::vector<geo::Point> c;
  for (const auto& p : layer.polygons) c.push_back(geo::Centroid(p));
  if (layer.projected || layer.crs.empty()) return c;
  return io::ReprojectPoints(c, layer.crs, "EPSG:27700");
}

Result<double> PositiveNumber(const std::string& spec, const std::string& text) {
  std::optional<double> v = ParseNumber(text);
  if (!v || !(*v > 0)) return InvalidArgument("--weights " + spec + ": '" + text + "' is not a positive number");
  return *v;
}

}  // namespace

Result<geo::SpatialWeights> BuildWeights(const geo::PolygonLayer& layer, const std::string& spec, bool link_islands,
                                         WeightsReport* report) {
  geo::SpatialWeights w;
  const size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (spec == "queen" || spec == "rook") {
    NHOOD_ASSIGN_OR_RETURN(w, geo::ContiguityWeights(layer, {.queen = spec == "queen"}));
    report->description = spec + " contiguity (same sets as spdep::poly2nb)";
  } else if (kind == "knn" || kind == "distance" || kind == "idw") {
    NHOOD_ASSIGN_OR_RETURN(auto centroids, MetricCentroids(layer, "--weights " + spec));
    NHOOD_ASSIGN_OR_RETURN(double v, PositiveNumber(spec, arg));
    if (kind == "knn") {
      NHOOD_ASSIGN_OR_RETURN(w, geo::KNearestWeights(layer.ids, centroids, static_cast<int>(v)));
      report->description = arg + " nearest neighbours (centroids, EPSG:27700)";
    } else if (kind == "distance") {
      NHOOD_ASSIGN_OR_RETURN(w, geo::DistanceBandWeights(layer.ids, centroids, v));
      report->description = "distance band " + arg + " m (centroids, EPSG:27700)";
    } else {
      NHOOD_ASSIGN_OR_RETURN(w, geo::InverseDistanceWeights(layer.ids, centroids, v));
      report->description = "inverse distance within " + arg + " m (centroids, EPSG:27700)";
    }
  } else {
    const std::string ext = io::Extension(spec);
    if (ext == "gal" || ext == "gwt") {
      NHOOD_ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(spec));
      if (ext == "gal") {
        NHOOD_ASSIGN_OR_RETURN(w, geo::ParseGal(text, layer.ids, spec));
      } else {
        NHOOD_ASSIGN_OR_RETURN(w, geo::ParseGwt(text, layer.ids, spec));
      }
    } else if (ext == "csv") {
      NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(spec));
      NHOOD_ASSIGN_OR_RETURN(size_t from, t.Require("from"));
      NHOOD_ASSIGN_OR_RETURN(size_t to, t.Require("to"));
      std::vector<double> wt;
      if (t.Find("weight")) {
        NHOOD_ASSIGN_OR_RETURN(wt, t.GetNumbers("weight"));
      }
      std::vector<std::string> f, g;
      for (size_t r = 0; r < t.num_rows(); ++r) {
        f.push_back(t.Cell(from, r));
        g.push_back(t.Cell(to, r));
      }
      NHOOD_ASSIGN_OR_RETURN(w, geo::FromEdges(f, g, layer.ids, wt, spec));
    } else {
      return InvalidArgument("--weights '" + spec +
                             "': expected queen, rook, knn:K, distance:METRES, idw:METRES or a .gal/.gwt/.csv file");
    }
    report->description = "from " + spec;
  }
  if (link_islands && !w.Islands().empty()) {
    NHOOD_ASSIGN_OR_RETURN(auto centroids, MetricCentroids(layer, "--link-islands"));
    w = geo::LinkIslandsToNearest(w, centroids, &report->linked);
  }
  report->islands = w.Islands();
  report->components = w.ConnectedComponents().count;
  report->symmetric = w.IsSymmetric();
  return w;
}

std::string DescribeWeights(const geo::SpatialWeights& w, const WeightsReport& r) {
  std::string s = "weights: " + r.description + "; " + std::to_string(w.size()) + " areas, " +
                  std::to_string(w.num_links()) + " links, mean " +
                  FormatNumber(std::round(100.0 * w.num_links() / w.size()) / 100) + " neighbours, " +
                  std::to_string(r.components) + " connected component(s), " + (r.symmetric ? "symmetric" : "not symmetric");
  auto list = [&](const std::vector<size_t>& v) {
    std::vector<std::string> ids;
    for (size_t i : v) ids.push_back(w.ids()[i]);
    return FirstIds(ids);
  };
  if (!r.linked.empty()) s += "\nweights: " + std::to_string(r.linked.size()) + " island(s) linked to the nearest area: " + list(r.linked);
  if (!r.islands.empty()) {
    s += "\nweights: " + std::to_string(r.islands.size()) + " island(s) with no neighbours (flagged, no p-value): " +
         list(r.islands) + " (use --link-islands to join each to its nearest area)";
  }
  return s;
}

}  // namespace nhood::cli
