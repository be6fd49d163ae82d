#include "apps/cli/did_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>

#include "apps/cli/config_options.h"
#include "apps/cli/did_inputs.h"
#include "nhood/base/number.h"
#include "nhood/evaluate/did_report.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/io/version.h"

namespace nhood::cli {
namespace {

std::string Pct(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * p);
  return buf;
}
std::string Pts(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", 100 * d);
  return buf;
}

std::vector<std::string> Caveats(const DidInputs& in) {
  return {
      "Parallel trends: the difference-in-differences reads as an effect only if the treated and comparison areas "
      "would have changed alike between the censuses without the programme. With two time points this cannot be "
      "tested here; treated areas chosen for their need may also move back towards the average (regression to the "
      "mean). Read the figures as descriptive differences in change, not as proven effects.",
      "Not age-standardised: Census 2011 QS302EW and Census 2021 TS037 at LSOA level are not broken down by age, so "
      "the shares are crude. Age structure enters only the matched comparison, as a matching covariate" +
          std::string(in.input.covariates.size() > 3 ? " (shares aged 0-15 and 60+, mid-2015)" : " (not given)") +
          "; the England and similarly-deprived comparisons are not adjusted for age.",
      "Census 2021 was taken on 21 March 2021, during a COVID-19 lockdown; ONS advises care in comparing "
      "self-reported general health with 2011. Census 2021 counts are perturbed (cell key) and these LSOA counts are "
      "sums of output areas, so they differ slightly from the published LSOA table.",
      "Census 2021 is on LSOA 2021 geography; it is bridged back to LSOA 2011 through the ONS best-fit lookup: "
      "merged and irregular 2021 areas are shared among their 2011 parts by 2011 population (" +
          std::to_string(in.split_sources) + " 2021 areas shared).",
      "The bootstrap interval holds the matches fixed (it is conditional on the matched comparators) and resamples "
      "wards, so it reflects how the result depends on which wards are in each group, not sampling error in the "
      "census counts."};
}

std::vector<std::string> Methods(const DidInputs& in, const evaluate::DidResult& r, uint64_t seed, int replicates) {
  std::vector<std::string> m = {
      "Shares are population-weighted: counts are pooled over the areas of a group (share = sum of counts / sum of "
      "persons). DiD = (treated 2021 - treated 2011) - (comparison 2021 - comparison 2011), in proportions.",
      "England: England's own totals from the census files (every English LSOA, the treated areas included).",
      "Similarly deprived: the untreated LSOAs directly standardised to the treated areas' IMD 2019 decile mix: the "
      "comparison share is the sum over deciles of (treated 2011 persons' share in the decile) x (pooled share of "
      "untreated LSOAs in the decile); the same decile weights at both censuses.",
      "Matched: nearest-neighbour Mahalanobis matching (pooled within-group covariance, as R MatchIt 4) of each "
      "treated LSOA to " +
          std::to_string(in.matching.ratio) + " untreated LSOAs " +
          (in.matching.replacement ? "with" : "without") + " replacement, within a caliper of " +
          FormatNumber(in.matching.caliper) +
          " Mahalanobis units; each treated LSOA's comparators share weight 1; treated LSOAs without a comparator "
          "inside the caliper are left out of the matched row (" +
          std::to_string(r.matching.unmatched_treated) + " here). Covariates (2011 baseline):",
  };
  for (const std::string& c : in.covariate_notes) m.push_back("  " + c);
  m.push_back("Balance: standardised mean differences (Stuart 2010), the denominator from the treated and all "
              "untreated LSOAs before matching; |SMD| < 0.1 is good balance.");
  m.push_back("Intervals: 95% cluster bootstrap, " + std::to_string(replicates) +
              " replicates, seed " + std::to_string(seed) +
              ": treated wards and comparison wards resampled with replacement, type-7 percentile limits. Same "
              "answer on any number of threads.");
  m.push_back("See docs/methods.md (Difference-in-differences) for the references.");
  return m;
}

}  // namespace

