#include "apps/server/web/dashboard_page.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <tuple>

#include "apps/server/report_download.h"
#include "apps/server/web/forms.h"
#include "apps/server/web/page.h"
#include "apps/server/web/report_html.h"
#include "nhood/link/dashboard_report.h"

namespace nhood::server::web {
namespace {

using nlohmann::json;

// The bar's scale: twice the top of the safe caseload (a rate beyond it
// fills the bar; the figure beside it says how far).
constexpr double kBarMax = 500;

size_t Col(const link::ReportTable& t, std::string_view name) {
  return static_cast<size_t>(std::find(t.columns.begin(), t.columns.end(), name) - t.columns.begin());
}
const link::ReportValue& Cell(const link::ReportTable& t, size_t row, std::string_view column) {
  return t.rows.at(row).at(Col(t, column));
}
bool Empty(const link::ReportValue& v) { return std::holds_alternative<std::monostate>(v); }

// A count as shown: the number, or "fewer than N" when withheld.
std::string CountText(const link::ReportValue& v, int below) {
  if (Empty(v)) return "fewer than " + std::to_string(below);
  return link::ReportValueText(v);
}
// A withheld figure (a rate, days, a share) is "withheld".
std::string Share(const link::ReportValue& v) {
  if (!std::holds_alternative<double>(v)) return "withheld";
  return Fixed(100.0 * std::get<double>(v), 0) + "%";
}
std::string Days(const link::ReportValue& v) {
  if (!std::holds_alternative<int64_t>(v)) return "withheld";
  const int64_t d = std::get<int64_t>(v);
  return std::to_string(d) + (d == 1 ? " day" : " days");
}
std::string Withheld(const link::ReportTable& t, int below) {
  if (t.suppressed_cells == 0) return "";
  return std::to_string(t.suppressed_cells) + (t.suppressed_cells == 1 ? " figure" : " figures") +
         " withheld (counts of fewer than " + std::to_string(below) + " people, and figures that would reveal them).";
}

json Caseloads(const link::ReportTable& t, int below) {
  json rows = json::array();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const bool total = r + 1 == t.rows.size();
    const link::ReportValue& rate = Cell(t, r, "people_per_year");
    json row = {{"worker", link::ReportValueText(Cell(t, r, "worker"))},
                {"people", CountText(Cell(t, r, "people"), below)},
                {"open_now", CountText(Cell(t, r, "open_now"), below)},
                {"referrals", CountText(Cell(t, r, "referrals"), below)},
                {"total", total},
                {"has_bar", false}};
    if (std::holds_alternative<double>(rate)) {
      const double per_year = std::get<double>(rate);
      row["per_year"] = Fixed(per_year, 0);
      if (!total && !Empty(Cell(t, r, "worker_id"))) {  // a bar is a worker's caseload
        const std::string band = link::ReportValueText(Cell(t, r, "band"));
        row["has_bar"] = true;
        row["bar_value"] = Fixed(std::min(per_year, kBarMax), 0);
        const std::string low = link::ReportValueText(Cell(t, r, "safe_low"));
        const std::string high = link::ReportValueText(Cell(t, r, "safe_high"));
        row["band"] = band == "within" ? "within " + low + "–" + high : band == "below" ? "below " + low : "above " + high;
        row["band_class"] = "band-" + band;
      }
    } else {
      row["per_year"] = total ? "" : "withheld";
    }
    rows.push_back(std::move(row));
  }
  // The band's ends as the table gives them (each row carries them).
  json out = {{"rows", rows}, {"withheld", Withheld(t, below)}, {"bar_max", Fixed(kBarMax, 0)}};
  if (!t.rows.empty() && std::holds_alternative<int64_t>(Cell(t, 0, "safe_low")) &&
      std::holds_alternative<int64_t>(Cell(t, 0, "safe_high"))) {
    const int64_t low = std::get<int64_t>(Cell(t, 0, "safe_low")), high = std::get<int64_t>(Cell(t, 0, "safe_high"));
    out["safe_low"] = std::to_string(low);
    out["safe_high"] = std::to_string(high);
    out["safe_middle"] = std::to_string((low + high) / 2);
  }
  return out;
}

json Waiting(const link::ReportTable& t, int below) {
  auto line = [](std::string label, std::string value) { return json{{"label", label}, {"value", value}}; };
  json rows = json::array({
      line("Referrals received", CountText(Cell(t, 0, "referrals"), below)),
      line("First contacted", CountText(Cell(t, 0, "contacted"), below)),
      line("Median wait to first contact", Days(Cell(t, 0, "median_days"))),
      line("90% first contacted within", Days(Cell(t, 0, "p90_days"))),
      line("First contacted within 2 weeks", Share(Cell(t, 0, "within_14_days"))),
      line("First contacted within 4 weeks", Share(Cell(t, 0, "within_28_days"))),
      line("Still waiting for a first contact", CountText(Cell(t, 0, "waiting"), below)),
      line("Ended without a contact", CountText(Cell(t, 0, "ended_without_contact"), below)),
  });
  return {{"rows", rows}, {"withheld", Withheld(t, below)}};
}

json Organisations(const link::ReportTable& t, int below) {
  json rows = json::array();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    json row = {{"organisation", link::ReportValueText(Cell(t, r, "organisation"))}, {"total", r + 1 == t.rows.size()}};
    for (const char* c : {"sent", "waiting", "accepted", "attended", "declined"}) {
      row[c] = CountText(Cell(t, r, c), below);
    }
    rows.push_back(std::move(row));
  }
  return {{"rows", rows}, {"withheld", Withheld(t, below)}, {"has_rows", t.rows.size() > 1}};
}

