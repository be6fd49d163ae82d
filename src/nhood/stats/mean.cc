#include "nhood/stats/mean.h"

#include <cmath>

#include "nhood/stats/distributions.h"

namespace nhood::stats {

MeanEstimate Mean(std::span<const double> values, const std::vector<double>& confidence) {
  MeanEstimate m;
  double sum = 0, count = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++count;
  }
  m.count = count;
  m.estimate.method = "Student's t";
  if (count == 0) {
    m.estimate = Undefined(confidence, "no values");
    m.estimate.method = "Student's t";
    m.estimate.denominator = 0;
    return m;
  }
  m.sum = sum;
  const double mean = sum / count;
  double ss = 0;
  for (double v : values) {
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  }
  m.sd = count > 1 ? std::sqrt(ss / (count - 1)) : kNaN;
  m.estimate.value = mean;
  m.estimate.numerator = sum;
  m.estimate.denominator = count;
  for (double c : confidence) {
    Interval ci{kNaN, kNaN, c};
    if (count > 1) {
      Result<double> t = StudentTQuantile((1.0 - c) / 2.0, count - 1);
      if (t) {
        const double half = std::fabs(*t) * m.sd / std::sqrt(count);
        ci.lower = mean - half;
        ci.upper = mean + half;
      }
    }
    m.estimate.intervals.push_back(ci);
  }
  if (count == 1) m.estimate.status = "one value: no interval";
  return m;
}

}  // namespace nhood::stats
