#include "nhood/evaluate/escape_html.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

TEST(EscapeHtml, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(EscapeHtml, LeavesOtherTextAlone) {
  EXPECT_EQ(EscapeHtml("£1,234 — ratio 3.2 : 1"), "£1,234 — ratio 3.2 : 1");
  EXPECT_EQ(EscapeHtml(""), "");
}

}  // namespace
}  // namespace nhood::evaluate
