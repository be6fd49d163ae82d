#include "nhood/evaluate/report_page.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

TEST(ReportPage, BodyIsOneMainWithEachTableInAFocusableScrollBox) {
  const std::string page =
      "<html><head><style>p{}</style></head><body>\n<h1>t</h1>\n<table id=\"a\"><tr><td>1</td></tr></table>\n"
      "<p>x</p><table></table>\n</body></html>\n";
  const std::string framed = FramedPage(page);
  // The CSS goes at the end of the first <style>, after the page's own rules.
  EXPECT_EQ(framed.find("p{}.table-box{overflow-x:auto;"), page.find("p{}")) << framed;
  EXPECT_LT(framed.find(".table-box{"), framed.find("</style>"));
  const std::string body = framed.substr(framed.find("<body>"));
  EXPECT_EQ(body,
            "<body><main>\n<h1>t</h1>\n<div class=\"table-box\" tabindex=\"0\"><table id=\"a\"><tr><td>1</td></tr>"
            "</table></div>\n<p>x</p><div class=\"table-box\" tabindex=\"0\"><table></table></div>\n</main></body>"
            "</html>\n");
}

TEST(ReportPage, APageWithoutABodyIsLeftAsItIs) { EXPECT_EQ(FramedPage("<p>no body</p>"), "<p>no body</p>"); }

}  // namespace
}  // namespace nhood::evaluate
