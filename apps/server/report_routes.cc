// The report routes: parse the query, call nhood::link's reports, render the
// shared tables as JSON, CSV or XLSX. No statistics, role checks or audit writes
// here (link does them).
#include "apps/server/report_routes.h"

#include <cmath>
#include <filesystem>

#include "apps/server/error_mapping.h"
#include "apps/server/report_download.h"
#include "nhood/io/table_io.h"
#include "nhood/link/activity_report.h"
#include "nhood/link/caseload_report.h"
#include "nhood/link/organisations_report.h"
#include "nhood/link/outcomes_report.h"
#include "nhood/link/reach_report.h"
#include "nhood/link/waiting_report.h"

namespace nhood::server {
namespace {

using nlohmann::json;
using link::Action;

json ValueJson(const link::ReportValue& v) {
  if (std::holds_alternative<int64_t>(v)) return std::get<int64_t>(v);
  if (std::holds_alternative<double>(v)) {
    const double x = std::get<double>(v);
    return std::isfinite(x) ? json(x) : json(nullptr);
  }
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v);
  return nullptr;
}

json RowJson(const link::ReportTable& t, size_t row) {
  json j = json::object();
  for (size_t c = 0; c < t.columns.size(); ++c) j[t.columns[c]] = ValueJson(t.rows[row][c]);
  return j;
}

json TableJson(const link::ReportTable& t) {
  json rows = json::array();
  for (size_t r = 0; r < t.rows.size(); ++r) rows.push_back(RowJson(t, r));
  return {{"name", t.name}, {"title", t.title}, {"columns", t.columns}, {"rows", std::move(rows)},
          {"suppressed", t.suppressed_cells}, {"suppressed_cells", t.suppressed}, {"notes", t.notes}};
}

// The table as a download (CSV or XLSX, report_download.h), with its
// attachment name ("activity.xlsx").
Result<Reply> FileReply(const link::ReportTable& table, ReportFormat format, const std::string& name) {
  NHOOD_ASSIGN_OR_RETURN(std::string bytes, ReportFileBytes(table, format));
  Reply r;
  r.content_type = std::string(ReportFormatContentType(format));
  r.text = std::move(bytes);
  r.headers = {{"Content-Disposition",
                "attachment; filename=\"" + name + "." + std::string(ReportFormatExtension(format)) + "\""}};
  return r;
}

// `format`: json (the default), csv or xlsx; nullopt for JSON.
Result<std::optional<ReportFormat>> WantFile(const Input& in) {
  auto f = in.Param("format");
  if (!f || *f == "json") return std::optional<ReportFormat>();
  if (auto file = ReportFormatNamed(*f)) return file;
  return InvalidField("format", "format must be json, csv or xlsx");
}

json DateJson(const std::optional<link::Date>& d) { return d ? json(link::FormatDate(*d)) : json(nullptr); }

}  // namespace

// Both dates or neither; each YYYY-MM-DD; to after from.
Result<ReportPeriod> ParseReportPeriod(const Input& in) {
  ReportPeriod p;
  auto from = in.Param("from"), to = in.Param("to");
  if (from && !from->empty()) {
    NHOOD_ASSIGN_OR_RETURN(p.from, link::ParseDate(*from, "from"));
  }
  if (to && !to->empty()) {
    NHOOD_ASSIGN_OR_RETURN(p.to, link::ParseDate(*to, "to"));
  }
  if (p.from && !p.to) return InvalidField("to", "to is required with from (YYYY-MM-DD)");
  if (p.to && !p.from) return InvalidField("from", "from is required with to (YYYY-MM-DD)");
  if (p.from && !(std::chrono::sys_days(*p.from) < std::chrono::sys_days(*p.to))) {
    return InvalidField("to", "to must be after from");
  }
  return p;
}

// The atlas a request names: one of the directories given to `nhood serve
// --atlas`, by its path as given or its last component; the only one when
// the request names none. Never a path from the request itself.
std::string ReportAtlasName(const std::string& dir) {
  std::filesystem::path p(dir);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();  // a trailing slash
  return p.filename().string();
}

Result<std::string> ReportAtlasDir(App& app, const Input& in, bool required) {
  const auto& dirs = app.options.atlas;
  auto name = in.Param("atlas");
  if (!name || name->empty()) {
    if (dirs.size() == 1) return dirs[0];
    if (!required) return std::string();
    return InvalidField("atlas", dirs.empty() ? "this server has no atlas: start nhood serve with --atlas DIR"
                                              : "atlas is required: this server has " + std::to_string(dirs.size()) +
                                                    " (--atlas)");
  }
  for (const std::string& d : dirs) {
    if (*name == d || *name == ReportAtlasName(d)) return d;
  }
  return InvalidField("atlas", "unknown atlas '" + *name + "' (start nhood serve with --atlas DIR)");
}

Result<std::vector<link::ReachArea>> ReportAtlasAreas(const std::string& dir) {
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable((std::filesystem::path(dir) / "lsoas.csv").string()));
  Result<std::vector<link::ReachArea>> areas = link::ReachAreasFromTable(t);
  // A broken atlas directory is the server's configuration, not the request.
  if (!areas) return Internal("atlas " + dir + ": " + areas.error().message);
  return areas;
}

