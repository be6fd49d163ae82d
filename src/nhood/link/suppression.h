// Small-number suppression for the link service's shared reports.
//
// The rule (DESIGN.md "Conventions": "< 5 people for link reports"): a count
// of people from 1 to `below - 1` is withheld, and so is every figure that
// would reveal it (a mean or share over those people, a share whose
// complement is such a count). A zero is shown: it discloses no one. A
// withheld cell is never dropped: its row and column stay, its value is
// empty (null in JSON, an empty CSV cell), and every report counts the cells
// it withheld (`SuppressionCounter`), which the table prints. `below = 1`
// withholds nothing (for unshared, internal use only).
// Pure functions; SuppressionCounter is a copyable value, not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nhood::link {

struct SuppressionRule {
  int below = 5;  // counts 1..below-1 are withheld; REQUIRES: below >= 1
};

// True when `count` (people) must be withheld under the rule.
inline bool Withheld(int64_t count, const SuppressionRule& rule) { return count > 0 && count < rule.below; }

// Counts the cells a report withheld and remembers their names.
class SuppressionCounter {
 public:
  explicit SuppressionCounter(SuppressionRule rule = {}) : rule_(rule) {}
  const SuppressionRule& rule() const { return rule_; }

  // The count, or nullopt (counted as withheld, under `name`) when the rule
  // withholds it.
  std::optional<int64_t> Count(int64_t count, const std::string& name);
  // A figure derived from people: kept when `show` is true; otherwise
  // withheld (counted, under `name`) unless it is already empty (an
  // undefined value is not a suppression).
  std::optional<double> Figure(std::optional<double> value, bool show, const std::string& name);

  int64_t cells() const { return static_cast<int64_t>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  SuppressionRule rule_;
  std::vector<std::string> names_;
};

}  // namespace nhood::link

namespace nhood::link {

// Which cells of one column of counts to withhold when the column's total
// is shown: the primary cells (Withheld, or already withheld for another
// reason: `also`, when given, the column's size), and, when exactly one cell
// would be withheld, also the smallest other non-zero cell, so the withheld
// one cannot be found by subtracting from the total (secondary suppression).
std::vector<bool> WithheldInColumn(const std::vector<int64_t>& counts, const SuppressionRule& rule,
                                   const std::vector<bool>& also = {});

}  // namespace nhood::link
