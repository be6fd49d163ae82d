// Design-based means, totals and proportions by domain: R survey 4.1-1
// `svymean`, `svytotal` (deff = TRUE), `degf` and `svyciprop` on
// subset(design, domain == d & !is.na(y)).
//
// For each domain, with w the (raked) weights of its rows with y present:
//   mean = sum w y / sum w; its influence values (y - mean) w / sum w, and
//   total = sum w y with influence values w y, go through DesignVariance
//   (after RakingResiduals for a raked design), so se and se_total are
//   Taylor-linearisation standard errors with with-replacement PSU variance
//   within strata and survey's centring;
//   deff = V / V_srs, V_srs = svyvar(y) (N - n) / (N n), N = sum w, n rows
//   (survey's default deff = TRUE: simple random sampling WITHOUT
//   replacement; NaN when N < n, as survey);
//   degf = PSUs with rows in the domain - strata with rows in the domain;
//   mean_norm limits = mean -/+ qnorm(1 - (1 - level)/2) se;
//   for a 0/1 y, the six svyciprop intervals (survey_ciprop.h) with df = degf.
// Domains keep the full design: PSUs and strata a domain does not touch still
// count in each stratum's PSU count (survey's subset of a design).
// Missing y (NaN) follows survey's na.rm = TRUE: those rows belong to no domain.
//
// Pure function; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/stats/survey_ciprop.h"
#include "nhood/stats/survey_design.h"

namespace nhood::stats {

struct DomainEstimate {
  double n = 0, sum_w = 0, mean = 0, se = 0, deff = 0, degf = 0, total = 0, se_total = 0;
  double norm_lower = 0, norm_upper = 0;
  CipropIntervals ciprop;  // filled when the estimate is asked for proportions
};

struct SurveyEstimateOptions {
  double level = 0.95;
  bool proportions = false;  // also compute svyciprop's six intervals (y must be 0/1)
};

// `domain` gives each row's domain, 0..num_domains-1. Returns one estimate
// per domain. A domain none of whose rows has y gets n = sum_w = degf =
// total = se_total = 0 (survey's values) and NaN for the mean, its se, deff
// and every interval (survey reports 0s there, which estimate nothing). kInvalidArgument for mismatched lengths or a level outside (0, 1).
Result<std::vector<DomainEstimate>> EstimateDomains(const SurveyDesign& design, std::span<const double> y,
                                                    std::span<const int> domain, int num_domains,
                                                    const SurveyEstimateOptions& options);

}  // namespace nhood::stats