// The dashboard reports' period: the one asked for, or without one all
// time (from 1970 to the day after today), or for the caseloads (a yearly
// figure) the last 365 days.
link::ActivityQuery DashboardReportPeriod(const ReportPeriod& p, link::Time now, bool last_year) {
  const link::Date tomorrow = link::DateOf(now + std::chrono::days(1));
  if (p.from && p.to) return {.from = *p.from, .to = *p.to};
  if (last_year) return {.from = link::DateOf(now - std::chrono::days(364)), .to = tomorrow};
  return {.from = link::Date(std::chrono::year(1970) / 1 / 1), .to = tomorrow};
}

std::span<const DashboardTableReport> DashboardTableReports() {
  static constexpr DashboardTableReport kReports[] = {
      {"caseloads", "caseloads", link::ReadCaseloadReport, link::CaseloadsFromStore, true},
      {"waiting-times", "waiting_times", link::ReadWaitingReport, link::WaitingFromStore, false},
      {"organisations", "organisations", link::ReadOrganisationsReport, link::OrganisationsFromStore, false},
  };
  return kReports;
}

namespace {

json CountJson(const link::ReportCount& c) {
  return c.suppressed ? json{{"suppressed", true}} : json{{"value", c.value.value_or(0)}};
}
int64_t WithheldCells(const link::ReportCount& c) { return c.suppressed ? 1 : 0; }

Result<Reply> ActivityReport(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(ReportPeriod period, ParseReportPeriod(in));
  NHOOD_ASSIGN_OR_RETURN(std::optional<ReportFormat> file, WantFile(in));
  NHOOD_ASSIGN_OR_RETURN(std::string atlas, ReportAtlasDir(app, in, false));
  std::vector<link::ReachArea> areas;
  if (!atlas.empty()) {
    NHOOD_ASSIGN_OR_RETURN(areas, ReportAtlasAreas(atlas));
  }
  NHOOD_ASSIGN_OR_RETURN(link::ActivityResult result,
                         link::ReadActivity(app.store, *ctx.actor,
                                            {.from = period.from, .to = period.to,
                                             .suppression = {.below = app.options.suppress_below}, .areas = areas},
                                            ctx.meta));
  const link::ReportTable& table = result.breakdown;
  if (file) return FileReply(table, *file, "activity");
  const link::ActivityReport& r = result.summary;
  auto tallies = [](const std::vector<link::ReportTally>& ts, int64_t& withheld) {
    json j = json::object();
    for (const auto& t : ts) {
      j[t.key] = CountJson(t.count);
      withheld += WithheldCells(t.count);
    }
    return j;
  };
  auto plain = [](const std::vector<link::Tally>& ts) {
    json j = json::object();
    for (const auto& t : ts) j[t.key] = t.count;
    return j;
  };
  int64_t withheld = WithheldCells(r.referrals_received) + WithheldCells(r.residents_contacted) +
                    WithheldCells(r.volunteers_active);
  json body = {{"ok", true},
               {"from", DateJson(period.from)},
               {"to", DateJson(period.to)},
               {"suppress_below", r.suppress_below},
               {"referrals_received", CountJson(r.referrals_received)},
               {"referrals_by_source", tallies(r.referrals_by_source, withheld)},
               {"transitions_to", tallies(r.transitions_to, withheld)},
               {"residents_contacted", CountJson(r.residents_contacted)},
               {"contacts", r.contacts},
               {"contact_minutes", r.contact_minutes},
               {"contacts_by_mode", plain(r.contacts_by_mode)},
               {"onward_referrals_sent", r.onward_referrals_sent},
               {"onward_by_status", plain(r.onward_by_status)},
               {"volunteer_hours", r.volunteer_hours},
               {"volunteers_active", CountJson(r.volunteers_active)},
               {"breakdown", TableJson(table)}};
  body["suppressed"] = withheld + table.suppressed_cells;
  return Reply{.status = 200, .body = std::move(body), .headers = {}};
}

Result<Reply> OutcomesReport(App& app, const RequestContext& ctx, const Input& in) {
  auto measure = in.Param("measure");
  if (!measure || measure->empty()) {
    return InvalidField("measure", "measure is required: swemwbs, ons4_life_satisfaction, ons4_worthwhile, "
                                   "ons4_happiness, ons4_anxiety or mycaw");
  }
  NHOOD_ASSIGN_OR_RETURN(ReportPeriod period, ParseReportPeriod(in));
  NHOOD_ASSIGN_OR_RETURN(std::optional<ReportFormat> file, WantFile(in));
  NHOOD_ASSIGN_OR_RETURN(link::OutcomesReport r,
                         link::ReadOutcomesReport(app.store, *ctx.actor, *measure,
                                                  {.from = period.from, .to = period.to,
                                                   .suppression = {.below = app.options.suppress_below}},
                                                  ctx.meta));
  const link::ReportTable table = link::OutcomesTable(r);
  if (file) return FileReply(table, *file, "outcomes_" + std::string(r.measure.name));
  json body = RowJson(table, 0);
  body["ok"] = true;
  body["label"] = std::string(r.measure.label);
  body["suppress_below"] = r.suppress_below;
  body["suppressed_cells"] = table.suppressed;
  body["completeness"] = TableJson(link::CompletenessTable(r))["rows"];
  body["notes"] = table.notes;
  body["methods"] = {{"mean_change", "paired t, 95%: mean ± t(0.975, n-1) · sd / √n"},
                     {"improved_share", "Wilson score, 95%"},
                     {"baseline_mean", "Student's t, 95%"}};
  return Reply{.status = 200, .body = std::move(body), .headers = {}};
}

Result<Reply> ReachReport(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(ReportPeriod period, ParseReportPeriod(in));
  NHOOD_ASSIGN_OR_RETURN(std::optional<ReportFormat> file, WantFile(in));
  NHOOD_ASSIGN_OR_RETURN(std::string atlas, ReportAtlasDir(app, in, true));
  NHOOD_ASSIGN_OR_RETURN(std::vector<link::ReachArea> areas, ReportAtlasAreas(atlas));
  NHOOD_ASSIGN_OR_RETURN(link::ReachReport r,
                         link::ReadReachReport(app.store, *ctx.actor, areas,
                                               {.from = period.from, .to = period.to,
                                                .suppression = {.below = app.options.suppress_below},
                                                .atlas = ReportAtlasName(atlas)},
                                               ctx.meta));
  const link::ReportTable table = link::ReachTable(r);
  if (file) return FileReply(table, *file, "reach");
  auto opt = [](const std::optional<int64_t>& x) { return x ? json(*x) : json(nullptr); };
  json rows = json::array();
  for (size_t i = 0; i < table.rows.size(); ++i) rows.push_back(RowJson(table, i));
  json body = {{"ok", true},
               {"atlas", r.atlas},
               {"from", DateJson(r.from)},
               {"to", DateJson(r.to)},
               {"suppress_below", r.suppress_below},
               {"residents_served", opt(r.residents_served)},
               {"residents_matched", opt(r.residents_matched)},
               {"residents_outside_atlas", opt(r.residents_outside_atlas)},
               {"residents_without_lsoa", opt(r.residents_without_lsoa)},
               {"population", r.population_total},
               {"rows", std::move(rows)},
               {"suppressed", r.suppressed},
               {"suppressed_cells", r.suppressed_fields},
               {"notes", table.notes},
               {"methods", {{"share", "Wilson score, 95%"}}}};
  // The rows' figures flat too, as the outcomes report gives them:
  // core20_share, core20_lower95, …, double_disadvantage_ratio.
  for (const link::ReachRow& row : r.rows) {
    auto v = [](const std::optional<double>& x) { return x ? json(*x) : json(nullptr); };
    body[row.group + "_residents"] = opt(row.residents);
    body[row.group + "_share"] = v(row.share);
    body[row.group + "_lower95"] = v(row.lower95);
    body[row.group + "_upper95"] = v(row.upper95);
    body[row.group + "_population_share"] = row.population_share;
    body[row.group + "_ratio"] = v(row.ratio);
  }
  return Reply{.status = 200, .body = std::move(body), .headers = {}};
}

// GET /api/v1/reports/{caseloads,waiting-times,organisations}: the shared
// table as JSON (with the period and the rule), CSV or XLSX.
Handler TableReport(const DashboardTableReport& report) {
  return [&report](App& app, const RequestContext& ctx, const Input& in) -> Result<Reply> {
    NHOOD_ASSIGN_OR_RETURN(ReportPeriod period, ParseReportPeriod(in));
    NHOOD_ASSIGN_OR_RETURN(std::optional<ReportFormat> file, WantFile(in));
    const link::ActivityQuery q = DashboardReportPeriod(period, ctx.meta.now, report.last_year);
    NHOOD_ASSIGN_OR_RETURN(link::ReportTable table,
                           report.read(app.store, *ctx.actor, q, {.below = app.options.suppress_below}, ctx.meta));
    if (file) return FileReply(table, *file, table.name);
    json body = TableJson(table);
    body["ok"] = true;
    body["from"] = link::FormatDate(q.from);
    body["to"] = link::FormatDate(q.to);
    body["suppress_below"] = app.options.suppress_below;
    return Reply{.status = 200, .body = std::move(body), .headers = {}};
  };
}

Route Report(std::string path, Handler h) {
  return {"GET", std::regex("/api/v1/reports/" + path), Surface::kAction, Action::kReadReports, "report",
          std::move(h)};
}

}  // namespace

std::vector<Route> ReportRoutes() {
  std::vector<Route> routes = {
      Report("activity", ActivityReport),
      Report("outcomes", OutcomesReport),
      Report("reach", ReachReport),
  };
  for (const DashboardTableReport& r : DashboardTableReports()) routes.push_back(Report(std::string(r.name), TableReport(r)));
  return routes;
}

}  // namespace nhood::server
