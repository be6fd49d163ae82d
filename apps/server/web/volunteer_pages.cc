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
constexpr const char* kListPage = "/volunteers";
constexpr const char* kNewPage = "/volunteers/new";

// The volunteers the actor may record hours for: everyone active (managers,
// admins) or their own record (a volunteer; none when they have none).
Result<std::vector<link::Volunteer>> Recordable(App& app, const RequestContext& ctx) {
  std::vector<link::Volunteer> out;
  if (link::RoleMayEver(ctx.actor->role, Action::kManageVolunteers)) {
    NHOOD_ASSIGN_OR_RETURN(auto all, link::ReadVolunteers(app.store, *ctx.actor, ctx.meta));
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

Result<Reply> HoursForm(FormTokens& t, App& app, const RequestContext& ctx, const Input& in, std::optional<Error> error,
                        int status) {
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, Recordable(app, ctx));
  std::vector<Option> options;
  for (const auto& v : volunteers) options.push_back({std::to_string(v.id), v.name});
  std::string chosen = Value(in, "volunteer_id");
  if (options.size() == 1) chosen = options[0].value;
  const std::string date = in.form ? Value(in, "date") : link::FormatDate(link::DateOf(ctx.meta.now));
  json fields = json::array();
  json hidden = json::array();
  if (options.size() == 1) {
    hidden.push_back({{"name", "volunteer_id"}, {"value", chosen}});
  } else {
    fields.push_back(Select("volunteer_id", "Volunteer", options, chosen));
  }
  fields.push_back(With(Input_("date", "Date", date, "date"), "hint", "YYYY-MM-DD"));
  fields.push_back(
      With(With(With(Input_("hours", "Hours", Value(in, "hours"), "number"), "min", "0.25"), "step", "0.25"), "hint",
           "More than 0 and at most 24, e.g. 2.5"));
  fields.push_back(With(Input_("activity", "Activity (optional)", Value(in, "activity")), "hint",
                        "For example: drop-in, befriending call"));
  json data = {{"heading", "Volunteer hours"}, {"action", kHoursPage}, {"button", "Save hours"}, {"hidden", hidden}};
  if (options.size() == 1) data["about"] = "Hours given by " + volunteers[0].name + ".";
  if (volunteers.empty()) data["closed"] = "There is no active volunteer record to record hours for.";
  if (!in.form && Value(in, "saved") == "1") data["notice"] = "The hours have been saved.";
  // The chosen volunteer's hours so far.
  if (!chosen.empty()) {
    auto id = ParseIntParam(chosen, "volunteer_id");
    bool known = false;
    for (const auto& o : options) known = known || o.value == chosen;
    if (id && known) {
      NHOOD_ASSIGN_OR_RETURN(auto hours, link::ReadVolunteerHours(app.store, *ctx.actor, *id, ctx.meta));
      json rows = json::array();
      double total = 0;
      for (auto it = hours.rbegin(); it != hours.rend() && rows.size() < 50; ++it) {
        rows.push_back(
            {{"cells", json::array({link::FormatDate(it->date), Fixed(it->hours, 2), it->activity.value_or("")})}});
      }
      for (const auto& h : hours) total += h.hours;
      data["table"] = {{"caption", "Hours recorded (" + Fixed(total, 2) + " in all; the latest 50 listed)"},
                       {"head", json::array({"Date", "Hours", "Activity"})},
                       {"rows", rows},
                       {"has_rows", !rows.empty()}};
    }
  }
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> LogHours(FormTokens& t, App& app, const RequestContext& ctx, const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kHoursPage);
  auto form = [&](const Error& e) { return HoursForm(t, app, ctx, in, e, 422); };
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, Recordable(app, ctx));
  const std::string chosen = Value(in, "volunteer_id");
  bool known = false;
  for (const auto& v : volunteers) known = known || std::to_string(v.id) == chosen;
  if (!known) return form(InvalidField("volunteer_id", "choose the volunteer"));
  link::VolunteerHours h;
  h.volunteer_id = *ParseIntParam(chosen, "volunteer_id");
  const std::string hours = Trim(Value(in, "hours"));
  auto n = ParseNumberParam(hours, "hours");
  if (hours.empty() || !n) return form(InvalidField("hours", "enter the hours as a number, e.g. 2.5"));
  h.hours = *n;
  const std::string date = Trim(Value(in, "date"));
  if (date.empty()) return form(InvalidField("date", "enter the date"));
  auto d = link::ParseDate(date, "date");
  if (!d) return form(d.error());
  h.date = *d;
  if (Status v = link::ValidateVolunteerHours(h, link::DateOf(ctx.meta.now)); !v.ok()) return form(v.error());
  const std::string activity = Trim(Value(in, "activity"));
  if (!activity.empty()) h.activity = activity;
  auto id = link::LogVolunteerHours(app.store, *ctx.actor, h, ctx.meta);
  if (!id) {
    if (FormError(id.error())) return form(id.error());
    return id.error();
  }
  return Redirect(std::string(kHoursPage) + "?saved=1&volunteer_id=" + chosen);
}

