#include "nhood/evaluate/report_page.h"

#include <string_view>

namespace nhood::evaluate {
namespace {

constexpr std::string_view kCss =
    ".table-box{overflow-x:auto;max-width:100%}.table-box:focus{outline:2px solid #1d70b8}"
    "@media print{.table-box{overflow:visible}}";

std::string BoxedTables(std::string_view body) {
  static constexpr std::string_view kOpen = "<table", kClose = "</table>";
  std::string out;
  out.reserve(body.size() + 256);
  size_t at = 0;
  while (true) {
    const size_t open = body.find(kOpen, at);
    if (open == std::string_view::npos) break;
    const size_t close = body.find(kClose, open);
    if (close == std::string_view::npos) break;
    const size_t end = close + kClose.size();
    out.append(body.substr(at, open - at));
    out += "<div class=\"table-box\" tabindex=\"0\">";
    out.append(body.substr(open, end - open));
    out += "</div>";
    at = end;
  }
  out.append(body.substr(at));
  return out;
}

}  // namespace

std::string FramedPage(const std::string& html) {
  const std::string_view page(html);
  const size_t body_tag = page.find("<body>");
  const size_t body_end = page.rfind("</body>");
  if (body_tag == std::string_view::npos || body_end == std::string_view::npos || body_end < body_tag) return html;
  const size_t body = body_tag + 6;
  std::string head(page.substr(0, body));
  if (const size_t style = head.find("</style>"); style != std::string::npos) head.insert(style, kCss);
  return head + "<main>" + BoxedTables(page.substr(body, body_end - body)) + "</main>" +
         std::string(page.substr(body_end));
}

}  // namespace nhood::evaluate
