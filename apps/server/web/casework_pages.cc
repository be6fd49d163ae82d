#include "apps/server/web/casework_pages.h"

#include <optional>
#include <string>

#include "apps/server/api_json.h"
#include "apps/server/json_input.h"
#include "apps/server/web/page.h"
#include "nhood/link/casework.h"
#include "nhood/link/uuid.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;

const std::vector<Option>& NeedCategories() {
  static const std::vector<Option> k = {
      {"loneliness", "Loneliness or isolation"},
      {"money_debt", "Money or debt"},
      {"housing", "Housing"},
      {"mental_wellbeing", "Mental wellbeing"},
      {"physical_activity", "Physical activity"},
      {"carer_support", "Caring responsibilities"},
      {"employment", "Work or training"},
      {"food", "Food"},
      {"digital", "Getting online"},
      {"other", "Something else (describe it)"}};
  return k;
}

const std::vector<Option>& GoalStatuses() {
  static const std::vector<Option> k = {{"open", "Working on it"},
                                        {"partly_achieved", "Partly achieved"},
                                        {"achieved", "Achieved"},
                                        {"dropped", "No longer a goal"}};
  return k;
}

std::string Today(const RequestContext& ctx) {
  return link::FormatDate(link::DateOf(ctx.meta.now));
}

// A date field's value: as posted, or today on a fresh form.
std::string DateValue(const Input& in, const std::string& name,
                      const RequestContext& ctx) {
  return in.form ? Value(in, name) : Today(ctx);
}

json DateField(const Input& in, const std::string& name,
               const std::string& label, const RequestContext& ctx) {
  return With(Input_(name, label, DateValue(in, name, ctx), "date"), "hint",
              "YYYY-MM-DD");
}

// A referral and its resident, both read through link (audited; a worker
// without the resident on their caseload is refused here: the 403 page).
struct Case {
  link::Referral referral;
  link::Resident resident;
  std::string back;  // the resident's timeline, at this referral
};

Result<Case> ReadCase(App& app, const RequestContext& ctx,
                      const std::string& referral_id) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id,
                         ParseId(referral_id, "referral " + referral_id));
  NHOOD_ASSIGN_OR_RETURN(
      link::Referral ref,
      link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  NHOOD_ASSIGN_OR_RETURN(
      link::Resident r,
      link::ReadResident(app.store, *ctx.actor, ref.resident_id, ctx.meta));
  std::string back =
      "/residents/" + std::to_string(r.id) + "#ref-" + std::to_string(ref.id);
  return Case{std::move(ref), std::move(r), std::move(back)};
}

json CasePage(const Case& c, const std::string& heading,
              const std::string& action, const std::string& button) {
  return {{"heading", heading},
          {"about", "For " + c.resident.name + ", referral " +
                        std::to_string(c.referral.id) + "."},
          {"back", c.back},
          {"back_label", "Back to the timeline"},
          {"action", action},
          {"button", button},
          {"hidden", json::array()}};
}

// A failed write: back to the form when the field is the user's to fix,
// otherwise the error page.
template <typename Form>
Result<Reply> Failed(const Error& e, Form form) {
  if (FormError(e)) return form(e);
  return e;
}

void PutIfSet(json& body, const std::string& key, const std::string& value) {
  if (!value.empty()) body[key] = value;
}

// ---- needs ----

Result<Reply> NeedForm(FormTokens& t, App& app, const RequestContext& ctx,
                       const Input& in, std::optional<Error> error,
                       int status) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  json fields = json::array(
      {Select("category", "Need", NeedCategories(), Value(in, "category")),
       TextArea("description", "Description (optional)",
                Value(in, "description")),
       DateField(in, "identified_on", "Identified on", ctx)});
  json data =
      CasePage(c, "Record a need",
               "/referrals/" + std::to_string(c.referral.id) + "/needs/new",
               "Save need");
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> CreateNeed(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, c.back);
  auto form = [&](const Error& e) { return NeedForm(t, app, ctx, in, e, 422); };
  const std::string category = Value(in, "category"),
                    description = Trim(Value(in, "description"));
  if (category.empty())
    return form(InvalidField("category", "choose the need"));
  if (category == "other" && description.empty())
    return form(InvalidField("description", "describe the need"));
  json body = {{"category", category}};
  PutIfSet(body, "description", description);
  PutIfSet(body, "identified_on", Trim(Value(in, "identified_on")));
  auto need = NeedFromJson(body);
  if (!need) return form(need.error());
  need->referral_id = c.referral.id;
  auto id = link::RecordNeed(app.store, *ctx.actor, *need, ctx.meta);
  if (!id) return Failed(id.error(), form);
  return Redirect(c.back);
}

