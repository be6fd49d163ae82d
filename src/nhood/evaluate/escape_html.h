// Text made safe for HTML element content and quoted attribute values: the
// one escaper of the evaluation reports (survey, DiD, SROI) and their chart
// figures.
#pragma once

#include <string>
#include <string_view>

namespace nhood::evaluate {

// `text` with &, <, >, " and ' replaced by their character references.
std::string EscapeHtml(std::string_view text);

}  // namespace nhood::evaluate
