#include "apps/cli/link_report_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "apps/server/report_download.h"
#include "apps/server/report_routes.h"
#include "apps/server/web/page.h"
#include "apps/server/web/report_html.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "nhood/io/polygon_io.h"
#include "nhood/link/activity_report.h"
#include "nhood/link/outcomes_report.h"
#include "nhood/link/reach_report.h"
#include "nhood/link/report_access.h"
#include "nhood/store/open_store.h"

namespace nhood::cli {
namespace {

struct ReportOptions {
  std::string report;  // activity | outcomes | reach | caseloads | waiting-times | organisations
  std::string db;
  std::string atlas;
  std::string measure;  // outcomes: one measure; empty = all
  std::string from, to;
  int suppress_below = 5;
  std::string output;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
  return 1;
}
int Usage(const std::string& message) {
  std::fprintf(stderr, "nhood: %s\n", message.c_str());
  return 2;
}

// A printable page: each table with its title, notes and withheld count, in
// the markup the web app's report pages use (apps/server/web/report_html.h).
constexpr const char* kPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
.table-box { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 1rem 0 0.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: right; }
th[scope=row], td[data-column=group], td[data-column=label] { text-align: left; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
.withheld, .withheld-list, .notes { font-size: 0.85rem; color: #333; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@page { size: landscape; }
@media print { body { margin: 0.5cm; } .table-box { overflow: visible; } table { page-break-inside: auto; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{title}}</h1>
<p>{{subtitle}}</p>
{{#tables}}{{>report_table}}{{/tables}}
<p class="notes">nhood link report: {{generated}}</p>
</body>
</html>
)";

Result<std::string> Html(const std::string& title, const std::string& subtitle,
                         const std::vector<link::ReportTable>& tables, const std::string& generated) {
  std::vector<server::web::ReportTableHtml> shown;
  for (size_t i = 0; i < tables.size(); ++i) {
    shown.push_back({.table = &tables[i], .id = tables[i].name + "-" + std::to_string(i + 1)});
  }
  NHOOD_ASSIGN_OR_RETURN(nlohmann::json views, server::web::ReportTableViews(shown));
  return server::web::RenderText(
      kPage, {{"title", title}, {"subtitle", subtitle}, {"tables", std::move(views)}, {"generated", generated}});
}

int Run(const ReportOptions& o) {
  const std::string ext = io::Extension(o.output);
  if (ext != "html" && !server::ReportFormatNamed(ext)) {
    return Usage("-o " + o.output + ": the report is written as .csv, .xlsx or .html");
  }
  std::optional<link::Date> from, to;
  if (!o.from.empty()) {
    auto d = link::ParseDate(o.from, "from");
    if (!d) return Usage("--from: " + d.error().message);
    from = *d;
  }
  if (!o.to.empty()) {
    auto d = link::ParseDate(o.to, "to");
    if (!d) return Usage("--to: " + d.error().message);
    to = *d;
  }
  if (from && to && !(std::chrono::sys_days(*from) < std::chrono::sys_days(*to))) {
    return Usage("--to must be after --from");
  }
  const server::DashboardTableReport* dashboard = nullptr;
  for (const server::DashboardTableReport& r : server::DashboardTableReports()) {
    if (r.name == o.report) dashboard = &r;
  }
  if (dashboard) {
    // As the API: the period is both ends or neither (the report's default).
    if (from && !to) return Usage("--to is required with --from (YYYY-MM-DD)");
    if (to && !from) return Usage("--from is required with --to (YYYY-MM-DD)");
    if (!o.atlas.empty()) return Usage("--atlas is for the activity and reach reports");
  }
  if (o.report == "reach" && o.atlas.empty()) return Usage("reach needs --atlas DIR (an nhood atlas output directory)");
  if (!o.measure.empty() && o.report != "outcomes") return Usage("--measure is for the outcomes report");
  if (!o.measure.empty()) {
    auto m = link::FindReportMeasure(o.measure);
    if (!m) return Usage("--measure: " + m.error().message);
  }

  std::vector<link::ReachArea> areas;
  if (!o.atlas.empty()) {
    const std::string path = (std::filesystem::path(o.atlas) / "lsoas.csv").string();
    auto table = io::ReadTable(path);
    if (!table) return Fail(table.status());
    auto read = link::ReachAreasFromTable(*table);
    if (!read) return Fail(read.status());
    areas = std::move(*read);
  }
  // A report reads a store; it never creates one (OpenStore would make an
  // empty SQLite file).
  if (!store::IsPostgresUri(o.db) && !std::filesystem::exists(o.db)) {
    return Fail(NotFound(o.db + ": no such link store (make one with nhood link init)"));
  }
  auto opened = store::OpenStore(o.db);
  if (!opened) return Fail(opened.status());
  link::Store& st = **opened;
  const link::SuppressionRule rule{.below = o.suppress_below};

  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<link::ReportTable> tables;
  std::string title;
  std::optional<link::ActivityQuery> period;  // the dashboard reports': always one
  if (dashboard) {
    period = server::DashboardReportPeriod({.from = from, .to = to}, now, dashboard->last_year);
    auto table = dashboard->from_store(st, *period, rule);
    if (!table) return Fail(table.status());
    title = table->title;
    tables.push_back(std::move(*table));
  } else if (o.report == "activity") {
    auto records = link::ReadActivityRecords(st, from, to);
    if (!records) return Fail(records.status());
    tables.push_back(link::ActivityBreakdown(*records, {.from = from, .to = to, .suppression = rule, .areas = areas}));
    title = "Link service activity";
  } else if (o.report == "outcomes") {
    title = "Link service outcomes, paired";
    std::vector<link::OutcomesReport> reports;
    std::map<link::Measure, std::vector<link::Outcome>> read;  // the four ONS4 items share their records
    for (const link::ReportMeasure& m : link::ReportMeasures()) {
      if (!o.measure.empty() && m.name != o.measure) continue;
      if (!read.count(m.measure)) {
        auto outcomes = link::ReadAllOutcomes(st, m.measure);
        if (!outcomes) return Fail(outcomes.status());
        read[m.measure] = std::move(*outcomes);
      }
      reports.push_back(
          link::ComputeOutcomesReport(read[m.measure], m, {.from = from, .to = to, .suppression = rule}));
    }
    link::ReportTable all;
    for (const auto& r : reports) {
      link::ReportTable t = link::OutcomesTable(r);
      if (all.columns.empty()) {
        all = t;
        all.title = "Paired outcomes";
        all.notes.erase(all.notes.begin(), all.notes.begin() + 2);  // the measure-specific lines
      } else {
        all.rows.push_back(t.rows[0]);
        all.suppressed_cells += t.suppressed_cells;
      }
    }
    std::string improved = "improved: ";
    for (const link::ReportMeasure& m : link::ReportMeasures()) {
      improved += std::string(m.name) + (m.lower_is_better ? " down" : " up") + " by >= " +
                  FormatNumber(m.meaningful_change) + (m.name == "mycaw" ? "" : "; ");
    }
    all.notes.insert(all.notes.begin(),
                     {"change is follow-up minus baseline; ons4_anxiety and mycaw: lower is better, so improvement is "
                      "a negative change (improvement: decrease)",
                      improved});
    tables.push_back(all);
    if (ext == "html") {
      for (const auto& r : reports) tables.push_back(link::CompletenessTable(r));
    }
  } else {
    auto lsoas = link::ServedResidentLsoas(st, from, to);
    if (!lsoas) return Fail(lsoas.status());
    std::filesystem::path atlas_name = std::filesystem::path(o.atlas).lexically_normal();
    if (atlas_name.filename().empty()) atlas_name = atlas_name.parent_path();
    const link::ReachReport r = link::ComputeReach(
        *lsoas, areas, {.from = from, .to = to, .suppression = rule, .atlas = atlas_name.filename().string()});
    tables.push_back(link::ReachTable(r));
    title = "Link service reach";
  }

  const char* login = getlogin();
  std::string detail = o.report + (o.measure.empty() ? "" : " measure=" + o.measure) +
                       (from ? " from=" + link::FormatDate(*from) : "") + (to ? " to=" + link::FormatDate(*to) : "") +
                       " suppress_below=" + std::to_string(o.suppress_below) + " -> " + o.output;
  if (period) detail += " period=" + link::FormatDate(period->from) + ".." + link::FormatDate(period->to);
  // The record the API's read of the same report is audited under.
  const std::string record = dashboard ? std::string(dashboard->record) : o.report;
  Status audited = link::AuditOperatorReport(st, login ? login : "cli", record, detail, {.now = now});
  if (!audited.ok()) return Fail(audited);

  Status written;
  if (ext == "html") {
    const std::string dates =
        period ? "From " + link::FormatDate(period->from) + " to " + link::FormatDate(period->to) + " (exclusive)"
               : std::string(from ? "From " + link::FormatDate(*from) : "All dates") +
                     (to ? " to " + link::FormatDate(*to) + " (exclusive)" : "");
    const std::string subtitle = dates + ". Counts of 1-" + std::to_string(o.suppress_below - 1) + " people withheld.";
    auto page = Html(title, subtitle, tables, link::FormatTime(now));
    if (!page) return Fail(page.status());
    written = io::WriteTextFile(o.output, *page);
  } else {
    written = server::WriteReportFile(server::StackReportTables(tables), o.output);
  }
  if (!written.ok()) return Fail(written);
  int64_t withheld = 0;
  for (const auto& t : tables) withheld += t.suppressed_cells;
  std::printf("wrote %s: %s report, %lld cell(s) withheld (counts of 1-%d people)\n", o.output.c_str(),
              o.report.c_str(), static_cast<long long>(withheld), o.suppress_below - 1);
  return 0;
}

}  // namespace

void SetupLinkReportCommand(CLI::App& link, int* exit_code) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* report = link.add_subcommand(
      "report", "The service's reports: activity, paired outcomes, reach, caseloads, waiting times, organisations");
  report->footer(
      "Examples:\n"
      "  nhood link report activity --db link.db --from 2025-04-01 --to 2026-04-01 --atlas out/atlas -o activity.csv\n"
      "  nhood link report outcomes --db link.db --measure swemwbs -o outcomes.html\n"
      "  nhood link report reach --db link.db --atlas out/atlas -o reach.xlsx\n"
      "  nhood link report caseloads --db link.db -o caseloads.xlsx          # the last 365 days\n"
      "  nhood link report waiting-times --db link.db --from 2025-04-01 --to 2026-04-01 -o waits.html\n"
      "  nhood link report organisations --db link.db -o organisations.csv  # all dates\n"
      "The reports are the API's (/api/v1/reports/KIND) and the web app's, read by the store's operator and\n"
      "audited as such. caseloads, waiting-times and organisations take both --from and --to or neither.\n"
      "Counts of 1-4 people are withheld (--suppress-below); see docs/cli.md and docs/methods.md.");
  report->add_option("kind", o->report, "activity, outcomes, reach, caseloads, waiting-times or organisations")
      ->required()
      ->check(CLI::IsMember({"activity", "outcomes", "reach", "caseloads", "waiting-times", "organisations"}));
  report->add_option("--db", o->db, "SQLite file path or postgresql:// URI")->required();
  report->add_option("--atlas", o->atlas,
                     "an nhood atlas output directory (its lsoas.csv): neighbourhoods for activity, areas for reach")
      ->check(CLI::ExistingDirectory);
  report->add_option("--measure", o->measure,
                     "outcomes: swemwbs, ons4_life_satisfaction, ons4_worthwhile, ons4_happiness, ons4_anxiety or "
                     "mycaw (default: all)");
  report->add_option("--from", o->from,
                     "first day, YYYY-MM-DD (inclusive); default all dates (caseloads: the last 365 days)");
  report->add_option("--to", o->to, "the day after the last, YYYY-MM-DD (exclusive); default tomorrow");
  report->add_option("--suppress-below", o->suppress_below,
                     "withhold counts of people from 1 to this minus 1 (1 withholds nothing: internal use only)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  report->add_option("-o,--output", o->output, "FILE.csv, FILE.xlsx or FILE.html")->required();
  report->callback([o, exit_code] { *exit_code = Run(*o); });
}

}  // namespace nhood::cli