// ---- goals ----

Result<Reply> GoalForm(FormTokens& t, App& app, const RequestContext& ctx,
                       const Input& in, std::optional<Error> error,
                       int status) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  json fields = json::array(
      {With(TextArea("what_matters", "What matters to them, in their words",
                     Value(in, "what_matters")),
            "hint", "For example: to get out of the house twice a week"),
       DateField(in, "set_on", "Set on", ctx)});
  json data =
      CasePage(c, "Set a goal",
               "/referrals/" + std::to_string(c.referral.id) + "/goals/new",
               "Save goal");
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> CreateGoal(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, c.back);
  auto form = [&](const Error& e) { return GoalForm(t, app, ctx, in, e, 422); };
  const std::string what = Trim(Value(in, "what_matters"));
  if (what.empty())
    return form(InvalidField("what_matters", "write what matters to them"));
  json body = {{"what_matters", what}, {"status", "open"}};
  PutIfSet(body, "set_on", Trim(Value(in, "set_on")));
  auto goal = GoalFromJson(body);
  if (!goal) return form(goal.error());
  goal->referral_id = c.referral.id;
  auto id = link::RecordGoal(app.store, *ctx.actor, *goal, ctx.meta);
  if (!id) return Failed(id.error(), form);
  return Redirect(c.back);
}

Result<link::Goal> FindGoal(App& app, const RequestContext& ctx, const Case& c,
                            const std::string& goal_id) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(goal_id, "goal " + goal_id));
  NHOOD_ASSIGN_OR_RETURN(auto goals, link::ReadGoals(app.store, *ctx.actor,
                                                     c.referral.id, ctx.meta));
  for (auto& g : goals) {
    if (g.id == id) return g;
  }
  return NotFound("goal " + goal_id + " is not one of referral " +
                  std::to_string(c.referral.id) + "'s");
}

Result<Reply> ReviewForm(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in, std::optional<Error> error,
                         int status) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Goal g, FindGoal(app, ctx, c, in.captures[1]));
  const std::string current(link::GoalStatusName(g.status));
  json fields = json::array(
      {Radios("status", "Progress", GoalStatuses(),
              in.form ? Value(in, "status") : current),
       TextArea("what_matters", "What matters to them, in their words",
                in.form ? Value(in, "what_matters") : g.what_matters),
       DateField(in, "reviewed_on", "Reviewed on", ctx)});
  json data = CasePage(c, "Review a goal",
                       "/referrals/" + std::to_string(c.referral.id) +
                           "/goals/" + std::to_string(g.id),
                       "Save review");
  data["notice"] =
      "Set on " + link::FormatDate(g.set_on) + "; now: " + Humanise(current) +
      (g.reviewed_on ? ", last reviewed " + link::FormatDate(*g.reviewed_on)
                     : "") +
      ".";
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> ReviewGoal(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Goal current,
                         FindGoal(app, ctx, c, in.captures[1]));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, c.back);
  auto form = [&](const Error& e) {
    return ReviewForm(t, app, ctx, in, e, 422);
  };
  const std::string status = Value(in, "status");
  if (status.empty())
    return form(InvalidField("status", "choose how it is going"));
  json body = {{"status", status}};
  PutIfSet(body, "what_matters", Trim(Value(in, "what_matters")));
  PutIfSet(body, "reviewed_on", Trim(Value(in, "reviewed_on")));
  auto goal = GoalFromJson(body);
  if (!goal) return form(goal.error());
  goal->id = current.id;
  goal->referral_id = c.referral.id;
  Status reviewed = link::ReviewGoal(app.store, *ctx.actor, *goal, ctx.meta);
  if (!reviewed.ok()) return Failed(reviewed.error(), form);
  return Redirect(c.back);
}

// ---- refer on (from a directory service page) ----

struct ReferOn {
  link::Service service;
  link::Resident resident;
  std::vector<link::Referral>
      open;  // the resident's referrals that are not closed
};