Result<DidRun> ComputeDidCommand(const std::string& config, const std::string& data_dir, const DidCommandOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  NHOOD_ASSIGN_OR_RETURN(DidInputs in, LoadDidInputs(config, data_dir));
  const double load_seconds = since(start);
  const auto estimate_start = std::chrono::steady_clock::now();
  DidRun run;
  run.seed = o.seed.value_or(in.seed);
  run.replicates = o.replicates.value_or(in.replicates);
  evaluate::DidOptions opt{.matching = in.matching, .replicates = run.replicates, .seed = run.seed,
                           .threads = o.threads};
  opt.matching.threads = o.threads;
  Result<evaluate::DidResult> r = evaluate::EstimateDid(in.input, opt);
  if (!r) return Error{r.error().code, config + ": " + r.error().message};
  run.result = std::move(*r);
  const double estimate_seconds = since(estimate_start);
  const evaluate::DidResult& res = run.result;
  NHOOD_ASSIGN_OR_RETURN(run.did, evaluate::DidEstimatesTable(res.estimates));
  NHOOD_ASSIGN_OR_RETURN(run.balance, evaluate::BalanceRowsTable(res.balance));
  run.config_inputs = {config};

  double worst_smd = 0;
  for (const auto& b : res.balance) worst_smd = std::max(worst_smd, std::fabs(b.smd_after));
  std::vector<std::string> summary;
  summary.push_back(std::to_string(res.treated_units) + " treated LSOAs 2011 in " +
                    std::to_string(res.treated_clusters) + " wards (" + std::to_string(in.treated_rows) + " " +
                    (in.treated_level == "ward" ? "wards" : "LSOAs") + " listed); " +
                    std::to_string(res.comparison_units) + " untreated LSOAs in " +
                    std::to_string(res.comparison_clusters) + " wards.");
  for (const evaluate::DidEstimate& e : res.estimates) {
    summary.push_back(e.comparison + ", " + e.outcome + ": treated " + Pct(e.treated_before) + " -> " +
                      Pct(e.treated_after) + ", comparison " + Pct(e.comparison_before) + " -> " +
                      Pct(e.comparison_after) + "; DiD " + Pts(e.did) + " points (95% " + Pts(e.lower) + " to " +
                      Pts(e.upper) + ")");
  }
  summary.push_back("Matching: " + std::to_string(res.matching.matched_treated) + " of " +
                    std::to_string(res.treated_units) + " treated LSOAs matched to " +
                    std::to_string(res.matching.distinct_comparisons) + " distinct comparators (" +
                    std::to_string(res.matching.short_treated) + " with fewer than " +
                    std::to_string(in.matching.ratio) + "); largest |SMD| after matching " +
                    FormatNumber(std::round(worst_smd * 1e4) / 1e4) + (worst_smd < 0.1 ? " (< 0.1)" : " (NOT < 0.1)") +
                    ".");
  if (res.failed_replicates > 0) {
    summary.push_back(std::to_string(res.failed_replicates) +
                      " bootstrap replicates left an estimate undefined and were left out of its limits.");
  }
  if (!res.treated_deciles_without_comparison.empty()) {
    std::string d;
    for (int x : res.treated_deciles_without_comparison) d += (d.empty() ? "" : ", ") + std::to_string(x);
    summary.push_back("IMD deciles with treated but no untreated areas (left out of similarly_deprived): " + d);
  }
  char timing[160];
  std::snprintf(timing, sizeof timing, "Reading and bridging the inputs took %.2f s; matching, %d bootstrap replicates "
                "and the estimates %.2f s.", load_seconds, run.replicates, estimate_seconds);
  for (const std::string& s : summary) run.summary += (run.summary.empty() ? "" : "\n") + s;

  evaluate::DidReportInput rep;
  rep.title = "nhood did: " + in.name;
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  rep.generated = std::string("Generated ") + when + " by nhood " + io::VersionString() +
                  ". Contains public sector information licensed under the Open Government Licence v3.0.";
  rep.estimates = res.estimates;
  rep.balance = res.balance;
  rep.summary = summary;
  rep.caveats = Caveats(in);
  rep.methods = Methods(in, res, run.seed, run.replicates);
  rep.sources = in.sources;
  rep.provenance = {"configuration: " + config, "seed: " + std::to_string(run.seed),
                    "replicates: " + std::to_string(run.replicates), "nhood " + io::VersionString(),
                    "every input with its size and SHA-256: provenance.json beside this report"};
  run.report_html = evaluate::RenderDidReport(rep);
  run.summary += std::string("\n") + timing;
  return run;
}

void SetupDidCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "did", "Census 2011 -> 2021 difference-in-differences against England, similarly deprived and matched areas");
  cmd->footer(
      "Example:\n  nhood did --config examples/did-left-behind.toml --data-dir ../shared/data --output out/did\n"
      "Writes, in DIR:\n"
      "  did.csv          comparison (england, similarly_deprived, matched) x outcome (very_good_health,\n"
      "                   bad_health): shares 2011 and 2021 (proportions), DiD, 95% bootstrap interval, areas\n"
      "  balance.csv      standardised mean differences of the matching covariates before and after matching\n"
      "  report.html      the offline report: DiD chart with intervals, balance table, caveats, methods\n"
      "  provenance.json  command line, inputs (size, SHA-256), options, seed, version, every file\n"
      "See docs/cli.md (nhood did) and docs/methods.md.");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, "output directory");
  auto d = std::make_shared<DidCommandOptions>();
  auto seed = std::make_shared<uint64_t>(0);
  auto replicates = std::make_shared<int>(0);
  CLI::Option* seed_opt = cmd->add_option("--seed", *seed, "bootstrap seed (default: the configuration's, else 2011)");
  CLI::Option* rep_opt = cmd->add_option("--replicates", *replicates, "bootstrap replicates (default 999; 0: no intervals)")
                             ->check(CLI::Range(0, 99999));
  cmd->add_option("--threads", d->threads, "threads (default: all; the results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  cmd->callback([o, d, seed, replicates, seed_opt, rep_opt, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    if (*seed_opt) d->seed = *seed;
    if (*rep_opt) d->replicates = *replicates;
    Result<DidRun> r = ComputeDidCommand(o->config, o->DataDir(), *d);
    if (!r) {
      std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
      *exit_code = 1;
      return;
    }
    // Every file into a staging directory that replaces the output only when
    // all are written (nhood/io/staged_directory.h).
    Result<io::StagedDirectory> out = io::StagedDirectory::Begin(o->output);
    Status s = out ? Status::Ok() : Status(out.error());
    if (s.ok()) s = io::WriteTable(r->did, out->Path("did.csv"));
    if (s.ok()) s = io::WriteTable(r->balance, out->Path("balance.csv"));
    if (s.ok()) s = io::WriteTextFile(out->Path("report.html"), r->report_html);
    if (s.ok()) {
      s = out->Commit(r->config_inputs, {{"seed", std::to_string(r->seed)},
                                         {"replicates", std::to_string(r->replicates)},
                                         {"methods", "docs/methods.md"}});
    }
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "nhood: %s\nnhood: did done in %.1f s; open %s/report.html in a browser\n", r->summary.c_str(),
                 seconds, o->output.c_str());
    *exit_code = 0;
  });
}

}  // namespace nhood::cli
