// The self-contained HTML page of `nhood survey report` (issue 10 item 9):
// the findings table (each measure against each benchmark), benchmark dot
// plots with intervals and the estimates by wave as chart figures
// (chart_figure.h: data for Observable Plot, inline SVG or a list of values
// as the no-script fallback; no network), the wave,
// panel, retention and missing-response tables, and the report's notes (the
// "not a causal comparison" note first). Text is HTML-escaped. Pure.
#pragma once

#include <string>

#include "nhood/evaluate/survey_report.h"

namespace nhood::evaluate {

std::string SurveyReportHtml(const SurveyReport& report, const std::string& title);

}  // namespace nhood::evaluate