Result<ReferOn> ReadReferOn(App& app, const RequestContext& ctx,
                            const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service not found");
  NHOOD_ASSIGN_OR_RETURN(link::Service s, app.store.GetService(in.captures[0]));
  const std::string text = Trim(Value(in, "resident_id"));
  if (text.empty())
    return InvalidField(
        "resident_id",
        "open the service from a resident's page to refer them on");
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(text, "resident " + text));
  NHOOD_ASSIGN_OR_RETURN(
      link::Resident r,
      link::ReadResident(app.store, *ctx.actor, id, ctx.meta));
  // The referrals are listed only after ReadResident allowed and audited the
  // access.
  link::ReferralQuery q;
  q.resident_id = r.id;
  q.limit = 100;
  NHOOD_ASSIGN_OR_RETURN(auto listed, app.store.ListReferrals(q));
  std::vector<link::Referral> open;
  for (auto& ref : listed) {
    if (!link::IsFinal(ref.status)) open.push_back(std::move(ref));
  }
  return ReferOn{std::move(s), std::move(r), std::move(open)};
}

Result<Reply> ReferOnForm(FormTokens& t, App& app, const RequestContext& ctx,
                          const Input& in, std::optional<Error> error,
                          int status) {
  NHOOD_ASSIGN_OR_RETURN(ReferOn x, ReadReferOn(app, ctx, in));
  std::vector<Option> referrals;
  for (const auto& ref : x.open) {
    referrals.push_back(
        {std::to_string(ref.id),
         "Referral " + std::to_string(ref.id) + ", received " +
             link::FormatDate(link::DateOf(ref.received_at)) + " (" +
             Humanise(link::ReferralStatusName(ref.status)) + ")"});
  }
  std::string chosen = Value(in, "referral_id");
  if (chosen.empty() && referrals.size() == 1) chosen = referrals[0].value;
  json fields = json::array({Select("referral_id", "For which referral",
                                    referrals, chosen, referrals.size() != 1),
                             DateField(in, "sent_on", "Referred on", ctx)});
  const std::string service_page =
      "/directory/services/" + x.service.id +
      "?resident_id=" + std::to_string(x.resident.id);
  json data = {
      {"heading", "Refer on to " + x.service.name},
      {"about", "Refer " + x.resident.name + " on to " + x.service.name + "."},
      {"back", service_page},
      {"back_label", "Back to the service"},
      {"action", "/directory/services/" + x.service.id + "/refer"},
      {"button", "Refer on"},
      {"hidden", json::array({{{"name", "resident_id"},
                               {"value", std::to_string(x.resident.id)}}})}};
  if (x.open.empty()) {
    data["closed"] = x.resident.name +
                     " has no open referral to refer on from: start a new "
                     "referral on their page.";
  }
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> CreateOnward(FormTokens& t, App& app, const RequestContext& ctx,
                           const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(ReferOn x, ReadReferOn(app, ctx, in));
  const std::string timeline = "/residents/" + std::to_string(x.resident.id);
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, timeline);
  auto form = [&](const Error& e) {
    return ReferOnForm(t, app, ctx, in, e, 422);
  };
  const std::string chosen = Value(in, "referral_id");
  const link::Referral* ref = nullptr;
  for (const auto& r : x.open) {
    if (std::to_string(r.id) == chosen) ref = &r;
  }
  if (!ref)
    return form(InvalidField("referral_id",
                             "choose one of the resident's open referrals"));
  // The referral itself through link (audited, need-to-know).
  NHOOD_ASSIGN_OR_RETURN(
      link::Referral checked,
      link::ReadReferral(app.store, *ctx.actor, ref->id, ctx.meta));
  json body = {{"service_id", x.service.id}};
  PutIfSet(body, "sent_on", Trim(Value(in, "sent_on")));
  auto onward = OnwardReferralFromJson(body);
  if (!onward) return form(onward.error());
  onward->referral_id = checked.id;
  auto id =
      link::RecordOnwardReferral(app.store, *ctx.actor, *onward, ctx.meta);
  if (!id) return Failed(id.error(), form);
  return Redirect(timeline + "#ref-" + std::to_string(checked.id));
}

// ---- an onward referral's status ----

Result<link::OnwardReferral> FindOnward(App& app, const RequestContext& ctx,
                                        const Case& c,
                                        const std::string& text) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(text, "onward referral " + text));
  NHOOD_ASSIGN_OR_RETURN(
      auto list, link::ReadOnwardReferrals(app.store, *ctx.actor, c.referral.id,
                                           ctx.meta));
  for (auto& o : list) {
    if (o.id == id) return o;
  }
  return NotFound("onward referral " + text + " is not one of referral " +
                  std::to_string(c.referral.id) + "'s");
}

