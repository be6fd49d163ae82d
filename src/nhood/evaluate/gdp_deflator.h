// HM Treasury GDP deflators at market prices: the shipped table nhood uses to
// restate money values in another year's prices (the Green Book's way of
// uprating, e.g. the WELLBY's 2019-price value).
//
// The table is the calendar-year GDP deflator index (2024 = 100) from
// HM Treasury, "GDP deflators at market prices, and money GDP: December 2025
// (Quarterly National Accounts)", built by HM Treasury from ONS series MNF2
// (ONS Quarterly National Accounts outturn). Only outturn years 1990-2024
// are shipped; forecast years are not. GdpDeflatorSource() spells this out
// for outputs and provenance. Static data; thread-safe.
#pragma once

#include <span>

#include "nhood/base/result.h"

namespace nhood::evaluate {

struct DeflatorYear {
  int year;
  double index;  // calendar year, 2024 = 100
};

// Every shipped year, ascending and contiguous.
std::span<const DeflatorYear> GdpDeflators();

// One line naming the publisher, release, series, base and how the figures
// reached nhood, for outputs and provenance.
const char* GdpDeflatorSource();

// The index for `year`. kNotFound "unknown price year Y: the shipped HM
// Treasury GDP deflator table covers 1990-2024" outside the table.
Result<double> GdpDeflator(int year);

// The factor that restates a value in `from_year` prices in `to_year`
// prices: GdpDeflator(to_year) / GdpDeflator(from_year). Errors as
// GdpDeflator, naming the year that is missing.
Result<double> UprateFactor(int from_year, int to_year);

}  // namespace nhood::evaluate
