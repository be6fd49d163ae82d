// The atlas report: one self-contained HTML page that works offline, with a
// map of neighbourhoods (risk tiers, double disadvantage) and hot spots, a
// Fingertips-style spine chart per neighbourhood against England, the
// priority table, and the methods, data sources and vintages.
// Pure function of its inputs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"

namespace nhood::report {

struct SpineIndicator {
  std::string column;          // column of the neighbourhoods table
  std::string label;
  double england = 0;          // England value (NaN when none)
  bool higher_is_worse = true;
  std::string significance_column;  // "" or a column of Better/Worse/Similar
};

struct AtlasReportInput {
  std::string title;
  std::string generated;       // e.g. the date and nhood version
  std::string summary;         // plain text, shown as a paragraph list
  geo::PolygonLayer neighbourhoods;  // lon/lat, ids = neighbourhood ids
  Table neighbourhood_table;   // one row per neighbourhood, same order
  geo::PolygonLayer hotspots;  // LSOAs in High-High / Low-Low clusters
  std::vector<std::string> hotspot_cluster;
  Table priority;              // rows in priority order
  std::vector<std::string> priority_columns;
  std::vector<SpineIndicator> spine;
  std::vector<std::string> sources;  // data sources and vintages
  std::vector<std::string> methods;
};

std::string RenderAtlasReport(const AtlasReportInput& in);

// True when Leaflet was embedded at build time.
bool MapsAvailable();

}  // namespace nhood::report
