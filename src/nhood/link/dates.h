// Calendar dates and instants for the link service, and their ISO 8601 text.
//
// A Date is a civil day (std::chrono::year_month_day), used for dates of
// birth, contact dates and consent dates. A Time is an instant to the second
// (std::chrono::sys_seconds, UTC), used for workflow transitions, sessions and
// audit events. Stores keep dates as "YYYY-MM-DD" text and times as integer
// Unix seconds. All functions are pure and thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "nhood/base/result.h"

namespace nhood::link {

using Date = std::chrono::year_month_day;
using Time = std::chrono::sys_seconds;

// "2026-03-01" → Date. Returns kInvalidArgument naming `field` for anything
// that is not a valid Gregorian date in exactly that form.
Result<Date> ParseDate(std::string_view text, std::string_view field = "date");
// Date → "YYYY-MM-DD".
std::string FormatDate(Date date);

// "2026-03-01T09:30:00Z" → Time (UTC only, 'Z' required). kInvalidArgument
// naming `field` otherwise.
Result<Time> ParseTime(std::string_view text, std::string_view field = "time");
// Time → "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTime(Time time);

// Unix seconds ↔ Time (how stores keep instants).
inline int64_t ToUnixSeconds(Time t) { return t.time_since_epoch().count(); }
inline Time FromUnixSeconds(int64_t s) { return Time(std::chrono::seconds(s)); }

// The civil day (UTC) that `t` falls on.
Date DateOf(Time t);

// Whole years from `birth` to `on` (the age on that day); 0 when on < birth.
int AgeInYears(Date birth, Date on);

}  // namespace nhood::link
