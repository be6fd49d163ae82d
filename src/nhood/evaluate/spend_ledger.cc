#include "nhood/evaluate/spend_ledger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "nhood/base/number.h"

namespace nhood::evaluate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kNotPlaced = "not in a neighbourhood";

Status CheckAmounts(std::span<const SpendItem> items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (!std::isfinite(items[i].amount) || items[i].amount < 0) {
      return InvalidArgument("spend item " + std::to_string(i + 1) + ": amount " + FormatNumber(items[i].amount) +
                             " must be 0 or more (£)");
    }
  }
  return Status::Ok();
}

// Numeric labels first, in numeric order; then text labels.
bool ClassLess(const std::string& a, const std::string& b) {
  const std::optional<double> x = ParseNumber(a), y = ParseNumber(b);
  const bool xn = x && std::isfinite(*x), yn = y && std::isfinite(*y);
  if (xn && yn) return *x < *y || (*x == *y && a < b);
  if (xn != yn) return xn;
  return a < b;
}

}  // namespace

Result<SpendSummary> SummariseSpend(std::span<const SpendItem> items, const SpendGoal& goal) {
  if (!std::isfinite(goal.ics_budget) || goal.ics_budget <= 0) {
    return InvalidArgument("ICS budget " + FormatNumber(goal.ics_budget) + " must be more than 0 (£)");
  }
  if (!std::isfinite(goal.share) || goal.share <= 0 || goal.share > 1) {
    return InvalidArgument("goal share " + FormatNumber(goal.share) + " must be above 0 and at most 1 (0.01 = 1%)");
  }
  NHOOD_RETURN_IF_ERROR(CheckAmounts(items));
  SpendSummary s;
  s.items = items.size();
  for (const SpendItem& it : items) {
    s.total_spend += it.amount;
    if (it.community_led) {
      s.community_led_spend += it.amount;
      ++s.community_led_items;
    }
  }
  s.ics_budget = goal.ics_budget;
  s.goal_share = goal.share;
  s.goal_amount = goal.ics_budget * goal.share;
  s.community_led_share = s.community_led_spend / goal.ics_budget;
  s.gap_to_goal = std::max(0.0, s.goal_amount - s.community_led_spend);
  s.goal_met = s.community_led_spend >= s.goal_amount;
  return s;
}

Result<std::vector<ClassSpend>> SpendByClass(std::span<const SpendItem> items,
                                             std::span<const NeighbourhoodClass> neighbourhoods) {
  NHOOD_RETURN_IF_ERROR(CheckAmounts(items));
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < neighbourhoods.size(); ++i) {
    const NeighbourhoodClass& n = neighbourhoods[i];
    if (!index.emplace(n.id, i).second) {
      return InvalidArgument("neighbourhood '" + n.id + "' appears more than once in the neighbourhoods table");
    }
    if (!std::isfinite(n.population) || n.population < 0) {
      return InvalidArgument("neighbourhood '" + n.id + "': population " + FormatNumber(n.population) +
                             " must be 0 or more");
    }
  }
  auto less = [](const std::string& a, const std::string& b) { return ClassLess(a, b); };
  std::map<std::string, ClassSpend, decltype(less)> by(less);
  for (const NeighbourhoodClass& n : neighbourhoods) {
    ClassSpend& c = by[n.cls];
    c.cls = n.cls;
    ++c.neighbourhoods;
    c.population += n.population;
  }
  ClassSpend unplaced;
  unplaced.cls = kNotPlaced;
  unplaced.population = kNaN;
  bool any_unplaced = false;
  for (size_t i = 0; i < items.size(); ++i) {
    const SpendItem& it = items[i];
    ClassSpend* c = &unplaced;
    if (it.neighbourhood.empty()) {
      any_unplaced = true;
    } else {
      auto f = index.find(it.neighbourhood);
      if (f == index.end()) {
        return NotFound("spend item " + std::to_string(i + 1) + ": neighbourhood '" + it.neighbourhood +
                        "' is not in the neighbourhoods table");
      }
      c = &by[neighbourhoods[f->second].cls];
    }
    c->total_spend += it.amount;
    if (it.community_led) c->community_led_spend += it.amount;
  }
  std::vector<ClassSpend> out;
  for (auto& [label, c] : by) {
    c.community_led_per_head = c.population > 0 ? c.community_led_spend / c.population : kNaN;
    c.total_per_head = c.population > 0 ? c.total_spend / c.population : kNaN;
    out.push_back(c);
  }
  if (any_unplaced) {
    unplaced.community_led_per_head = kNaN;
    unplaced.total_per_head = kNaN;
    out.push_back(unplaced);
  }
  return out;
}

}  // namespace nhood::evaluate
