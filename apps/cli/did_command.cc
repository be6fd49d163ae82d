#include "apps/cli/did_command.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "apps/cli/atlas_inputs.h"
#include "apps/cli/config_options.h"
#include "apps/cli/did_inputs.h"
#include "nhood/evaluate/did_report.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/io/version.h"
#include "nhood/report/plot_charts.h"

namespace nhood::cli {

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

  evaluate::DidRunFacts facts{.matching = in.matching, .seed = run.seed, .replicates = run.replicates,
                              .treated_level = in.treated_level, .treated_rows = in.treated_rows,
                              .treated_note = in.treated_note,
                              .split_sources = in.split_sources, .ages_matched = in.ages_matched,
                              .covariate_notes = in.covariate_notes};
  const std::vector<std::string> summary = evaluate::DescribeDid(res, facts);
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
  rep.caveats = evaluate::DidCaveats(facts);
  rep.methods = evaluate::DidMethods(res, facts);
  rep.sources = in.sources;
  rep.provenance = {"configuration: " + ShownPath(config), "seed: " + std::to_string(run.seed),
                    "replicates: " + std::to_string(run.replicates), "nhood " + io::VersionString(),
                    "every input with its size and SHA-256: provenance.json beside this report"};
  run.report_html = report::EmbedPlotCharts(evaluate::RenderDidReport(rep));
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
      "  report.html      the offline report: DiD and 2011/2021 share charts with intervals (Observable Plot,\n"
      "                   embedded; inline SVG without scripts), balance table, caveats, methods\n"
      "  provenance.json  command line, inputs (size, SHA-256), options, seed, version, every file\n"
      "Treated areas: a list of LSOAs or wards ([treated] file, id, level), or polygons ([treated] polygons,\n"
      "polygon_id, with [centroids]: the LSOAs whose centroid falls inside). Matching: [matching] method =\n"
      "\"mahalanobis\" (caliper in Mahalanobis units, default 2.0) or \"propensity\" (logistic score; caliper in\n"
      "SDs of its logit, default 0.2). Balance (|SMD|) is reported either way.\n"
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