Result<Reply> ShowDashboard(App& app, const RequestContext& ctx, const Input& in) {
  const link::Date default_from = link::DateOf(ctx.meta.now - std::chrono::days(365));
  const link::Date default_to = link::DateOf(ctx.meta.now + std::chrono::days(1));
  std::string from_text = Trim(Value(in, "from")), to_text = Trim(Value(in, "to"));
  if (from_text.empty()) from_text = link::FormatDate(default_from);
  if (to_text.empty()) to_text = link::FormatDate(default_to);
  json fields = json::array({With(Input_("from", "From", from_text, "date"), "hint", "YYYY-MM-DD, inclusive"),
                             With(Input_("to", "To", to_text, "date"), "hint", "YYYY-MM-DD, exclusive")});
  json data = json::object();
  auto from = link::ParseDate(from_text, "from");
  auto to = link::ParseDate(to_text, "to");
  std::optional<Error> error;
  if (!from) error = from.error();
  if (!to) error = to.error();
  if (!error) {
    const int below = app.options.suppress_below;
    auto d = link::ReadDashboard(app.store, *ctx.actor, {.from = *from, .to = *to}, {.below = below}, ctx.meta);
    if (!d && d.error().code != StatusCode::kInvalidArgument) return d.error();
    if (!d) {
      error = d.error();
    } else {
      const link::ActivityReport& r = d->activity;
      auto count = [below](const link::ReportCount& c) -> json {
        return c.suppressed ? json("fewer than " + std::to_string(below)) : json(std::to_string(c.value.value_or(0)));
      };
      auto tallies = [&](const std::vector<link::ReportTally>& ts) {
        json rows = json::array();
        for (const auto& t : ts) rows.push_back({{"key", Humanise(t.key)}, {"count", count(t.count)}});
        return rows;
      };
      auto raw = [](const std::vector<link::Tally>& ts) {
        json rows = json::array();
        for (const auto& t : ts) {
          rows.push_back(
              {{"key", Humanise(t.key == "sent" ? "waiting (sent)" : t.key)}, {"count", std::to_string(t.count)}});
        }
        return rows;
      };
      data["report"] = {{"period", link::FormatDate(*from) + " to " + link::FormatDate(*to)},
                        {"referrals_received", count(r.referrals_received)},
                        {"residents_contacted", count(r.residents_contacted)},
                        {"contacts", std::to_string(r.contacts)},
                        {"contact_hours", Fixed(static_cast<double>(r.contact_minutes) / 60.0, 1)},
                        {"onward_referrals_sent", std::to_string(r.onward_referrals_sent)},
                        {"volunteer_hours", Fixed(r.volunteer_hours, 1)},
                        {"volunteers_active", count(r.volunteers_active)},
                        {"by_source", tallies(r.referrals_by_source)},
                        {"transitions", tallies(r.transitions_to)},
                        {"by_mode", raw(r.contacts_by_mode)},
                        {"onward", raw(r.onward_by_status)},
                        {"caseloads", Caseloads(d->caseloads, below)},
                        {"waiting", Waiting(d->waiting, below)},
                        {"organisations", Organisations(d->organisations, below)},
                        {"suppress_below", below}};
      // Each table's downloads: the same report and period from the API.
      for (const auto& [key, report, table] : {std::tuple{"caseloads", "caseloads", &d->caseloads},
                                               std::tuple{"waiting", "waiting-times", &d->waiting},
                                               std::tuple{"organisations", "organisations", &d->organisations}}) {
        const ReportLinks links = ReportApiLinks(report, {{"from", from_text}, {"to", to_text}});
        data["report"][key]["downloads"] =
            ReportDownloadsView(links.csv_href, links.xlsx_href, links.json_href, table->title);
      }
    }
  }
  if (error && !MarkError(fields, error->field, error->message)) data["error"] = error->message;
  data["fields"] = fields;
  return RenderPage(ctx, "dashboard", "Dashboard", std::move(data));
}

}  // namespace

Route DashboardRoute() {
  return WebPage("GET", "/dashboard", Surface::kAction, link::Action::kReadReports, "report", ShowDashboard);
}

}  // namespace nhood::server::web
