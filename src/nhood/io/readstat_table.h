// SPSS .sav and Stata .dta files read through ReadStat (libreadstat), into a
// Table of text cells like every other io reader (issue 10 item 1).
//
// Value labels are kept: a cell of a variable that has a value-label set is
// that value's label ("Agree"), so a codebook's labels match it; other
// numeric cells are the number in shortest round-trip form, strings as they
// are. System-missing and user-defined missing values are empty cells.
//
// A labelled variable with a value its label set does not list is an error
// naming the file, row and column ("unlabelled code"), because a codebook
// could not tell what it means; no table is returned. kNotFound for a
// missing file, kInvalidArgument for a file ReadStat cannot parse.
// Thread-compatible (one parser per call).
#pragma once

#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::io {

// True for a path ending .sav, .zsav or .dta (case-insensitive).
bool IsReadStatPath(const std::string& path);

Result<Table> ReadStatTable(const std::string& path);

}  // namespace nhood::io
