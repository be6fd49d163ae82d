#include "nhood/evaluate/sroi.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "nhood/base/number.h"

namespace nhood::evaluate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Display forms for the chain's descriptions (the values stay exact).
std::string Pounds(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "£%.2f", v);
  return buf;
}

std::string Percent(double rate) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g%%", rate * 100);
  return buf;
}

// Drops floating-point noise from derived range ends (0.30000000000000004).
double Tidy(double v) { return std::round(v * 1e12) / 1e12; }

std::string Where(size_t i, const SroiOutcome& o) { return "outcome " + std::to_string(i + 1) + " ('" + o.name + "')"; }

Status CheckValue(const std::string& where, const std::string& key, double v, double lo, double hi,
                  const std::string& allowed) {
  if (!std::isfinite(v) || v < lo || v > hi) {
    return InvalidArgument(where + ": " + key + " = " + FormatNumber(v) + ": allowed " + allowed);
  }
  return Status::Ok();
}

Status CheckRange(const std::string& where, const std::string& key, const std::optional<SroiRange>& r, double lo,
                  double hi, const std::string& allowed) {
  if (!r) return Status::Ok();
  NHOOD_RETURN_IF_ERROR(CheckValue(where, key + "_range low", r->low, lo, hi, allowed));
  NHOOD_RETURN_IF_ERROR(CheckValue(where, key + "_range high", r->high, lo, hi, allowed));
  if (r->low > r->high) {
    return InvalidArgument(where + ": " + key + "_range = [" + FormatNumber(r->low) + ", " + FormatNumber(r->high) +
                           "]: low must not exceed high");
  }
  return Status::Ok();
}

constexpr double kMaxMoney = 1e15;

Status Validate(const SroiInput& in) {
  if (in.outcomes.empty()) return InvalidArgument("sroi: no outcomes: give at least one [[outcome]]");
  NHOOD_RETURN_IF_ERROR(CheckValue("sroi", "investment", in.investment, 1e-9, kMaxMoney, "a positive amount in £"));
  NHOOD_RETURN_IF_ERROR(
      CheckRange("sroi", "investment", in.investment_range, 1e-9, kMaxMoney, "a positive amount in £"));
  NHOOD_RETURN_IF_ERROR(CheckValue("sroi", "discount_rate", in.discount_rate, 0, 0.999999, "0 up to 1, e.g. 0.035"));
  NHOOD_RETURN_IF_ERROR(
      CheckRange("sroi", "discount_rate", in.discount_rate_range, 0, 0.999999, "0 up to 1, e.g. 0.035"));
  NHOOD_RETURN_IF_ERROR(
      CheckValue("sroi", "sensitivity_relative", in.sensitivity_relative, 0, 1, "0 to 1, e.g. 0.5 for +-50%"));
  for (size_t i = 0; i < in.outcomes.size(); ++i) {
    const SroiOutcome& o = in.outcomes[i];
    const std::string w = Where(i, o);
    if (o.name.empty()) return InvalidArgument(w + ": name: give the outcome a name");
    for (size_t j = 0; j < i; ++j) {
      if (in.outcomes[j].name == o.name) return InvalidArgument(w + ": name: '" + o.name + "' is used twice");
    }
    NHOOD_RETURN_IF_ERROR(CheckValue(w, "quantity", o.quantity, 0, kMaxMoney, "0 or more"));
    NHOOD_RETURN_IF_ERROR(CheckRange(w, "quantity", o.quantity_range, 0, kMaxMoney, "0 or more"));
    NHOOD_RETURN_IF_ERROR(CheckValue(w, "proxy", o.proxy, 0, kMaxMoney, "0 or more (£ per unit per year)"));
    NHOOD_RETURN_IF_ERROR(CheckRange(w, "proxy", o.proxy_range, 0, kMaxMoney, "0 or more (£ per unit per year)"));
    const std::pair<const char*, std::pair<double, const std::optional<SroiRange>*>> props[] = {
        {"deadweight", {o.deadweight, &o.deadweight_range}},
        {"attribution", {o.attribution, &o.attribution_range}},
        {"displacement", {o.displacement, &o.displacement_range}},
        {"drop_off", {o.drop_off, &o.drop_off_range}},
    };
    for (const auto& [key, vr] : props) {
      NHOOD_RETURN_IF_ERROR(CheckValue(w, key, vr.first, 0, 1, "a proportion from 0 to 1"));
      NHOOD_RETURN_IF_ERROR(CheckRange(w, key, *vr.second, 0, 1, "a proportion from 0 to 1"));
    }
    NHOOD_RETURN_IF_ERROR(CheckValue(w, "duration", o.duration, 1, 100, "a whole number of years from 1 to 100"));
    NHOOD_RETURN_IF_ERROR(CheckRange(w, "duration", o.duration_range, 1, 100, "whole years from 1 to 100"));
    if (o.duration_range && (o.duration_range->low != std::floor(o.duration_range->low) ||
                             o.duration_range->high != std::floor(o.duration_range->high))) {
      return InvalidArgument(w + ": duration_range: allowed whole years from 1 to 100");
    }
  }
  return Status::Ok();
}

