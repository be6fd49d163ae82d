#include "nhood/evaluate/gdp_deflator.h"

#include <string>

namespace nhood::evaluate {

namespace {

// HM Treasury, "GDP deflators at market prices, and money GDP: December 2025
// (Quarterly National Accounts)", file
// CGDP_Deflators_Qtrly_National_Accounts_December_2025_update.xlsx,
// calendar-year block (ONS series MNF2), index 2024 = 100, four decimals.
// There is no network on the machines this project is built on, so the
// figures were transcribed (1 December 2026) from the extract of that file
// published in the open-source R package charlescoverdale/greenbook
// (inst/extdata/gdp_deflator.csv, commit 21a380d). Year-on-year changes
// agree with the ONS outturn (2020 +5.1%, 2021 +0.5%, 2022 +5.7%,
// 2023 +6.4%, 2024 +3.9%). Replace this table when HM Treasury publishes a
// newer release, and update GdpDeflatorSource() with it.
constexpr DeflatorYear kDeflators[] = {
    {1990, 42.7537}, {1991, 45.6203}, {1992, 47.1096}, {1993, 48.5208}, {1994, 49.4168},  {1995, 50.7097},
    {1996, 52.8097}, {1997, 52.8303}, {1998, 53.5326}, {1999, 54.2793}, {2000, 54.8102},  {2001, 55.7479},
    {2002, 56.9110}, {2003, 58.2660}, {2004, 59.8584}, {2005, 61.5718}, {2006, 63.4682},  {2007, 64.7322},
    {2008, 66.8900}, {2009, 68.2170}, {2010, 69.1217}, {2011, 70.8340}, {2012, 71.9294},  {2013, 73.4795},
    {2014, 74.6524}, {2015, 75.1536}, {2016, 76.4554}, {2017, 77.6367}, {2018, 79.1606},  {2019, 81.1085},
    {2020, 85.2137}, {2021, 85.6358}, {2022, 90.5005}, {2023, 96.2507}, {2024, 100.0000},
};

}  // namespace

std::span<const DeflatorYear> GdpDeflators() { return kDeflators; }

const char* GdpDeflatorSource() {
  return "HM Treasury, GDP deflators at market prices, and money GDP: December 2025 (Quarterly National "
         "Accounts), calendar years (ONS MNF2), 2024 = 100, outturn 1990-2024";
}

Result<double> GdpDeflator(int year) {
  const auto table = GdpDeflators();
  if (year < table.front().year || year > table.back().year) {
    return NotFound("unknown price year " + std::to_string(year) +
                    ": the shipped HM Treasury GDP deflator table covers " + std::to_string(table.front().year) + "-" +
                    std::to_string(table.back().year) + " (December 2025 release)");
  }
  return table[static_cast<size_t>(year - table.front().year)].index;
}

Result<double> UprateFactor(int from_year, int to_year) {
  NHOOD_ASSIGN_OR_RETURN(const double from, GdpDeflator(from_year));
  NHOOD_ASSIGN_OR_RETURN(const double to, GdpDeflator(to_year));
  return to / from;
}

}  // namespace nhood::evaluate