Result<Reply> OnwardForm(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in, std::optional<Error> error,
                         int status) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::OnwardReferral o,
                         FindOnward(app, ctx, c, in.captures[1]));
  std::string service = o.service_id;
  if (auto s = app.store.GetService(o.service_id)) service = s->name;
  const std::string current(link::OnwardStatusName(o.status));
  std::vector<Option> moves = {{current, "Still " + Lower(Humanise(current)) +
                                             " (update the outcome only)"}};
  for (auto to : {link::OnwardStatus::kAccepted, link::OnwardStatus::kDeclined,
                  link::OnwardStatus::kAttended}) {
    if (link::OnwardTransitionAllowed(o.status, to)) {
      moves.push_back({std::string(link::OnwardStatusName(to)),
                       Humanise(link::OnwardStatusName(to))});
    }
  }
  json fields = json::array(
      {Radios("status", "Status", moves, Value(in, "status")),
       DateField(in, "date", "On", ctx),
       TextArea("outcome", "Outcome (optional)",
                in.form ? Value(in, "outcome") : o.outcome.value_or(""))});
  json data = CasePage(c, "Onward referral to " + service,
                       "/referrals/" + std::to_string(c.referral.id) +
                           "/onward/" + std::to_string(o.id),
                       "Save");
  data["notice"] =
      "Sent " + link::FormatDate(o.sent_on) + "; now " +
      Lower(Humanise(current)) +
      (o.status_on ? " since " + link::FormatDate(*o.status_on) : "") + ".";
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> MoveOnward(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(Case c, ReadCase(app, ctx, in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::OnwardReferral o,
                         FindOnward(app, ctx, c, in.captures[1]));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, c.back);
  auto form = [&](const Error& e) {
    return OnwardForm(t, app, ctx, in, e, 422);
  };
  const std::string status = Value(in, "status");
  if (status.empty()) return form(InvalidField("status", "choose the status"));
  auto to = link::ParseOnwardStatus(status);
  if (!to) return form(InvalidField("status", to.error().message));
  std::optional<link::Date> on;
  if (const std::string d = Trim(Value(in, "date")); !d.empty()) {
    auto parsed = link::ParseDate(d, "date");
    if (!parsed) return form(parsed.error());
    on = *parsed;
  }
  const std::string outcome = Trim(Value(in, "outcome"));
  auto moved = link::MoveOnwardReferral(
      app.store, *ctx.actor, c.referral.id, o.id, *to, on,
      outcome.empty() ? std::nullopt : std::optional<std::string>(outcome),
      ctx.meta);
  if (!moved) return Failed(moved.error(), form);
  return Redirect(c.back);
}

}  // namespace

std::vector<Route> CaseworkPages(Tokens tokens) {
  const std::string id = R"((\d{1,19}))", uuid = R"(([0-9A-Za-z-]{1,64}))";
  const std::string referral = "/referrals/" + id;
  return {
      WebPage("GET", referral + "/needs/new", Surface::kAction,
              Action::kWriteResident, "referral", Bind(tokens, Show<NeedForm>)),
      WebPage("POST", referral + "/needs/new", Surface::kAction,
              Action::kWriteResident, "referral", Bind(tokens, CreateNeed)),
      WebPage("GET", referral + "/goals/new", Surface::kAction,
              Action::kWriteResident, "referral", Bind(tokens, Show<GoalForm>)),
      WebPage("POST", referral + "/goals/new", Surface::kAction,
              Action::kWriteResident, "referral", Bind(tokens, CreateGoal)),
      WebPage("GET", referral + "/goals/" + id, Surface::kAction,
              Action::kWriteResident, "goal", Bind(tokens, Show<ReviewForm>)),
      WebPage("POST", referral + "/goals/" + id, Surface::kAction,
              Action::kWriteResident, "goal", Bind(tokens, ReviewGoal)),
      WebPage("GET", "/directory/services/" + uuid + "/refer", Surface::kAction,
              Action::kWriteReferral, "referral",
              Bind(tokens, Show<ReferOnForm>)),
      WebPage("POST", "/directory/services/" + uuid + "/refer",
              Surface::kAction, Action::kWriteReferral, "referral",
              Bind(tokens, CreateOnward)),
      WebPage("GET", referral + "/onward/" + id, Surface::kAction,
              Action::kWriteReferral, "onward_referral",
              Bind(tokens, Show<OnwardForm>)),
      WebPage("POST", referral + "/onward/" + id, Surface::kAction,
              Action::kWriteReferral, "onward_referral",
              Bind(tokens, MoveOnward)),
  };
}

}  // namespace nhood::server::web
