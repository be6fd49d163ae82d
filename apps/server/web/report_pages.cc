// The report pages: read the filters, call nhood::link's reports, render
// their shared tables. No statistics, role checks or audit writes here.
#include "apps/server/web/report_pages.h"

#include <httplib.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "apps/server/report_download.h"
#include "apps/server/report_routes.h"
#include "apps/server/web/forms.h"
#include "apps/server/web/page.h"
#include "apps/server/web/report_html.h"
#include "nhood/link/activity_report.h"
#include "nhood/link/outcomes_report.h"
#include "nhood/link/reach_report.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;

constexpr const char* kActivityPath = "/reports/activity";
constexpr const char* kOutcomesPath = "/reports/outcomes";
constexpr const char* kReachPath = "/reports/reach";

json ReportTabs(const std::string& current) {
  json tabs = json::array();
  for (const auto& [href, label] :
       {std::pair{kActivityPath, "Activity"}, std::pair{kOutcomesPath, "Outcomes"}, std::pair{kReachPath, "Reach"}}) {
    tabs.push_back({{"href", href}, {"label", label}, {"current", current == href}});
  }
  return tabs;
}

json PeriodFields(const std::string& from, const std::string& to) {
  return json::array(
      {With(With(Input_("from", "From", from), "hint", "YYYY-MM-DD, inclusive; empty for all dates"), "autocomplete",
            "off"),
       With(With(Input_("to", "To", to), "hint", "YYYY-MM-DD, exclusive; with From"), "autocomplete", "off")});
}

std::string PeriodText(const ReportPeriod& p, int suppress_below) {
  std::string s = p.from ? "From " + link::FormatDate(*p.from) + " to " + link::FormatDate(*p.to) + " (exclusive)"
                         : std::string("All dates");
  return s + ". Counts of 1 to " + std::to_string(suppress_below - 1) + " people are withheld.";
}

// The page: the report's tabs and filters, each error at its field (or above
// the form), a notice, and the tables (ReportTableViews, shown by the
// report_table partial).
Result<Reply> ReportPage(const RequestContext& ctx, const std::string& path, const std::string& title, json fields,
                         const std::vector<Error>& errors, json extra, json tables) {
  json data = std::move(extra);
  data["heading"] = title;
  data["action"] = path;
  data["tabs"] = ReportTabs(path);
  for (const Error& e : errors) {
    if (!MarkError(fields, e.field, Shown(e))) data["error"] = Shown(e);
  }
  data["has_error"] = !errors.empty();
  data["has_fields"] = !fields.empty();
  data["fields"] = std::move(fields);
  data["tables"] = std::move(tables);
  return RenderPage(ctx, "report", title, std::move(data), errors.empty() ? 200 : 422);
}

// A filter the report refused (kInvalidArgument: a bad date, an unknown
// measure or atlas) is shown at its field; anything else is the error page's.
bool FilterError(const Error& e) { return e.code == StatusCode::kInvalidArgument; }

// ---- activity ----

Result<Reply> ShowActivity(App& app, const RequestContext& ctx, const Input& in) {
  const std::string from = Trim(Value(in, "from")), to = Trim(Value(in, "to")), atlas = Trim(Value(in, "atlas"));
  json fields = PeriodFields(from, to);
  if (app.options.atlas.size() > 1) {
    std::vector<Option> options = {{"", "By LSOA"}};
    for (const std::string& d : app.options.atlas) options.push_back({ReportAtlasName(d), ReportAtlasName(d)});
    fields.push_back(Select("atlas", "Neighbourhoods from the atlas", options, atlas, false));
  }
  const std::string title = "Activity report";
  auto period = ParseReportPeriod(in);
  if (!period) return ReportPage(ctx, kActivityPath, title, fields, {period.error()}, {}, json::array());
  auto dir = ReportAtlasDir(app, in, false);
  if (!dir) return ReportPage(ctx, kActivityPath, title, fields, {dir.error()}, {}, json::array());
  std::vector<link::ReachArea> areas;
  if (!dir->empty()) {
    NHOOD_ASSIGN_OR_RETURN(areas, ReportAtlasAreas(*dir));
  }
  auto result = link::ReadActivity(
      app.store, *ctx.actor,
      {.from = period->from, .to = period->to, .suppression = {.below = app.options.suppress_below}, .areas = areas},
      ctx.meta);
  if (!result && FilterError(result.error())) {
    return ReportPage(ctx, kActivityPath, title, fields, {result.error()}, {}, json::array());
  }
  if (!result) return result.error();
  const ReportLinks links =
      ReportApiLinks("activity", {{"from", from}, {"to", to}, {"atlas", dir->empty() ? "" : atlas}});
  NHOOD_ASSIGN_OR_RETURN(json tables, ReportTableViews({{.table = &result->breakdown,
                                                         .id = "activity",
                                                         .csv_href = links.csv_href,
                                                         .xlsx_href = links.xlsx_href,
                                                         .json_href = links.json_href}}));
  json extra = {{"intro",
                 "Residents, requests, contacts, link worker and volunteer hours, organisations referred "
                 "to and onward referrals by outcome: for the whole period, by month and by " +
                     std::string(areas.empty() ? "LSOA" : "neighbourhood (atlas " + ReportAtlasName(*dir) + ")") + "."},
                {"period", PeriodText(*period, app.options.suppress_below)}};
  return ReportPage(ctx, kActivityPath, title, fields, {}, std::move(extra), std::move(tables));
}