// ---- the volunteers: list, add, change (and deactivate) ----

// The username of the login linked to a volunteer record, or "" for none.
Result<std::string> LoginOf(App& app, const link::Volunteer& v) {
  if (!v.user_id) return std::string();
  auto u = app.store.GetUser(*v.user_id);
  if (!u) {
    if (u.error().code == StatusCode::kNotFound) return std::string();
    return u.error();
  }
  return u->username;
}

Result<Reply> ShowVolunteers(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, link::ReadVolunteers(app.store, *ctx.actor, ctx.meta));
  json rows = json::array();
  for (const auto& v : volunteers) {
    NHOOD_ASSIGN_OR_RETURN(std::string login, LoginOf(app, v));
    rows.push_back({{"id", v.id},
                    {"name", v.name},
                    {"login", login.empty() ? "none" : login},
                    {"started_on", v.started_on ? link::FormatDate(*v.started_on) : "not given"},
                    {"active", v.active ? "yes" : "no"},
                    {"is_active", v.active}});
  }
  json data = {{"volunteers", rows}, {"has_volunteers", !rows.empty()}};
  if (Value(in, "saved") == "1") data["notice"] = "The volunteer has been saved.";
  return RenderPage(ctx, "volunteers", "Volunteers", std::move(data));
}

json StartedField(const std::string& value) {
  return With(Input_("started_on", "Started on (optional)", value, "date"), "hint", "YYYY-MM-DD");
}

json LoginField(const std::string& value, const char* hint) {
  return With(With(Input_("username", "Their login (optional)", value), "autocomplete", "off"), "hint", hint);
}

constexpr const char* kNoVolunteerLogin = "there is no volunteer login with this username";

// The login of a volunteer form: none when the field is empty, else the id
// of the user with that username. Whether that user may be linked is link's
// rule (AddVolunteer, EditVolunteer); LoginFieldError words its refusal.
Result<std::optional<int64_t>> LoginOfForm(App& app, const Input& in) {
  const std::string username = Lower(Trim(Value(in, "username")));
  if (username.empty()) return std::optional<int64_t>();
  auto user = app.store.FindUserByUsername(username);
  if (!user) {
    if (user.error().code != StatusCode::kNotFound) return user.error();
    return InvalidField("username", kNoVolunteerLogin);
  }
  return std::optional<int64_t>(user->id);
}

// link's refusal of a login (field "user_id") said at the username field:
// one message whether the login is missing or not a volunteer's, so the form
// tells a manager nothing about other accounts; a login already linked to
// another volunteer says so.
Error LoginFieldError(Error e) {
  if (e.field != "user_id") return e;
  if (e.code == StatusCode::kFailedPrecondition) {
    return InvalidField("username", "this login already has a volunteer record");
  }
  return InvalidField("username", kNoVolunteerLogin);
}

Result<Reply> NewVolunteerForm(FormTokens& t, App&, const RequestContext& ctx, const Input& in,
                               std::optional<Error> error, int status) {
  json fields = json::array(
      {Input_("name", "Name", Value(in, "name")), StartedField(Value(in, "started_on")),
       LoginField(Value(in, "username"),
                  "The username of a user with the volunteer role: they can then record their own hours")});
  json data = {{"heading", "Add a volunteer"},
               {"about", "Every change to volunteers is in the audit trail."},
               {"back", kListPage},
               {"back_label", "Back to volunteers"},
               {"action", kNewPage},
               {"button", "Add volunteer"},
               {"hidden", json::array()}};
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

// The optional start date of a volunteer form (empty: not given).
Result<std::optional<link::Date>> StartedOn(const Input& in) {
  const std::string text = Trim(Value(in, "started_on"));
  if (text.empty()) return std::optional<link::Date>();
  auto d = link::ParseDate(text, "started_on");
  if (!d) return InvalidField("started_on", "enter the date as YYYY-MM-DD, or leave it empty");
  return std::optional<link::Date>(*d);
}

Result<Reply> CreateVolunteer(FormTokens& t, App& app, const RequestContext& ctx, const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kListPage);
  auto form = [&](const Error& e) { return NewVolunteerForm(t, app, ctx, in, e, 422); };
  link::Volunteer v;
  v.name = Trim(Value(in, "name"));
  if (v.name.empty()) return form(InvalidField("name", "enter their name"));
  auto started = StartedOn(in);
  if (!started) return form(started.error());
  v.started_on = *started;
  auto login = LoginOfForm(app, in);
  if (!login) {
    if (FormError(login.error())) return form(login.error());
    return login.error();
  }
  v.user_id = *login;
  auto id = link::AddVolunteer(app.store, *ctx.actor, v, ctx.meta);
  if (!id) {
    Error e = LoginFieldError(id.error());
    if (FormError(e)) return form(e);
    return e;
  }
  return Redirect(std::string(kListPage) + "?saved=1");
}

