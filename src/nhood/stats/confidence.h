// Confidence levels as PHEindicatormethods takes them, and their z values.
//
// A level may be given as a fraction (0.9 to 1) or a percentage (90 to 100);
// PHEindicatormethods accepts both and so do we. Column suffixes follow the
// reference: 0.95 -> "95_0", 0.998 -> "99_8", 0.9 -> "90_0".
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::stats {

// The level as a fraction. kInvalidArgument unless 0.9 <= level <= 1 or
// 90 <= level <= 100 (the reference's accepted range).
Result<double> NormaliseConfidence(double level);

// z = qnorm(level + (1 - level) / 2), the two-sided normal critical value,
// computed as the reference does. Infinity for level 1.
// NOTE: this is qnorm(0.975) = 1.959963984540054 at 95%, not 1.96.
Result<double> TwoSidedZ(double level);

// "95_0" for 0.95, "99_8" for 0.998, "99_0" for 0.99.
std::string ConfidenceSuffix(double level);

// Parses "0.95,0.998" (or "95,99.8") into normalised levels.
Result<std::vector<double>> ParseConfidenceList(const std::string& text);

}  // namespace nhood::stats
