#include "nhood/link/outcome.h"

#include "nhood/link/internal/enum_names.h"
#include "nhood/link/swemwbs.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 3> kMeasureNames = {"ons4", "swemwbs", "mycaw"};
constexpr std::array<std::string_view, 2> kTimepointNames = {"baseline", "follow_up"};

Status ItemsInRange(std::span<const int> items, int lo, int hi, std::string_view measure) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i] < lo || items[i] > hi) {
      const std::string f = "items[" + std::to_string(i) + "]";
      return InvalidField(f, std::string(measure) + " " + f + " is " + std::to_string(items[i]) + ", outside " +
                                 std::to_string(lo) + ".." + std::to_string(hi));
    }
  }
  return Status::Ok();
}
}  // namespace

std::string_view MeasureName(Measure m) { return internal::EnumName(m, kMeasureNames); }
Result<Measure> ParseMeasure(std::string_view t) { return internal::ParseEnum<Measure>(t, kMeasureNames, "measure"); }
std::string_view TimepointName(Timepoint t) { return internal::EnumName(t, kTimepointNames); }
Result<Timepoint> ParseTimepoint(std::string_view t) {
  return internal::ParseEnum<Timepoint>(t, kTimepointNames, "timepoint");
}

Status ValidateOutcome(const Outcome& o, Date today) {
  const size_t n = o.items.size();
  switch (o.measure) {
    case Measure::kOns4:
      if (n != 4) return InvalidField("items", "ons4 needs 4 items, got " + std::to_string(n));
      NHOOD_RETURN_IF_ERROR(ItemsInRange(o.items, 0, 10, "ons4"));
      break;
    case Measure::kSwemwbs:
      if (n != 7) return InvalidField("items", "swemwbs needs 7 items, got " + std::to_string(n));
      NHOOD_RETURN_IF_ERROR(ItemsInRange(o.items, 1, 5, "swemwbs"));
      break;
    case Measure::kMycaw:
      if (n != 2 && n != 3) {
        return InvalidField("items", "mycaw needs 1 or 2 concern scores and a wellbeing score, got " +
                                         std::to_string(n) + " items");
      }
      NHOOD_RETURN_IF_ERROR(ItemsInRange(o.items, 0, 6, "mycaw"));
      if (o.concerns.size() != n - 1) {
        return InvalidField("concerns", "mycaw needs one concern for each concern score (" + std::to_string(n - 1) +
                                            "), got " + std::to_string(o.concerns.size()));
      }
      for (size_t i = 0; i < o.concerns.size(); ++i) {
        if (o.concerns[i].empty()) {
          return InvalidField("concerns[" + std::to_string(i) + "]", "concerns[" + std::to_string(i) + "] is empty");
        }
      }
      break;
  }
  if (o.measure != Measure::kMycaw && !o.concerns.empty()) {
    return InvalidField("concerns", "only mycaw has concerns");
  }
  if (!o.date.ok()) return InvalidField("date", "date is not a calendar date");
  if (std::chrono::sys_days(o.date) > std::chrono::sys_days(today)) {
    return InvalidField("date", "outcome date " + FormatDate(o.date) + " is in the future");
  }
  return Status::Ok();
}

Result<SwemwbsScore> ScoreSwemwbs(std::span<const int> items) {
  if (items.size() != 7) return InvalidField("items", "swemwbs needs 7 items, got " + std::to_string(items.size()));
  NHOOD_RETURN_IF_ERROR(ItemsInRange(items, 1, 5, "swemwbs"));
  int raw = 0;
  for (int x : items) raw += x;
  return SwemwbsScore{raw, kSwemwbsMetric[static_cast<size_t>(raw - 7)]};
}

std::string_view Ons4Band(Ons4Item item, int score) {
  if (item == Ons4Item::kAnxiety) {
    if (score <= 1) return "very_low";
    if (score <= 3) return "low";
    if (score <= 5) return "medium";
    return "high";
  }
  if (score <= 4) return "low";
  if (score <= 6) return "medium";
  if (score <= 8) return "high";
  return "very_high";
}

double MycawProfileScore(std::span<const int> items) {
  if (items.empty()) return 0;
  double sum = 0;
  for (int x : items) sum += x;
  return sum / static_cast<double>(items.size());
}

}  // namespace nhood::link