// The volunteer of the path, through link's audited read of the volunteers
// (so the role check and its audit come before anything is looked up).
Result<link::Volunteer> VolunteerOf(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "volunteer " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(auto volunteers, link::ReadVolunteers(app.store, *ctx.actor, ctx.meta));
  for (auto& v : volunteers) {
    if (v.id == id) return std::move(v);
  }
  return NotFound("volunteer " + in.captures[0] + " not found");
}

Result<Reply> EditVolunteerForm(FormTokens& t, App& app, const RequestContext& ctx, const Input& in,
                                std::optional<Error> error, int status) {
  NHOOD_ASSIGN_OR_RETURN(link::Volunteer v, VolunteerOf(app, ctx, in));
  NHOOD_ASSIGN_OR_RETURN(std::string login, LoginOf(app, v));
  const bool posted = in.form != nullptr;
  json fields = json::array(
      {Input_("name", "Name", posted ? Value(in, "name") : v.name),
       StartedField(posted ? Value(in, "started_on") : (v.started_on ? link::FormatDate(*v.started_on) : "")),
       LoginField(posted && in.form->count("username") ? Value(in, "username") : login,
                  "The username of a user with the volunteer role; empty: no login linked"),
       Checkbox("active", "Active: hours can be recorded for them (untick to deactivate)",
                posted ? Value(in, "active") == "1" : v.active)});
  json data = {
      {"heading", "Volunteer " + v.name},
      {"about", login.empty() ? "No login is linked to this volunteer." : "Linked to the login " + login + "."},
      {"back", kListPage},
      {"back_label", "Back to volunteers"},
      {"action", std::string(kListPage) + "/" + std::to_string(v.id)},
      {"button", "Save"},
      {"hidden", json::array()}};
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> ChangeVolunteer(FormTokens& t, App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(link::Volunteer v, VolunteerOf(app, ctx, in));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kListPage);
  auto form = [&](const Error& e) { return EditVolunteerForm(t, app, ctx, in, e, 422); };
  link::VolunteerChange change;
  change.name = Trim(Value(in, "name"));
  if (change.name->empty()) return form(InvalidField("name", "enter their name"));
  auto started = StartedOn(in);
  if (!started) return form(started.error());
  change.started_on = *started;
  change.active = Value(in, "active") == "1";
  // A post without the username field (not from this page's form) keeps
  // the login; the field posted empty unlinks it.
  if (in.form && in.form->count("username")) {
    auto login = LoginOfForm(app, in);
    if (!login) {
      if (FormError(login.error())) return form(login.error());
      return login.error();
    }
    change.user_id = *login;
  }
  if (auto saved = link::EditVolunteer(app.store, *ctx.actor, v.id, change, ctx.meta); !saved) {
    Error e = LoginFieldError(saved.error());
    if (FormError(e)) return form(e);
    return e;
  }
  return Redirect(std::string(kListPage) + "?saved=1");
}

}  // namespace

std::vector<Route> VolunteerPages(Tokens tokens) {
  const std::string id = R"((\d{1,19}))";
  return {
      WebPage("GET", kListPage, Surface::kAction, Action::kManageVolunteers, "volunteer", ShowVolunteers),
      WebPage("GET", kNewPage, Surface::kAction, Action::kManageVolunteers, "volunteer",
              Bind(tokens, Show<NewVolunteerForm>)),
      WebPage("POST", kNewPage, Surface::kAction, Action::kManageVolunteers, "volunteer",
              Bind(tokens, CreateVolunteer)),
      WebPage("GET", std::string(kListPage) + "/" + id, Surface::kAction, Action::kManageVolunteers, "volunteer",
              Bind(tokens, Show<EditVolunteerForm>)),
      WebPage("POST", std::string(kListPage) + "/" + id, Surface::kAction, Action::kManageVolunteers, "volunteer",
              Bind(tokens, ChangeVolunteer)),
      WebPage("GET", kHoursPage, Surface::kAction, Action::kLogVolunteerHours, "volunteer",
              Bind(tokens, Show<HoursForm>)),
      WebPage("POST", kHoursPage, Surface::kAction, Action::kLogVolunteerHours, "volunteer", Bind(tokens, LogHours)),
  };
}

}  // namespace nhood::server::web
