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

// A column of the priority table: its header, and for an indicator the
// columns of its 95% interval, shown as "value (lower to upper)".
struct PriorityColumn {
  std::string column;
  std::string label;
  std::string lower_column = "", upper_column = "";
};

struct AtlasReportInput {
  std::string title;
  std::string generated;       // e.g. the date and nhood version
  std::string summary;         // plain text, shown as a paragraph list
  geo::PolygonLayer neighbourhoods;  // lon/lat, ids = neighbourhood ids
  Table neighbourhood_table;   // one row per neighbourhood, same order
  geo::PolygonLayer hotspots;  // LSOAs in High-High / Low-Low clusters
  std::vector<std::string> hotspot_cluster;
  std::vector<std::string> hotspot_names;  // LSOA names beside the codes ("" or empty: none)
  std::vector<std::string> neighbourhood_notes;  // per neighbourhood, shown under its profile
  Table priority;              // rows in priority order
  std::vector<PriorityColumn> priority_columns;  // the local authority: local_authority_name
  std::vector<SpineIndicator> spine;
  std::vector<std::string> sources;  // data sources and vintages
  std::vector<std::string> methods;
};

std::string RenderAtlasReport(const AtlasReportInput& in);

// True when Leaflet was embedded at build time.
bool MapsAvailable();

}  // namespace nhood::report