// ---- outcomes ----

Result<Reply> ShowOutcomes(App& app, const RequestContext& ctx, const Input& in) {
  const std::string from = Trim(Value(in, "from")), to = Trim(Value(in, "to")), measure = Trim(Value(in, "measure"));
  std::vector<Option> options = {{"", "All measures"}};
  bool known = measure.empty();
  for (const link::ReportMeasure& m : link::ReportMeasures()) {
    options.push_back({std::string(m.name), std::string(m.label)});
    known = known || m.name == measure;
  }
  if (!known) options.push_back({measure, measure});  // kept, and marked below
  json fields = json::array({Select("measure", "Measure", options, measure, false)});
  for (json& f : PeriodFields(from, to)) fields.push_back(std::move(f));
  const std::string title = "Outcomes report";
  // Both filters checked, so each error shows at its field at once.
  std::vector<Error> errors;
  if (!known) errors.push_back(link::FindReportMeasure(measure).error());
  auto period = ParseReportPeriod(in);
  if (!period) errors.push_back(period.error());
  if (!errors.empty()) return ReportPage(ctx, kOutcomesPath, title, fields, errors, {}, json::array());

  // Every table is kept alive for the rendering below.
  std::vector<link::ReportTable> tables;
  std::vector<std::string> names;
  for (const link::ReportMeasure& m : link::ReportMeasures()) {
    if (!measure.empty() && m.name != measure) continue;
    auto r = link::ReadOutcomesReport(
        app.store, *ctx.actor, m.name,
        {.from = period->from, .to = period->to, .suppression = {.below = app.options.suppress_below}}, ctx.meta);
    if (!r && FilterError(r.error())) {
      return ReportPage(ctx, kOutcomesPath, title, fields, {r.error()}, {}, json::array());
    }
    if (!r) return r.error();
    tables.push_back(link::OutcomesTable(*r));
    tables.push_back(link::CompletenessTable(*r));
    names.emplace_back(m.name);
  }
  std::vector<ReportTableHtml> shown;
  for (size_t i = 0; i < names.size(); ++i) {
    const ReportLinks links = ReportApiLinks("outcomes", {{"measure", names[i]}, {"from", from}, {"to", to}});
    shown.push_back({.table = &tables[2 * i],
                     .id = "outcomes-" + names[i],
                     .csv_href = links.csv_href,
                     .xlsx_href = links.xlsx_href,
                     .json_href = links.json_href,
                     .transpose = true});
    // The completeness figures are in the measure's JSON only (the files hold the outcomes table).
    shown.push_back({.table = &tables[2 * i + 1], .id = "completeness-" + names[i], .json_href = links.json_href});
  }
  NHOOD_ASSIGN_OR_RETURN(json views, ReportTableViews(shown));
  json extra = {{"intro",
                 "For each measure, the residents with both a baseline and a follow-up: the mean change "
                 "with its 95% interval (paired t), the share improving by at least the measure's "
                 "meaningful change with its Wilson interval, and completeness: how many had a baseline, a "
                 "follow-up, both, and how those lost to follow-up differ at baseline. The completeness "
                 "figures are in each measure's JSON."},
                {"period", PeriodText(*period, app.options.suppress_below)}};
  return ReportPage(ctx, kOutcomesPath, title, fields, {}, std::move(extra), std::move(views));
}

