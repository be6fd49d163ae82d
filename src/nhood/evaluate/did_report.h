// The `nhood did` report: one self-contained HTML page (no external asset;
// the charts are chart figures, evaluate/chart_figure.h, with inline SVG or
// a list of values as their no-script fallback) with the difference-in-
// differences by comparison and outcome with their bootstrap intervals, the
// shares before and after, the balance table of the matching, the caveats
// (parallel trends, age structure, census mode) and the provenance.
// Pure function of its input; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhood/evaluate/did.h"

namespace nhood::evaluate {

struct DidReportInput {
  std::string title;
  std::string generated;                 // date, nhood version, licence line
  std::vector<DidEstimate> estimates;
  std::vector<BalanceRow> balance;
  std::vector<std::string> summary;      // one paragraph each
  std::vector<std::string> caveats;
  std::vector<std::string> methods;
  std::vector<std::string> sources;      // "what: file"
  std::vector<std::string> provenance;   // "seed: 1", "replicates: 999", ...
};

std::string RenderDidReport(const DidReportInput& in);

// What the report's words need to know about a run beyond its result.
struct DidRunFacts {
  MatchingOptions matching;
  uint64_t seed = 0;
  int replicates = 0;
  std::string treated_level;           // lsoa | ward | polygon
  size_t treated_rows = 0;             // rows of the treated list kept, or polygons
  std::string treated_note;            // how polygons selected the LSOAs (empty for a list)
  size_t split_sources = 0;            // later-census areas shared by the bridge
  bool ages_matched = false;           // age shares among the covariates
  std::vector<std::string> covariate_notes;  // "name: what and where from"
};

// The run in plain lines: the groups, each estimate with its interval, the
// matching and its worst |SMD|, failed replicates and dropped deciles.
std::vector<std::string> DescribeDid(const DidResult& result, const DidRunFacts& facts);
// The caveats every report carries: parallel trends, no age
// standardisation, Census 2021 in lockdown, the bridge, the bootstrap.
std::vector<std::string> DidCaveats(const DidRunFacts& facts);
// The methods as run (comparisons, matching settings, covariates, balance,
// bootstrap).
std::vector<std::string> DidMethods(const DidResult& result, const DidRunFacts& facts);

}  // namespace nhood::evaluate
