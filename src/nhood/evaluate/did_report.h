// The `nhood did` report: one self-contained HTML page (no script, no
// external asset; the chart is inline SVG) with the difference-in-
// differences by comparison and outcome with their bootstrap intervals, the
// shares before and after, the balance table of the matching, the caveats
// (parallel trends, age structure, census mode) and the provenance.
// Pure function of its input; thread-safe.
#pragma once

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

// `text` with &, <, >, " and ' escaped for HTML.
std::string EscapeHtml(const std::string& text);

}  // namespace nhood::evaluate