// ---- reach ----

Result<Reply> ShowReach(App& app, const RequestContext& ctx, const Input& in) {
  const std::string title = "Reach report";
  const auto& dirs = app.options.atlas;
  if (dirs.empty()) {
    json extra = {{"notice",
                   "This server has no atlas, so it cannot say which residents live in Core20 or doubly "
                   "disadvantaged neighbourhoods. Start it with nhood serve --atlas DIR (an nhood atlas "
                   "output directory) to see this report."}};
    return ReportPage(ctx, kReachPath, title, json::array(), {}, std::move(extra), json::array());
  }
  const std::string from = Trim(Value(in, "from")), to = Trim(Value(in, "to"));
  std::string atlas = Trim(Value(in, "atlas"));
  std::vector<Option> options;
  bool known = atlas.empty();
  for (const std::string& d : dirs) {
    options.push_back({ReportAtlasName(d), ReportAtlasName(d)});
    known = known || ReportAtlasName(d) == atlas || d == atlas;
  }
  if (!known) options.push_back({atlas, atlas});  // kept, and marked below
  // No atlas named: the first (the API needs one named when there are several).
  const std::string chosen = atlas.empty() ? ReportAtlasName(dirs[0]) : atlas;
  json fields = json::array({Select("atlas", "Atlas", options, chosen, false)});
  for (json& f : PeriodFields(from, to)) fields.push_back(std::move(f));
  httplib::Params params = in.params ? *in.params : httplib::Params{};
  params.erase("atlas");
  params.emplace("atlas", atlas.empty() ? dirs[0] : atlas);
  Input named = in;
  named.params = &params;
  auto period = ParseReportPeriod(named);
  if (!period) return ReportPage(ctx, kReachPath, title, fields, {period.error()}, {}, json::array());
  auto dir = ReportAtlasDir(app, named, true);
  if (!dir) return ReportPage(ctx, kReachPath, title, fields, {dir.error()}, {}, json::array());
  NHOOD_ASSIGN_OR_RETURN(std::vector<link::ReachArea> areas, ReportAtlasAreas(*dir));
  auto r = link::ReadReachReport(app.store, *ctx.actor, areas,
                                 {.from = period->from,
                                  .to = period->to,
                                  .suppression = {.below = app.options.suppress_below},
                                  .atlas = ReportAtlasName(*dir)},
                                 ctx.meta);
  if (!r && FilterError(r.error())) return ReportPage(ctx, kReachPath, title, fields, {r.error()}, {}, json::array());
  if (!r) return r.error();
  const link::ReportTable table = link::ReachTable(*r);
  const ReportLinks links = ReportApiLinks("reach", {{"atlas", ReportAtlasName(*dir)}, {"from", from}, {"to", to}});
  NHOOD_ASSIGN_OR_RETURN(json views, ReportTableViews({{.table = &table,
                                                        .id = "reach",
                                                        .csv_href = links.csv_href,
                                                        .xlsx_href = links.xlsx_href,
                                                        .json_href = links.json_href}}));
  json extra = {{"intro",
                 "The share of the residents served living in Core20 LSOAs (England's most deprived 20%) "
                 "and in doubly disadvantaged neighbourhoods, each with a 95% Wilson interval, against "
                 "those areas' share of the population of the area atlas " +
                     ReportAtlasName(*dir) +
                     " covers. A ratio above 1 means the service reaches them more than "
                     "their population share."},
                {"period", PeriodText(*period, app.options.suppress_below)}};
  return ReportPage(ctx, kReachPath, title, fields, {}, std::move(extra), std::move(views));
}

}  // namespace

std::vector<Route> ReportPages() {
  return {
      WebPage("GET", kActivityPath, Surface::kAction, Action::kReadReports, "report", ShowActivity),
      WebPage("GET", kOutcomesPath, Surface::kAction, Action::kReadReports, "report", ShowOutcomes),
      WebPage("GET", kReachPath, Surface::kAction, Action::kReadReports, "report", ShowReach),
  };
}

}  // namespace nhood::server::web
