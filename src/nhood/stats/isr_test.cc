#include "nhood/stats/isr.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

// PHEindicatormethods 2.1.0 calculate_ISRatio / calculate_ISRate, group I001
// of ../shared/reference/cases/isr_*.csv (the full case runs through `nhood
// indicators isr` in reference_cases_test): from its totals alone.
TEST(IsrFromTotals, MatchesPheCase) {
  IsrOptions o;
  o.confidence = {0.95, 0.998};
  o.ref_value = 100;
  o.multiplier = 100000;
  const IsrEstimate r = IsrFromTotals(5987, 6684.9673048302566, 4103.7611641409112 / 100000, o);
  EXPECT_NEAR(r.ratio.value, 89.559151555970402, 1e-9);
  EXPECT_NEAR(r.ratio.intervals[1].upper, 93.193932525365781, 1e-9);
  EXPECT_NEAR(r.rate.value, 3675.2936804880142, 1e-8);
  EXPECT_NEAR(r.rate.intervals[0].lower, 3582.7793879701476, 1e-8);
  EXPECT_EQ(r.ratio.method, "Byars");
  EXPECT_EQ(r.ratio.numerator, 5987);
}

TEST(IsrFromTotals, IsIsrOfTheSums) {
  const double x[] = {3, 7, 12}, n[] = {1000, 2000, 1500}, xr[] = {100, 400, 900}, nr[] = {50000, 60000, 40000};
  IsrOptions o;
  const IsrEstimate a = Isr(x, n, xr, nr, o);
  const double e = 100.0 / 50000 * 1000 + 400.0 / 60000 * 2000 + 900.0 / 40000 * 1500;
  const IsrEstimate b = IsrFromTotals(22, e, 1400.0 / 150000, o);
  EXPECT_DOUBLE_EQ(a.expected, e);
  EXPECT_DOUBLE_EQ(a.ratio.value, b.ratio.value);
  EXPECT_DOUBLE_EQ(a.ratio.intervals[0].lower, b.ratio.intervals[0].lower);
  EXPECT_DOUBLE_EQ(a.rate.intervals[0].upper, b.rate.intervals[0].upper);
  // No expected events: undefined, with the reason.
  EXPECT_TRUE(std::isnan(IsrFromTotals(3, 0, 0.01, o).ratio.value));
}

}  // namespace
}  // namespace nhood::stats