struct Totals {
  double present_value = 0;
  double year1_impact = 0;
};

Totals Compute(const SroiInput& in, std::vector<SroiStep>* chain) {
  Totals t;
  for (const SroiOutcome& o : in.outcomes) {
    int step = 0;
    auto add = [&](std::string description, double rate, double value) {
      if (chain) chain->push_back({o.name, ++step, std::move(description), rate, value});
    };
    const double gross = o.quantity * o.proxy;
    add("gross value: quantity " + FormatNumber(o.quantity) + " x proxy " + Pounds(o.proxy) +
            (o.proxy_source.empty() ? "" : " (" + o.proxy_source + ")"),
        kNaN, gross);
    const double after_dw = gross * (1 - o.deadweight);
    add("less deadweight (would have happened anyway)", o.deadweight, after_dw);
    const double after_att = after_dw * (1 - o.attribution);
    add("less attribution (others' contribution)", o.attribution, after_att);
    const double impact = after_att * (1 - o.displacement);
    add("less displacement: impact in year 1", o.displacement, impact);
    double pv = 0;
    double undiscounted = 0;
    for (int year = 1; year <= o.duration; ++year) {
      const double value = impact * std::pow(1 - o.drop_off, year - 1);
      undiscounted += value;
      pv += value / std::pow(1 + in.discount_rate, year);
      if (year > 1) add("year " + std::to_string(year) + " after drop-off", o.drop_off, value);
    }
    add("total over " + std::to_string(o.duration) + " year(s), undiscounted", kNaN, undiscounted);
    add("present value (discounted at " + Percent(in.discount_rate) + " a year from year 1)", in.discount_rate, pv);
    t.present_value += pv;
    t.year1_impact += impact;
  }
  return t;
}

double Ratio(const SroiInput& in) { return Compute(in, nullptr).present_value / in.investment; }

SroiRange DefaultRange(double base, double relative, bool proportion) {
  SroiRange r{Tidy(base * (1 - relative)), Tidy(base * (1 + relative))};
  if (proportion) r.high = std::min(1.0, r.high);
  return r;
}

}  // namespace

