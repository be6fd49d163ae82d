#include "nhood/base/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace nhood {
namespace {

std::string Drain(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(Progress, SilentWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("work", 10, {.stream = f});
    p.Advance(10);
  }
  EXPECT_EQ(Drain(f), "");
  std::fclose(f);
}

TEST(Progress, ForcedDrawEndsAtHundredPercent) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("work", 4, {.force = true, .stream = f});
    p.Advance(2);
    p.Finish();
    EXPECT_EQ(p.done(), 4u);
  }
  std::string out = Drain(f);
  EXPECT_NE(out.find("work"), std::string::npos);
  EXPECT_NE(out.find("100%"), std::string::npos);
  EXPECT_EQ(out.back(), '\n');
  std::fclose(f);
}

}  // namespace
}  // namespace nhood
