// The `nhood value sroi --report` page: one self-contained HTML file (no
// script, no stylesheet or image fetched; the chart is inline SVG) with the
// totals, the adjustment chain step by step as ComputeSroi gives it, a
// tornado chart of the one-at-a-time sensitivity and its table, the method
// and the provenance.
//
// Tornado chart: one horizontal bar per row of SroiResult::sensitivity, in
// its order (largest swing on top), spanning the SROI ratio at the
// assumption's low and at its high value, on an axis of the ratio with a
// line at the base ratio; the part of a bar left of the base is one colour,
// the part right of it another. Each bar carries its numbers as data-
// attributes (data-rank, data-ratio-low, data-ratio-high, data-swing) and a
// <title>, so the page can be checked against the sensitivity table.
// Pure function of its input; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/evaluate/sroi.h"

namespace nhood::evaluate {

struct SroiReportInput {
  std::string title;
  std::string generated;                // date, nhood version, licence line
  const SroiInput* input = nullptr;     // REQUIRES: non-null
  const SroiResult* result = nullptr;   // REQUIRES: non-null, ComputeSroi(*input)
  std::vector<std::string> provenance;  // "configuration: FILE", "discounting: ...", ...
};

std::string RenderSroiReport(const SroiReportInput& in);

// The tornado chart alone (the <svg> element), for the report and its test.
std::string SroiTornadoSvg(const std::vector<SroiSensitivity>& sensitivity, double base_ratio);

}  // namespace nhood::evaluate
