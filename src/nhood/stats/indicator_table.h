// Indicator statistics over tables: what `nhood indicators <statistic>` does
// between reading its input and writing its output (apps/cli parses the
// options and writes the table; everything else is here).
//
// Each function takes the input table and options naming its columns, groups
// rows (by the --group columns, in order of first appearance), calls the
// stats module and returns the output table: the input's columns (or the
// group columns) in input order, then the statistic's columns with the
// reference's names (value, lower95_0cl, upper95_0cl, lower99_8cl,
// upper99_8cl, ...) and `status` ("ok" or why the value is missing).
// Errors name the file, row and column. Pure functions of their inputs.
//
// England benchmark (--benchmark england): the pooled value of the rows
// with an England (E...) GSS code, found in the first text column of the
// input whose every value is a GSS code. Rows with other codes (Welsh W...,
// ...) are still computed and compared, but left out of the pooled value,
// and IndicatorResult::notes says how many. Without such a column every
// row is pooled, and the notes say so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct IndicatorOptions {
  std::string statistic;  // proportion, rate, mean, dsr, isr, life-expectancy, quantile, sii, funnel
  std::vector<std::string> group;
  // Keep only rows where COL=VALUE or COL^=PREFIX (e.g. "code^=E01").
  std::string where;
  std::vector<double> confidence = {0.95, 0.998};
  double multiplier = 0;  // 0 = the statistic's default
  // Column names; a numerator or denominator may be a sum "a+b".
  std::string numerator, denominator, value;
  bool keep_invalid = false;
  // Rows (or groups) with a numerator below this are suppressed: value and
  // limits blank, status "suppressed". 0 = no suppression. (The command's
  // default is kDefaultSuppressBelow, as DESIGN.md asks of shared outputs.)
  double suppress_below = 0;
  // Fingertips comparison.
  std::string benchmark;  // "", "england", a row id, or a number
  std::string benchmark_method = "ci95_998";
  std::string polarity = "bob";
  // dsr
  std::string age_band, standard_population = "esp2013", standard_column, event_frequency;
  // isr
  std::string ref_numerator, ref_denominator;
  double ref_value = 1;
  // life expectancy
  std::string start_age;
  // quantile
  int quantiles = 10;
  bool invert = true;
  // sii
  std::string quantile_column, se, lower, upper;
  int value_type = 0;
  bool transform = false;
  int repetitions = 100000;
  int64_t seed = 1;
  // funnel
  std::string funnel_mode = "significance", funnel_statistic = "proportion", ratio_type = "count",
              rate_type = "crude", rate;
  double years_of_data = 1;
};

// Counts below 10 are suppressed in shared outputs by default (DESIGN.md).
inline constexpr double kDefaultSuppressBelow = 10;

struct IndicatorResult {
  Table table;
  std::vector<std::string> notes;  // for stderr: what the England benchmark pooled
};

// Computes the statistic. kInvalidArgument / kNotFound with file, row and
// column for bad input; an invalid row stops the run unless keep_invalid;
// a pooled (group or England) sum that overflows to infinity is an error.
Result<IndicatorResult> ComputeIndicator(const Table& input, const IndicatorOptions& options);

// Keeps rows where COL=VALUE or COL^=PREFIX; "" keeps all. kInvalidArgument
// for a malformed expression or one that matches no row.
Result<Table> ApplyWhere(const Table& input, const std::string& where);

// Blanks the value and limits of every estimate whose numerator is below
// `below` and sets its status to "suppressed"; below <= 0 does nothing.
void Suppress(std::vector<Estimate>& estimates, double below);

// The rows whose code is an England GSS code (E + 8 digits) in `column`,
// the first text column whose every non-blank value is a GSS code; column
// is empty (and rows every row) when there is none.
struct EnglandRows {
  std::string column;
  std::vector<size_t> rows;
  size_t others = 0;  // rows with a non-England code, left out
};
EnglandRows FindEnglandRows(const Table& input);

// Adds benchmark_value, significance and rag (the Fingertips comparison of
// each estimate with options.benchmark: "england" = `pooled`, a number, or
// an area named in a text column of `out`). Nothing when benchmark is "".
Status AddBenchmark(Table& out, const std::vector<Estimate>& estimates, const Estimate& pooled,
                    const IndicatorOptions& options);

}  // namespace nhood::stats
