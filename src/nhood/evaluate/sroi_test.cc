#include "nhood/evaluate/sroi.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::evaluate {
namespace {

// One outcome worked by hand: 100 people x £1,000 = £100,000 gross;
// deadweight 20% -> 80,000; attribution 25% -> 60,000; displacement 10% ->
// 54,000 (year 1); drop-off 50% -> 27,000 (year 2). Present value at 3.5%
// from year 1: 54,000/1.035 + 27,000/1.035^2 = 77,378.70195337114;
// investment £100,000 -> ratio 0.7737870195337114; payback 100,000 /
// (54,000/12) = 22.2 months.
SroiInput HandExample() {
  SroiInput in;
  in.investment = 100000;
  in.discount_rate = 0.035;
  SroiOutcome o;
  o.name = "wellbeing";
  o.quantity = 100;
  o.proxy = 1000;
  o.deadweight = 0.2;
  o.attribution = 0.25;
  o.displacement = 0.1;
  o.drop_off = 0.5;
  o.duration = 2;
  in.outcomes.push_back(o);
  return in;
}

TEST(ComputeSroi, AdjustmentChainByHand) {
  const auto r = ComputeSroi(HandExample());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const double expected[] = {100000, 80000, 60000, 54000, 27000, 81000, 77378.70195337114};
  ASSERT_GE(r->chain.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(r->chain[i].outcome, "wellbeing");
    EXPECT_NEAR(r->chain[i].value, expected[i], 1e-8) << r->chain[i].description;
  }
  EXPECT_NEAR(r->present_value, 77378.70195337114, 1e-8);
  EXPECT_NEAR(r->ratio, 0.7737870195337114, 1e-14);
  EXPECT_NEAR(r->net_present_value, 77378.70195337114 - 100000, 1e-8);
  EXPECT_NEAR(r->payback_months, 100000 / (54000.0 / 12), 1e-10);
  EXPECT_EQ(r->chain.back().outcome, "all");
}

// Deadweight 0.2 with the default +-50% range: 0.1 and 0.3, so the ratio
// scales by 0.9/0.8 and 0.7/0.8.
TEST(ComputeSroi, SensitivityDefaultRangeByHand) {
  const auto r = ComputeSroi(HandExample());
  ASSERT_TRUE(r.ok());
  const SroiSensitivity* dw = nullptr;
  for (const auto& s : r->sensitivity) {
    if (s.assumption == "deadweight") dw = &s;
  }
  ASSERT_NE(dw, nullptr);
  EXPECT_DOUBLE_EQ(dw->low, 0.1);
  EXPECT_DOUBLE_EQ(dw->high, 0.3);
  EXPECT_EQ(dw->range, "default +-50%");
  EXPECT_NEAR(dw->ratio_at_low, 0.7737870195337114 * 0.9 / 0.8, 1e-12);
  EXPECT_NEAR(dw->ratio_at_high, 0.7737870195337114 * 0.7 / 0.8, 1e-12);
  // Quantity and proxy carry no range: not varied.
  for (const auto& s : r->sensitivity) EXPECT_NE(s.assumption, "quantity");
}

TEST(ComputeSroi, TornadoOrderIsLargestSwingFirst) {
  SroiInput in = HandExample();
  in.outcomes[0].proxy_range = SroiRange{500, 2000};
  in.discount_rate_range = SroiRange{0.015, 0.035};
  const auto r = ComputeSroi(in);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sensitivity.size(), 7u);  // proxy, 4 proportions, duration, discount rate
  EXPECT_EQ(r->sensitivity[0].assumption, "proxy");
  EXPECT_EQ(r->sensitivity[0].range, "given");
  EXPECT_NEAR(r->sensitivity[0].ratio_at_high, 2 * 0.7737870195337114, 1e-12);
  for (size_t i = 1; i < r->sensitivity.size(); ++i) {
    EXPECT_GE(r->sensitivity[i - 1].swing, r->sensitivity[i].swing);
    EXPECT_EQ(r->sensitivity[i].rank, static_cast<int>(i + 1));
  }
}

// Duration 2 with +-50%: 1 and 3 years.
TEST(ComputeSroi, DurationRangeInWholeYears) {
  const auto r = ComputeSroi(HandExample());
  ASSERT_TRUE(r.ok());
  for (const auto& s : r->sensitivity) {
    if (s.assumption != "duration") continue;
    EXPECT_EQ(s.low, 1);
    EXPECT_EQ(s.high, 3);
    EXPECT_NEAR(s.ratio_at_low, 54000 / 1.035 / 100000, 1e-12);
    EXPECT_NEAR(s.ratio_at_high, (54000 / 1.035 + 27000 / std::pow(1.035, 2) + 13500 / std::pow(1.035, 3)) / 100000,
                1e-12);
  }
}

TEST(ComputeSroi, BadAssumptionsNameOutcomeAndKey) {
  SroiInput in = HandExample();
  in.outcomes[0].deadweight = 1.2;
  auto r = ComputeSroi(in);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("outcome 1 ('wellbeing'): deadweight = 1.2: allowed a proportion from 0 to 1"),
            std::string::npos)
      << r.error().message;
  in = HandExample();
  in.outcomes[0].duration = 0;
  EXPECT_FALSE(ComputeSroi(in).ok());
  in = HandExample();
  in.investment = 0;
  EXPECT_FALSE(ComputeSroi(in).ok());
  in = HandExample();
  in.outcomes[0].attribution_range = SroiRange{0.5, 0.1};
  r = ComputeSroi(in);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("low must not exceed high"), std::string::npos);
  in.outcomes.clear();
  EXPECT_FALSE(ComputeSroi(in).ok());
}

}  // namespace
}  // namespace nhood::evaluate
