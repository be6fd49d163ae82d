#include "apps/server/web/volunteer_pages.h"

#include <string>

#include "apps/server/json_input.h"
#include "apps/server/web/page.h"
#include "nhood/link/volunteering.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;

constexpr const char* kHoursPage = "/volunteers/hours";

// The volunteers the actor may record hours for: everyone active (managers,
// admins) or their own record (a volunteer; none when they have none).
Result<std::vector<link::Volunteer>> Recordable(App& app,
                                                const RequestContext& ctx) {
  std::vector<link::Volunteer> out;
  if (link::RoleMayEver(ctx.actor->role, Action::kManageVolunteers)) {
    NHOOD_ASSIGN_OR_RETURN(
        auto all, link::ReadVolunteers(app.store, *ctx.actor, ctx.meta));
    for (auto& v : all) {
      if (v.active) out.push_back(std::move(v));
    }
    return out;
  }
  auto own = app.store.FindVolunteerByUser(ctx.actor->user_id);
  if (own) {
    out.push_back(std::move(*own));
  } else if (own.error().code != StatusCode::kNotFound) {
    return own.error();
  }
  return out;
}

Result<Reply> HoursForm(FormTokens& t, App& app, const RequestContext& ctx,
                        const Input& in, std::optional<Error> error,
                        int status) {
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, Recordable(app, ctx));
  std::vector<Option> options;
  for (const auto& v : volunteers)
    options.push_back({std::to_string(v.id), v.name});
  std::string chosen = Value(in, "volunteer_id");
  if (options.size() == 1) chosen = options[0].value;
  const std::string date = in.form
                               ? Value(in, "date")
                               : link::FormatDate(link::DateOf(ctx.meta.now));
  json fields = json::array();
  json hidden = json::array();
  if (options.size() == 1) {
    hidden.push_back({{"name", "volunteer_id"}, {"value", chosen}});
  } else {
    fields.push_back(Select("volunteer_id", "Volunteer", options, chosen));
  }
  fields.push_back(
      With(Input_("date", "Date", date, "date"), "hint", "YYYY-MM-DD"));
  fields.push_back(
      With(With(With(Input_("hours", "Hours", Value(in, "hours"), "number"),
                     "min", "0.25"),
                "step", "0.25"),
           "hint", "More than 0 and at most 24, e.g. 2.5"));
  fields.push_back(
      With(Input_("activity", "Activity (optional)", Value(in, "activity")),
           "hint", "For example: drop-in, befriending call"));
  json data = {{"heading", "Volunteer hours"},
               {"action", kHoursPage},
               {"button", "Save hours"},
               {"hidden", hidden}};
  if (options.size() == 1)
    data["about"] = "Hours given by " + volunteers[0].name + ".";
  if (volunteers.empty())
    data["closed"] = "There is no active volunteer record to record hours for.";
  if (!in.form && Value(in, "saved") == "1")
    data["notice"] = "The hours have been saved.";
  // The chosen volunteer's hours so far.
  if (!chosen.empty()) {
    auto id = ParseIntParam(chosen, "volunteer_id");
    bool known = false;
    for (const auto& o : options) known = known || o.value == chosen;
    if (id && known) {
      NHOOD_ASSIGN_OR_RETURN(
          auto hours,
          link::ReadVolunteerHours(app.store, *ctx.actor, *id, ctx.meta));
      json rows = json::array();
      double total = 0;
      for (auto it = hours.rbegin(); it != hours.rend() && rows.size() < 50;
           ++it) {
        rows.push_back({{"cells", json::array({link::FormatDate(it->date),
                                               Fixed(it->hours, 2),
                                               it->activity.value_or("")})}});
      }
      for (const auto& h : hours) total += h.hours;
      data["table"] = {{"caption", "Hours recorded (" + Fixed(total, 2) +
                                       " in all; the latest 50 listed)"},
                       {"head", json::array({"Date", "Hours", "Activity"})},
                       {"rows", rows},
                       {"has_rows", !rows.empty()}};
    }
  }
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> LogHours(FormTokens& t, App& app, const RequestContext& ctx,
                       const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kHoursPage);
  auto form = [&](const Error& e) {
    return HoursForm(t, app, ctx, in, e, 422);
  };
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, Recordable(app, ctx));
  const std::string chosen = Value(in, "volunteer_id");
  bool known = false;
  for (const auto& v : volunteers)
    known = known || std::to_string(v.id) == chosen;
  if (!known) return form(InvalidField("volunteer_id", "choose the volunteer"));
  link::VolunteerHours h;
  h.volunteer_id = *ParseIntParam(chosen, "volunteer_id");
  const std::string hours = Trim(Value(in, "hours"));
  auto n = ParseNumberParam(hours, "hours");
  if (hours.empty() || !n)
    return form(InvalidField("hours", "enter the hours as a number, e.g. 2.5"));
  h.hours = *n;
  const std::string date = Trim(Value(in, "date"));
  if (date.empty()) return form(InvalidField("date", "enter the date"));
  auto d = link::ParseDate(date, "date");
  if (!d) return form(d.error());
  h.date = *d;
  if (Status v = link::ValidateVolunteerHours(h, link::DateOf(ctx.meta.now));
      !v.ok())
    return form(v.error());
  const std::string activity = Trim(Value(in, "activity"));
  if (!activity.empty()) h.activity = activity;
  auto id = link::LogVolunteerHours(app.store, *ctx.actor, h, ctx.meta);
  if (!id) {
    if (FormError(id.error())) return form(id.error());
    return id.error();
  }
  return Redirect(std::string(kHoursPage) + "?saved=1&volunteer_id=" + chosen);
}

}  // namespace

std::vector<Route> VolunteerPages(Tokens tokens) {
  return {
      WebPage("GET", kHoursPage, Surface::kAction, Action::kLogVolunteerHours,
              "volunteer", Bind(tokens, Show<HoursForm>)),
      WebPage("POST", kHoursPage, Surface::kAction, Action::kLogVolunteerHours,
              "volunteer", Bind(tokens, LogHours)),
  };
}

}  // namespace nhood::server::web
