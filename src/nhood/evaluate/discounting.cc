#include "nhood/evaluate/discounting.h"

#include <cmath>
#include <string>

#include "nhood/base/number.h"

namespace nhood::evaluate {

namespace {

Status CheckRate(double rate) {
  if (!std::isfinite(rate) || rate < 0 || rate >= 1) {
    return InvalidArgument("discount rate " + FormatNumber(rate) +
                           " must be a proportion from 0 up to (not including) 1, e.g. 0.015 for 1.5%");
  }
  return Status::Ok();
}

}  // namespace

Result<double> DiscountFactor(double rate, int year) {
  NHOOD_RETURN_IF_ERROR(CheckRate(rate));
  if (year < 0) return InvalidArgument("discount year " + std::to_string(year) + " must be 0 or later");
  return std::pow(1.0 + rate, -static_cast<double>(year));
}

Result<double> AnnuityFactor(double rate, int years, int first_year) {
  NHOOD_RETURN_IF_ERROR(CheckRate(rate));
  if (years < 1) return InvalidArgument("years " + std::to_string(years) + " must be 1 or more");
  if (first_year < 0) return InvalidArgument("first year " + std::to_string(first_year) + " must be 0 or later");
  double sum = 0;
  for (int t = first_year; t < first_year + years; ++t) sum += std::pow(1.0 + rate, -static_cast<double>(t));
  return sum;
}

}  // namespace nhood::evaluate
