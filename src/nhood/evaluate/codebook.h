// A survey codebook (TOML) and its application to a table of responses
// (issue 10 item 1): items, response labels and which count as "agree",
// reverse-coded items, missing codes, scales and grouping variables.
//
//   [responses.agree5]                    # a response set
//   labels  = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
//   codes   = [1, 2, 3, 4, 5]             # optional; default 1..number of labels
//   agree   = ["Agree", "Strongly agree"] # optional: labels counted as agreement
//   missing = ["Don't know", "Prefer not to say"]   # blanks are always missing
//   [responses.ons]                       # or a numeric scale
//   min = 0
//   max = 10
//   [[items]]
//   name = "talk_neighbours"               # column defaults to the name
//   column = "Q3"
//   responses = "agree5"
//   reverse = false                       # true: code -> min + max - code
//   [[scales]]
//   name = "wellbeing"
//   method = "swemwbs"                     # swemwbs | wemwbs | mean | sum |
//   items = ["w1", "w2", "w3", "w4", "w5", "w6", "w7"]   # ons4_life_satisfaction |
//                                          # ons4_worthwhile | ons4_happiness | ons4_anxiety
//   [groups]
//   columns = ["programme", "project", "wave", "area"]
//   [design]                               # optional: a weighted/complex sample
//   weight = "w"                           # design-based estimates (R survey) instead of Wilson
//   strata = "region"                      # optional
//   psu = "area"                           # optional
//   [waves]                                # optional
//   column = "wave"                        # cross-sectional change between waves
//   id = "respondent_id"                   # optional: a panel (paired differences, retention)
//
// A cell is matched to a label (surrounding spaces ignored), or to a code
// written as a number. A blank cell or a missing label gives NaN; every item
// reports how many of each it had (missing values are reported, never
// silently dropped). A SWEMWBS scale is the Rasch metric score (scoring.h),
// never the raw sum. A scale score is NaN when any of its items is missing.
//
// Errors stop before any scoring: LoadCodebook names the codebook file and
// the key (the commands first check the file against
// io::SurveyCodebookSchema, which also refuses unknown keys and names the
// line); ApplyCodebook names the codebook and the data file for a missing
// column, and the data file, row and column for a response the codebook does
// not list.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/scoring.h"

namespace nhood::evaluate {

struct ResponseSet {
  std::string name;
  std::vector<std::string> labels;
  std::vector<double> codes;  // one per label
  std::vector<double> agree;  // codes counted as agreement
  std::vector<std::string> missing;
  bool numeric = false;  // a whole-number scale min..max instead of labels
  double min = 0, max = 0;
};

struct Item {
  std::string name, column, responses;
  bool reverse = false;
};

struct Scale {
  std::string name, method;
  std::vector<std::string> items;
};

struct Codebook {
  std::string path;
  std::map<std::string, ResponseSet> responses;
  std::vector<Item> items;
  std::vector<Scale> scales;
  std::vector<std::string> groups;
  std::string weight, strata, psu;  // [design]; empty = not given
  std::string wave, id;             // [waves] column and id; empty = not given
};

Result<Codebook> LoadCodebook(const std::string& path);

struct ScoredItem {
  std::string name;
  std::vector<double> code;   // after reverse coding; NaN = missing
  std::vector<double> agree;  // 1/0 where the set has agree labels, NaN = missing; empty otherwise
  size_t blank = 0;                          // empty cells
  std::map<std::string, size_t> missing_by;  // missing label -> count
};

struct ScaleScore {
  std::string name, method;
  std::vector<double> score;
  std::vector<std::string> band;  // ONS4 methods only
  Alpha alpha;                    // over the scale's items (NaN alpha for a single item)
};

struct ScoredSurvey {
  std::vector<ScoredItem> items;
  std::vector<ScaleScore> scales;
};

Result<ScoredSurvey> ApplyCodebook(const Codebook& codebook, const Table& data);

}  // namespace nhood::evaluate
