// Text <-> double conversions used wherever numbers cross a file boundary.
//
// Parsing accepts what R, Excel and ONS exports write for numbers (leading and
// trailing spaces, a leading '+', exponent forms) and treats "", "NA", "NaN"
// and "N/A" as missing. Formatting gives the shortest text that reads back
// to the same double, so values survive a round trip to the last bit.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nhood {

// True for the spellings of a missing value: "", "NA", "NaN", "N/A" (after
// trimming spaces).
bool IsMissingText(std::string_view text);

// The number in `text`, NaN if it is a missing spelling, or nullopt if it is
// neither (e.g. "abc", "1.2.3", "12 apples").
std::optional<double> ParseNumber(std::string_view text);

// Shortest round-trip decimal form ("0.1", "13487", "1e-05"); "" for NaN;
// "Inf" / "-Inf" for infinities.
std::string FormatNumber(double value);

}  // namespace nhood
