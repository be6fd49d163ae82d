#include "nhood/link/dates.h"

#include <cstdio>

namespace nhood::link {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Error Bad(std::string_view field, std::string_view what, std::string_view text) {
  return InvalidField(std::string(field),
                      std::string(field) + ": '" + std::string(text) + "' is not " + std::string(what));
}

}  // namespace

Result<Date> ParseDate(std::string_view text, std::string_view field) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, &y) ||
      !Digits(text, 5, 2, &m) || !Digits(text, 8, 2, &d)) {
    return Bad(field, "a date (YYYY-MM-DD)", text);
  }
  Date date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
            std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok()) return Bad(field, "a calendar date", text);
  return date;
}

std::string FormatDate(Date date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

Result<Time> ParseTime(std::string_view text, std::string_view field) {
  int hh, mm, ss;
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
      !Digits(text, 11, 2, &hh) || !Digits(text, 14, 2, &mm) || !Digits(text, 17, 2, &ss) || hh > 23 ||
      mm > 59 || ss > 59) {
    return Bad(field, "a UTC time (YYYY-MM-DDTHH:MM:SSZ)", text);
  }
  Result<Date> day = ParseDate(text.substr(0, 10), field);
  if (!day) return Bad(field, "a UTC time (YYYY-MM-DDTHH:MM:SSZ)", text);
  return Time(std::chrono::sys_days(*day)) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
         std::chrono::seconds(ss);
}

std::string FormatTime(Time time) {
  std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::hh_mm_ss<std::chrono::seconds> hms(time - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDate(Date(day)).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Date DateOf(Time t) { return Date(std::chrono::floor<std::chrono::days>(t)); }

int AgeInYears(Date birth, Date on) {
  if (std::chrono::sys_days(on) < std::chrono::sys_days(birth)) return 0;
  int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --years;
  return years;
}

}  // namespace nhood::link
