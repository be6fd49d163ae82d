// Indicator statistics over tables: what `nhood indicators <statistic>` does
// between reading its input and writing its output.
//
// Each function takes the input table and options naming its columns, groups
// rows (by the --group columns, in order of first appearance), calls the
// stats module and returns the output table: the input's columns (or the
// group columns) in input order, then the statistic's columns with the
// reference's names (value, lower95_0cl, upper95_0cl, lower99_8cl,
// upper99_8cl, ...) and `status` ("ok" or why the value is missing).
// Errors name the file, row and column. Pure functions of their inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

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
  double suppress_below = 0;  // 0 = no suppression
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

// Computes the statistic. kInvalidArgument / kNotFound with file, row and
// column for bad input; an invalid row stops the run unless keep_invalid.
Result<Table> ComputeIndicator(const Table& input, const IndicatorOptions& options);

}  // namespace nhood::cli