Result<SroiResult> ComputeSroi(const SroiInput& input) {
  NHOOD_RETURN_IF_ERROR(Validate(input));
  SroiResult result;
  const Totals t = Compute(input, &result.chain);
  result.present_value = t.present_value;
  result.investment = input.investment;
  result.ratio = t.present_value / input.investment;
  result.net_present_value = t.present_value - input.investment;
  result.payback_months = t.year1_impact > 0 ? input.investment / (t.year1_impact / 12) : kNaN;
  int step = 0;
  result.chain.push_back({"all", ++step, "present value, all outcomes", kNaN, result.present_value});
  result.chain.push_back({"all", ++step, "investment", kNaN, input.investment});
  result.chain.push_back(
      {"all", ++step, "net present value (present value - investment)", kNaN, result.net_present_value});
  result.chain.push_back({"all", ++step, "SROI ratio (£ of social value per £1 invested)", kNaN, result.ratio});
  result.chain.push_back(
      {"all", ++step, "payback period in months (investment / monthly year-1 impact)", kNaN, result.payback_months});

  const std::string default_label = "default +-" + Percent(input.sensitivity_relative);
  auto vary = [&](const std::string& assumption, const std::string& outcome, double base,
                  const std::optional<SroiRange>& given, std::optional<SroiRange> fallback,
                  const std::function<void(SroiInput&, double)>& set, const std::string& given_label = "") {
    if (!given && !fallback) return;
    const SroiRange r = given ? *given : *fallback;
    SroiInput lo = input, hi = input;
    set(lo, r.low);
    set(hi, r.high);
    SroiSensitivity row;
    row.assumption = assumption;
    row.outcome = outcome;
    row.base = base;
    row.low = r.low;
    row.high = r.high;
    row.range = given ? (given_label.empty() ? "given" : given_label) : default_label;
    row.ratio_at_low = Ratio(lo);
    row.ratio_at_high = Ratio(hi);
    row.swing = std::fabs(row.ratio_at_high - row.ratio_at_low);
    result.sensitivity.push_back(row);
  };
  const double rel = input.sensitivity_relative;
  for (size_t i = 0; i < input.outcomes.size(); ++i) {
    const SroiOutcome& o = input.outcomes[i];
    vary("quantity", o.name, o.quantity, o.quantity_range, std::nullopt,
         [i](SroiInput& s, double v) { s.outcomes[i].quantity = v; });
    vary(
        "proxy", o.name, o.proxy, o.proxy_range, std::nullopt, [i](SroiInput& s, double v) { s.outcomes[i].proxy = v; },
        o.proxy_range_label);
    vary("deadweight", o.name, o.deadweight, o.deadweight_range, DefaultRange(o.deadweight, rel, true),
         [i](SroiInput& s, double v) { s.outcomes[i].deadweight = v; });
    vary("attribution", o.name, o.attribution, o.attribution_range, DefaultRange(o.attribution, rel, true),
         [i](SroiInput& s, double v) { s.outcomes[i].attribution = v; });
    vary("displacement", o.name, o.displacement, o.displacement_range, DefaultRange(o.displacement, rel, true),
         [i](SroiInput& s, double v) { s.outcomes[i].displacement = v; });
    vary("drop_off", o.name, o.drop_off, o.drop_off_range, DefaultRange(o.drop_off, rel, true),
         [i](SroiInput& s, double v) { s.outcomes[i].drop_off = v; });
    SroiRange d = DefaultRange(o.duration, rel, false);
    d.low = std::max(1.0, std::round(d.low));
    d.high = std::min(100.0, std::round(d.high));
    vary("duration", o.name, o.duration, o.duration_range, d,
         [i](SroiInput& s, double v) { s.outcomes[i].duration = static_cast<int>(v); });
  }
  vary("investment", "all", input.investment, input.investment_range, std::nullopt,
       [](SroiInput& s, double v) { s.investment = v; });
  vary("discount_rate", "all", input.discount_rate, input.discount_rate_range, std::nullopt,
       [](SroiInput& s, double v) { s.discount_rate = v; });
  std::stable_sort(result.sensitivity.begin(), result.sensitivity.end(),
                   [](const SroiSensitivity& a, const SroiSensitivity& b) { return a.swing > b.swing; });
  for (size_t k = 0; k < result.sensitivity.size(); ++k) result.sensitivity[k].rank = static_cast<int>(k + 1);
  return result;
}

}  // namespace nhood::evaluate
