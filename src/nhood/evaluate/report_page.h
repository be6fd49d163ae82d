// The page frame the evaluation reports (survey, DiD, SROI) share: the body
// inside one <main> landmark, and every table in a box that scrolls
// sideways on its own (keyboard-focusable, as WCAG 2.1.1 asks of a
// scrolling region), so a wide table never widens the page.
#pragma once

#include <string>

namespace nhood::evaluate {

// `html`, a whole page, with the table-box CSS added before its first
// </style>, the content between <body> and the last </body> inside
// <main>, and each "<table" … "</table>" there wrapped in
// <div class="table-box" tabindex="0">. A page without <body> is returned
// as it is.
std::string FramedPage(const std::string& html);

}  // namespace nhood::evaluate
