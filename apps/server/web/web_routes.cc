// The web app's handlers: read the form or query, call nhood::link (the
// audited casework operations; the directory reads of the store, which are
// public), render a template. No SQL, no role checks (the router asks the
// permission matrix; link checks need-to-know), no audit writes.
#include "apps/server/web/web_routes.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "apps/server/api_json.h"
#include "apps/server/error_mapping.h"
#include "apps/server/json_input.h"
#include "apps/server/postcodes.h"
#include "apps/server/web/account_pages.h"
#include "apps/server/web/admin_pages.h"
#include "apps/server/web/casework_pages.h"
#include "apps/server/web/dashboard_page.h"
#include "apps/server/web/form_tokens.h"
#include "apps/server/web/forms.h"
#include "apps/server/web/page.h"
#include "apps/server/web/report_pages.h"
#include "apps/server/web/volunteer_pages.h"
#include "apps/server/web/web_files.h"
#include "nhood/link/auth.h"
#include "nhood/link/casework.h"
#include "nhood/link/uuid.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;
using web::With;  // beside With(State, handler) below

constexpr const char* kSessionCookie = "nhood_session";
constexpr const char* kCsrfCookie = "nhood_csrf";
// A caseload page reads at most this many residents (one audited read; a link
// worker's safe caseload is 200-250 a year) and shows kCaseloadRows of them a page.
constexpr int kCaseloadCap = 1000;
constexpr int kCaseloadRows = 100;

struct WebState {
  FormTokens tokens;
};
using State = std::shared_ptr<WebState>;

// ---- small helpers ----

json OrNull(const std::optional<std::string>& s) { return s && !s->empty() ? json(*s) : json(nullptr); }

std::string Signed(double v, int digits) { return (v > 0 ? "+" : "") + Fixed(v, digits); }

std::string CookieAttributes(const App& app, int64_t max_age) {
  std::string a = "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (app.tls) a += "; Secure";
  return a;
}

Status RequireToken(State state, const RequestContext& ctx, const Input& in) {
  if (!TakeFormToken(state->tokens, ctx, in)) {
    return FailedPrecondition("form_token: this form was already submitted (or has expired)");
  }
  return Status::Ok();
}

// ---- login, logout ----

Result<Reply> ShowLogin(App&, const RequestContext& ctx, const Input& in) {
  json data = {{"username", Value(in, "username")}};
  if (!Value(in, "expired").empty()) data["notice"] = "Your session has expired. Please log in again.";
  if (!Value(in, "logged_out").empty()) data["notice"] = "You have logged out.";
  return RenderPage(ctx, "login", "Log in", std::move(data));
}

Result<Reply> DoLogin(App& app, const RequestContext& ctx, const Input& in) {
  const std::string username = Trim(Value(in, "username"));
  const std::string password = Value(in, "password");
  json data = {{"username", username}};
  if (username.empty() || password.empty()) {
    data["error"] = "Enter your username and password.";
    return RenderPage(ctx, "login", "Log in", std::move(data), 422);
  }
  NHOOD_ASSIGN_OR_RETURN(link::LoginResult r,
                         link::Login(app.store,
                                     {.username = username, .password = password, .address = ctx.meta.address,
                                      .user_agent = "", .request_id = ctx.request_id},
                                     ctx.meta.now, app.options.auth));
  if (r.outcome == link::LoginOutcome::kLockedOut) {
    data["error"] = "Too many failed logins: try again in " + std::to_string(r.retry_after.count() / 60 + 1) +
                    " minutes.";
    return RenderPage(ctx, "login", "Log in", std::move(data), 429);
  }
  if (r.outcome == link::LoginOutcome::kRefused) {
    data["error"] = "Wrong username or password.";
    return RenderPage(ctx, "login", "Log in", std::move(data), 401);
  }
  const int64_t age = app.options.auth.absolute.count();
  Reply reply = Redirect("/");
  reply.headers.push_back({"Set-Cookie", std::string(kSessionCookie) + "=" + r.grant->session_token +
                                             CookieAttributes(app, age)});
  reply.headers.push_back({"Set-Cookie", std::string(kCsrfCookie) + "=" + r.grant->csrf_token +
                                             CookieAttributes(app, age)});
  return reply;
}

Result<Reply> DoLogout(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_RETURN_IF_ERROR(link::Logout(app.store, ctx.session_token));
  Reply reply = Redirect("/login?logged_out=1");
  reply.headers.push_back({"Set-Cookie", std::string(kSessionCookie) + "=" + CookieAttributes(app, 0)});
  reply.headers.push_back({"Set-Cookie", std::string(kCsrfCookie) + "=" + CookieAttributes(app, 0)});
  return reply;
}

Result<Reply> Home(App&, const RequestContext& ctx, const Input&) {
  const link::Role role = ctx.actor->role;
  if (link::RoleMayEver(role, Action::kReadCaseload) && link::RoleMayEver(role, Action::kWriteReferral)) {
    return Redirect("/caseload");
  }
  if (link::RoleMayEver(role, Action::kReadReports) && link::RoleMayEver(role, Action::kReadCaseload)) {
    return Redirect("/dashboard");
  }
  if (link::RoleMayEver(role, Action::kReadAudit)) return Redirect("/admin/audit");
  if (link::RoleMayEver(role, Action::kReadReports)) return Redirect("/dashboard");
  return Redirect("/directory");
}

// ---- caseload ----

int StatusOrder(link::ReferralStatus s) { return static_cast<int>(s); }

Result<std::vector<link::CaseloadItem>> WholeCaseload(App& app, const RequestContext& ctx, bool* capped) {
  std::vector<link::CaseloadItem> all;
  int64_t after = 0;
  *capped = false;
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(auto page, link::ReadCaseload(app.store, *ctx.actor, after, kCaseloadCap, ctx.meta));
    for (auto& item : page) all.push_back(std::move(item));
    if (static_cast<int>(page.size()) < kCaseloadCap) break;
    after = all.back().resident.id;
    if (static_cast<int>(all.size()) >= kCaseloadCap) {
      *capped = true;
      break;
    }
  }
  return all;
}

Result<Reply> ShowCaseload(App& app, const RequestContext& ctx, const Input& in) {
  const std::string q = Trim(Value(in, "q"));
  const std::string status = Value(in, "status");
  const bool overdue_only = Value(in, "overdue") == "1";
  bool capped = false;
  NHOOD_ASSIGN_OR_RETURN(auto items, WholeCaseload(app, ctx, &capped));
  const std::string needle = Lower(q);
  struct Row {
    const link::CaseloadItem* item;
    bool overdue;
  };
  std::vector<Row> rows;
  std::map<std::string, int> by_status;
  for (const auto& item : items) {
    const std::string st =
        item.latest_referral ? std::string(link::ReferralStatusName(item.latest_referral->status)) : "no_referral";
    by_status[st]++;
    const bool overdue = item.latest_referral && link::IsOverdue(*item.latest_referral, ctx.meta.now);
    if (!needle.empty() && Lower(item.resident.name).find(needle) == std::string::npos &&
        std::to_string(item.resident.id) != needle) {
      continue;
    }
    if (!status.empty() && st != status) continue;
    if (overdue_only && !overdue) continue;
    rows.push_back({&item, overdue});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.overdue != b.overdue) return a.overdue;
    const int sa = a.item->latest_referral ? StatusOrder(a.item->latest_referral->status) : 99;
    const int sb = b.item->latest_referral ? StatusOrder(b.item->latest_referral->status) : 99;
    if (sa != sb) return sa < sb;
    return a.item->resident.id < b.item->resident.id;
  });
  int64_t page = 1;
  if (auto p = ParseIntParam(Value(in, "page"), "page"); p && *p >= 1) page = *p;
  const int64_t pages = std::max<int64_t>(1, (static_cast<int64_t>(rows.size()) + kCaseloadRows - 1) / kCaseloadRows);
  page = std::min(page, pages);
  const size_t first = static_cast<size_t>((page - 1) * kCaseloadRows);
  const size_t last = std::min(rows.size(), first + kCaseloadRows);
  json list = json::array();
  for (size_t i = first; i < last; ++i) {
    const Row& row = rows[i];
    const auto& r = row.item->resident;
    json j = {{"id", r.id}, {"name", r.name}, {"overdue", row.overdue}};
    if (const auto& ref = row.item->latest_referral) {
      j["status"] = Humanise(link::ReferralStatusName(ref->status));
      j["received"] = link::FormatDate(link::DateOf(ref->received_at));
      j["days"] = std::chrono::duration_cast<std::chrono::days>(ctx.meta.now - ref->received_at).count();
    } else {
      j["status"] = "No referral";
    }
    list.push_back(std::move(j));
  }
  std::vector<Option> statuses;
  for (auto s : {link::ReferralStatus::kReceived, link::ReferralStatus::kContacted, link::ReferralStatus::kAssessed,
                 link::ReferralStatus::kSupported, link::ReferralStatus::kClosed, link::ReferralStatus::kDeclined,
                 link::ReferralStatus::kDidNotEngage}) {
    const std::string name(link::ReferralStatusName(s));
    statuses.push_back({name, Humanise(name) + " (" + std::to_string(by_status[name]) + ")"});
  }
  json fields = json::array({With(With(Input_("q", "Search by name or id", q, "search"), "hint",
                                       "Part of a name, or a resident's number"),
                                  "autocomplete", "off"),
                             Select("status", "Workflow state", statuses, status)});
  json data = {{"residents", std::move(list)},
               {"count", rows.size()},
               {"total", items.size()},
               {"fields", std::move(fields)},
               {"overdue_checked", overdue_only},
               {"capped", capped},
               {"page", page},
               {"pages", pages},
               {"paged", pages > 1},
               {"from_row", rows.empty() ? 0 : first + 1},
               {"to_row", last},
               {"cap", kCaseloadCap}};
  auto link_to = [&](int64_t p) {
    httplib::Params params;
    if (!q.empty()) params.emplace("q", q);
    if (!status.empty()) params.emplace("status", status);
    if (overdue_only) params.emplace("overdue", "1");
    params.emplace("page", std::to_string(p));
    return "/caseload?" + httplib::detail::params_to_query_str(params);
  };
  if (page > 1) data["previous"] = link_to(page - 1);
  if (page < pages) data["next"] = link_to(page + 1);
  return RenderPage(ctx, "caseload", "My caseload", std::move(data));
}

// ---- new referral ----

const std::vector<Option>& SourceOptions() {
  static const std::vector<Option> k = {{"gp", "GP or practice staff"}, {"self", "Self-referral"},
                                        {"agency", "Another agency"}, {"other", "Other"}};
  return k;
}
const std::vector<Option>& ReasonOptions() {
  static const std::vector<Option> k = {{"loneliness", "Loneliness or isolation"},
                                        {"money_debt", "Money or debt"},
                                        {"housing", "Housing"},
                                        {"mental_wellbeing", "Mental wellbeing"},
                                        {"physical_activity", "Physical activity"},
                                        {"carer_support", "Caring responsibilities"},
                                        {"employment", "Work or training"}};
  return k;
}
const std::vector<Option>& SexOptions() {
  static const std::vector<Option> k = {
      {"female", "Female"}, {"male", "Male"}, {"indeterminate", "Indeterminate"}, {"not_known", "Not known"}};
  return k;
}
const std::vector<Option>& YesNo() {
  static const std::vector<Option> k = {{"yes", "Yes"}, {"no", "No"}};
  return k;
}

struct ConsentQuestion {
  const char* field;
  link::ConsentKind kind;
  const char* label;
};
constexpr ConsentQuestion kConsentQuestions[] = {
    {"consent_store", link::ConsentKind::kStore, "May we keep a record of your support?"},
    {"consent_share_with_gp", link::ConsentKind::kShareWithGp, "May we share how things went with your GP?"},
    {"consent_evaluation", link::ConsentKind::kEvaluation,
     "May your anonymised information be used to evaluate the service?"},
};

json ReferralFields(const Input& in, bool new_resident) {
  json fields = json::array();
  if (new_resident) {
    fields.push_back(With(Input_("name", "Full name", Value(in, "name")), "autocomplete", "off"));
    fields.push_back(With(Input_("date_of_birth", "Date of birth", Value(in, "date_of_birth"), "date"), "hint",
                          "YYYY-MM-DD"));
    fields.push_back(Select("sex", "Sex", SexOptions(), Value(in, "sex")));
    fields.push_back(With(Input_("postcode", "Postcode", Value(in, "postcode")), "autocomplete", "off"));
    fields.push_back(Input_("contact.phone", "Phone", Value(in, "contact.phone"), "tel"));
  }
  fields.push_back(Select("source", "Referred by", SourceOptions(), Value(in, "source")));
  fields.push_back(Input_("referrer_name", "Referrer's name", Value(in, "referrer_name")));
  fields.push_back(Input_("referrer_organisation", "Referrer's organisation", Value(in, "referrer_organisation")));
  return fields;
}

json ReasonBoxes(const Input& in) {
  std::set<std::string> chosen;
  if (in.form) {
    auto range = in.form->equal_range("reasons");
    for (auto it = range.first; it != range.second; ++it) chosen.insert(it->second);
  }
  json boxes = json::array();
  int i = 0;
  for (const Option& o : ReasonOptions()) {
    boxes.push_back({{"value", o.value}, {"label", o.label}, {"checked", chosen.count(o.value) > 0},
                     {"id", "f-reason-" + std::to_string(i++)}});
  }
  return boxes;
}

json ConsentFields(const Input& in) {
  json fields = json::array();
  for (const auto& q : kConsentQuestions) fields.push_back(Radios(q.field, q.label, YesNo(), Value(in, q.field)));
  return fields;
}

Result<Reply> RenderReferralForm(State state, App& app, const RequestContext& ctx, const Input& in,
                                 json resident_fields_errors, std::optional<Error> error, json duplicates,
                                 int status) {
  json data;
  const std::string resident_id = Value(in, "resident_id");
  const bool new_resident = resident_id.empty();
  json fields = ReferralFields(in, new_resident);
  json consents = ConsentFields(in);
  json reasons = ReasonBoxes(in);
  if (!new_resident) {
    NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(resident_id, "resident " + resident_id));
    NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(app.store, *ctx.actor, id, ctx.meta));
    data["resident"] = {{"id", r.id}, {"name", r.name}};
  } else {
    // Resident lookup: your caseload, by name or id.
    const std::string q = Trim(Value(in, "find"));
    data["find"] = q;
    if (!q.empty()) {
      bool capped = false;
      NHOOD_ASSIGN_OR_RETURN(auto items, WholeCaseload(app, ctx, &capped));
      json found = json::array();
      for (const auto& item : items) {
        if (Lower(item.resident.name).find(Lower(q)) != std::string::npos || std::to_string(item.resident.id) == q) {
          found.push_back({{"id", item.resident.id}, {"name", item.resident.name}});
        }
      }
      data["found"] = found;
      data["searched"] = true;
    }
  }
  if (error) {
    bool placed = MarkError(fields, error->field, Shown(*error)) || MarkError(consents, error->field, Shown(*error));
    if (error->field == "reasons") {
      data["reasons_error"] = Shown(*error);
      placed = true;
    }
    if (!placed) data["error"] = Shown(*error);
  }
  for (auto it = resident_fields_errors.begin(); it != resident_fields_errors.end(); ++it) {
    if (!MarkError(consents, it.key(), it.value().get<std::string>())) MarkError(fields, it.key(), it.value());
  }
  data["has_duplicates"] = !duplicates.empty();
  data["duplicates"] = duplicates;
  data["fields"] = fields;
  data["consents"] = consents;
  data["reasons"] = reasons;
  data["new_resident"] = new_resident;
  data["resident_id"] = resident_id;
  data["form_token"] = state->tokens.Issue(ctx.session_token, ctx.meta.now);
  return RenderPage(ctx, "referral_new", "New referral", std::move(data), status);
}

Result<Reply> NewReferralForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  return RenderReferralForm(state, app, ctx, in, json::object(), std::nullopt, json::array(), 200);
}

json ResidentBody(const Input& in) {
  json b = json::object();
  for (const char* f : {"name", "date_of_birth", "sex", "postcode"}) {
    const std::string v = Trim(Value(in, f));
    if (!v.empty()) b[f] = v;
  }
  if (!b.contains("name")) b["name"] = "";
  const std::string phone = Trim(Value(in, "contact.phone"));
  if (!phone.empty()) b["contact"] = {{"phone", phone}};
  return b;
}

Result<Reply> CreateReferralFromForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  auto fail_form = [&](const Error& e, json errors = json::object(), json dups = json::array()) {
    return RenderReferralForm(state, app, ctx, in, std::move(errors), e, std::move(dups), 422);
  };
  if (Status t = RequireToken(state, ctx, in); !t.ok()) return AlreadySubmitted(ctx, "/caseload");
  const link::Date today = link::DateOf(ctx.meta.now);
  const bool new_resident = Value(in, "resident_id").empty();

  // Every check before anything is stored.
  json errors = json::object();
  std::optional<link::Resident> resident;
  if (new_resident) {
    auto parsed = ResidentFromJson(ResidentBody(in), app.postcodes);
    if (!parsed) {
      errors[parsed.error().field.empty() ? "name" : parsed.error().field] = Shown(parsed.error());
    } else {
      parsed->pseudonym = RandomUuid();
      if (Status v = link::ValidateResident(*parsed, today); !v.ok()) {
        errors[v.error().field] = Shown(v.error());
      } else {
        resident = *parsed;
      }
    }
  }
  json body = {{"resident_id", new_resident ? 1 : 0}, {"source", Value(in, "source")}};
  json reasons = json::array();
  if (in.form) {
    auto range = in.form->equal_range("reasons");
    for (auto it = range.first; it != range.second; ++it) reasons.push_back(it->second);
  }
  body["reasons"] = reasons;
  for (const char* f : {"referrer_name", "referrer_organisation"}) {
    const std::string v = Trim(Value(in, f));
    if (!v.empty()) body[f] = v;
  }
  if (!new_resident) {
    auto id = ParseId(Value(in, "resident_id"), "resident");
    if (!id) return id.error();
    body["resident_id"] = *id;
  }
  std::optional<Error> referral_error;
  if (Value(in, "source").empty()) {
    referral_error = InvalidField("source", "choose who referred them");
  } else {
    auto referral = ReferralFromJson(body);
    if (!referral) {
      referral_error = referral.error();
    } else if (Status v = link::ValidateReferral(*referral); !v.ok()) {
      referral_error = v.error();
    }
  }
  for (const auto& q : kConsentQuestions) {
    if (Value(in, q.field) != "yes" && Value(in, q.field) != "no") errors[q.field] = "answer this question";
  }
  if (referral_error || !errors.empty()) {
    const Error shown = referral_error ? *referral_error : InvalidArgument("check the answers marked");
    return fail_form(shown, errors);
  }

  // The duplicate-resident warning: the same name (and date of birth, when
  // given) already on this caseload, until the worker confirms it is someone else.
  if (new_resident && Value(in, "confirm_new") != "1") {
    bool capped = false;
    NHOOD_ASSIGN_OR_RETURN(auto items, WholeCaseload(app, ctx, &capped));
    json dups = json::array();
    for (const auto& item : items) {
      if (Lower(Trim(item.resident.name)) != Lower(resident->name)) continue;
      if (resident->date_of_birth && item.resident.date_of_birth &&
          *resident->date_of_birth != *item.resident.date_of_birth) {
        continue;
      }
      dups.push_back({{"id", item.resident.id}, {"name", item.resident.name},
                      {"date_of_birth", item.resident.date_of_birth
                                            ? json(link::FormatDate(*item.resident.date_of_birth))
                                            : json(nullptr)}});
    }
    if (!dups.empty()) {
      return RenderReferralForm(state, app, ctx, in, json::object(), std::nullopt, std::move(dups), 409);
    }
  }

  int64_t resident_id = body["resident_id"].get<int64_t>();
  if (new_resident) {
    auto created = link::CreateResident(app.store, *ctx.actor, *resident, ctx.meta);
    if (!created) return FormError(created.error()) ? fail_form(created.error()) : Result<Reply>(created.error());
    resident_id = *created;
  }
  for (const auto& q : kConsentQuestions) {
    link::Consent c{.id = 0, .resident_id = resident_id, .kind = q.kind, .given = Value(in, q.field) == "yes",
                    .date = today, .recorded_by = ctx.actor->user_id, .recorded_at = ctx.meta.now, .note = std::nullopt};
    NHOOD_RETURN_IF_ERROR(link::RecordConsent(app.store, *ctx.actor, c, ctx.meta).status());
  }
  body["resident_id"] = resident_id;
  NHOOD_ASSIGN_OR_RETURN(link::Referral referral, ReferralFromJson(body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral_id, link::CreateReferral(app.store, *ctx.actor, referral, ctx.meta));
  (void)referral_id;
  return Redirect("/residents/" + std::to_string(resident_id));
}

// ---- resident timeline ----

json OutcomeScore(const link::Outcome& o) {
  json j = {{"id", o.id},
            {"measure", std::string(link::MeasureName(o.measure))},
            {"timepoint", Humanise(link::TimepointName(o.timepoint))},
            {"date", link::FormatDate(o.date)}};
  std::string items;
  for (size_t i = 0; i < o.items.size(); ++i) items += (i ? ", " : "") + std::to_string(o.items[i]);
  j["items"] = items;
  if (o.measure == link::Measure::kSwemwbs) {
    if (auto s = link::ScoreSwemwbs(o.items)) j["score"] = "metric " + Fixed(s->metric, 2) + " (raw " + std::to_string(s->raw) + ")";
  } else if (o.measure == link::Measure::kMycaw) {
    j["score"] = "profile " + Fixed(link::MycawProfileScore(o.items), 2);
  } else {
    static const char* kNames[] = {"life satisfaction", "worthwhile", "happiness", "anxiety"};
    std::string s;
    for (size_t i = 0; i < o.items.size() && i < 4; ++i) {
      s += (i ? "; " : "") + std::string(kNames[i]) + " " + std::to_string(o.items[i]) + " (" +
           std::string(link::Ons4Band(static_cast<link::Ons4Item>(i), o.items[i])) + ")";
    }
    j["score"] = s;
  }
  return j;
}

// Baseline → latest follow-up, per measure, on the measure's own scale.
json OutcomeChanges(const std::vector<link::Outcome>& outcomes) {
  json changes = json::array();
  for (auto m : {link::Measure::kSwemwbs, link::Measure::kOns4, link::Measure::kMycaw}) {
    const link::Outcome *base = nullptr, *follow = nullptr;
    for (const auto& o : outcomes) {
      if (o.measure != m) continue;
      if (o.timepoint == link::Timepoint::kBaseline && !base) base = &o;
      if (o.timepoint == link::Timepoint::kFollowUp) follow = &o;
    }
    if (!base || !follow) continue;
    json c = {{"measure", std::string(link::MeasureName(m))},
              {"baseline_date", link::FormatDate(base->date)},
              {"follow_up_date", link::FormatDate(follow->date)}};
    if (m == link::Measure::kSwemwbs) {
      auto b = link::ScoreSwemwbs(base->items), f = link::ScoreSwemwbs(follow->items);
      if (!b || !f) continue;
      const double d = f->metric - b->metric;
      c["text"] = Fixed(b->metric, 2) + " → " + Fixed(f->metric, 2) + " (" + Signed(d, 2) + " metric points" +
                  (d >= 3 ? ", a meaningful improvement" : "") + ")";
    } else if (m == link::Measure::kMycaw) {
      const double b = link::MycawProfileScore(base->items), f = link::MycawProfileScore(follow->items);
      c["text"] = Fixed(b, 2) + " → " + Fixed(f, 2) + " (" + Signed(f - b, 2) + "; lower is better)";
    } else {
      static const char* kNames[] = {"life satisfaction", "worthwhile", "happiness", "anxiety"};
      std::string s;
      for (size_t i = 0; i < 4 && i < base->items.size() && i < follow->items.size(); ++i) {
        s += (i ? "; " : "") + std::string(kNames[i]) + " " + std::to_string(base->items[i]) + " → " +
             std::to_string(follow->items[i]);
      }
      c["text"] = s;
    }
    changes.push_back(std::move(c));
  }
  return changes;
}

Result<Reply> ResidentPage(link::Store& store, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "resident " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(store, *ctx.actor, id, ctx.meta));
  json data = {{"id", r.id}, {"name", r.name}, {"postcode", OrNull(r.postcode)}, {"lsoa", OrNull(r.lsoa)},
               {"sex", Humanise(link::SexName(r.sex))}, {"phone", OrNull(r.contact.phone)}};
  if (r.date_of_birth) {
    data["date_of_birth"] = link::FormatDate(*r.date_of_birth);
    data["age"] = link::AgeInYears(*r.date_of_birth, link::DateOf(ctx.meta.now));
  }
  NHOOD_ASSIGN_OR_RETURN(auto consents, link::ReadConsents(store, *ctx.actor, id, ctx.meta));
  json consent_rows = json::array();
  for (const auto& q : kConsentQuestions) {
    bool recorded = false;
    for (const auto& c : consents) recorded = recorded || c.kind == q.kind;
    consent_rows.push_back({{"question", q.label},
                            {"answer", !recorded ? "Not asked" : link::HasConsent(consents, q.kind) ? "Yes" : "No"}});
  }
  data["consents"] = consent_rows;

  // The resident's referrals (the list is read only after ReadResident
  // allowed and audited the access; each referral is then read through link).
  link::ReferralQuery rq;
  rq.resident_id = id;
  rq.limit = 100;
  NHOOD_ASSIGN_OR_RETURN(auto listed, store.ListReferrals(rq));
  json referrals = json::array();
  std::vector<link::Outcome> all_outcomes;
  for (const auto& lr : listed) {
    NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(store, *ctx.actor, lr.id, ctx.meta));
    json j = {{"id", ref.id},
              {"status", Humanise(link::ReferralStatusName(ref.status))},
              {"source", Humanise(link::ReferralSourceName(ref.source))},
              {"received", link::FormatTime(ref.received_at)},
              {"referrer", OrNull(ref.referrer_name)},
              {"open", !link::IsFinal(ref.status)},
              {"overdue", link::IsOverdue(ref, ctx.meta.now)}};
    std::string reasons;
    for (const auto& reason : ref.reasons) reasons += (reasons.empty() ? "" : ", ") + Humanise(reason);
    j["reasons"] = reasons;
    json events = json::array();
    NHOOD_ASSIGN_OR_RETURN(auto transitions, store.ListTransitions(ref.id));
    for (const auto& t : transitions) {
      events.push_back({{"at", link::FormatTime(t.at)},
                        {"text", Humanise(link::ReferralStatusName(t.from)) + " → " +
                                     Humanise(link::ReferralStatusName(t.to)) + (t.note ? ": " + *t.note : "")}});
    }
    j["transitions"] = events;
    json moves = json::array();
    for (auto to : {link::ReferralStatus::kContacted, link::ReferralStatus::kAssessed, link::ReferralStatus::kSupported,
                    link::ReferralStatus::kClosed, link::ReferralStatus::kDeclined,
                    link::ReferralStatus::kDidNotEngage}) {
      if (link::TransitionAllowed(ref.status, to)) {
        moves.push_back({{"value", std::string(link::ReferralStatusName(to))},
                         {"label", Humanise(link::ReferralStatusName(to))}});
      }
    }
    j["moves"] = moves;
    j["can_move"] = !moves.empty();
    NHOOD_ASSIGN_OR_RETURN(auto contacts, link::ReadContacts(store, *ctx.actor, ref.id, ctx.meta));
    json cs = json::array();
    for (const auto& c : contacts) {
      cs.push_back({{"date", link::FormatDate(c.date)}, {"mode", Humanise(link::ContactKindName(c.mode))},
                    {"minutes", c.minutes}, {"notes", OrNull(c.notes)}});
    }
    j["contacts"] = cs;
    NHOOD_ASSIGN_OR_RETURN(auto needs, store.ListNeeds(ref.id));
    json ns = json::array();
    for (const auto& n : needs) {
      ns.push_back({{"category", Humanise(n.category)}, {"description", OrNull(n.description)},
                    {"on", link::FormatDate(n.identified_on)}});
    }
    j["needs"] = ns;
    NHOOD_ASSIGN_OR_RETURN(auto goals, store.ListGoals(ref.id));
    json gs = json::array();
    for (const auto& g : goals) {
      gs.push_back({{"what", g.what_matters}, {"status", Humanise(link::GoalStatusName(g.status))},
                    {"on", link::FormatDate(g.set_on)},
                    {"reviewed", g.reviewed_on ? json(link::FormatDate(*g.reviewed_on)) : json(nullptr)},
                    {"href", "/referrals/" + std::to_string(ref.id) + "/goals/" + std::to_string(g.id)}});
    }
    j["goals"] = gs;
    link::OnwardReferralQuery oq;
    oq.referral_id = ref.id;
    NHOOD_ASSIGN_OR_RETURN(auto onward, store.ListOnwardReferrals(oq));
    json os = json::array();
    for (const auto& o : onward) {
      json row = {{"service_id", o.service_id}, {"status", Humanise(link::OnwardStatusName(o.status))},
                  {"sent", link::FormatDate(o.sent_on)}, {"outcome", OrNull(o.outcome)}, {"service", nullptr},
                  {"status_on", o.status_on ? json(link::FormatDate(*o.status_on)) : json(nullptr)},
                  {"href", "/referrals/" + std::to_string(ref.id) + "/onward/" + std::to_string(o.id)}};
      if (auto s = store.GetService(o.service_id)) row["service"] = s->name;
      os.push_back(std::move(row));
    }
    j["onward"] = os;
    NHOOD_ASSIGN_OR_RETURN(auto outcomes, link::ReadOutcomes(store, *ctx.actor, ref.id, ctx.meta));
    json ms = json::array();
    for (const auto& o : outcomes) ms.push_back(OutcomeScore(o));
    j["has_outcomes"] = !ms.empty();
    j["outcomes"] = ms;
    for (auto& o : outcomes) all_outcomes.push_back(std::move(o));
    referrals.push_back(std::move(j));
  }
  data["referrals"] = referrals;
  data["changes"] = OutcomeChanges(all_outcomes);
  data["has_changes"] = !data["changes"].empty();
  return RenderPage(ctx, "resident", r.name, std::move(data));
}

// The timeline's audited reads run in one transaction: one commit (one
// fsync) for the page instead of one per read. The function always returns
// OK so that a refusal's audit row commits too (access.h).
Result<Reply> ShowResident(App& app, const RequestContext& ctx, const Input& in) {
  Result<Reply> page = Internal("timeline not rendered");
  Status tx = app.store.InTransaction([&](link::Store& bound) {
    page = ResidentPage(bound, ctx, in);
    return Status::Ok();
  });
  if (!tx.ok()) return tx.error();
  return page;
}

Result<Reply> MoveReferralFromForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  const std::string back = "/residents/" + std::to_string(ref.resident_id);
  // No one-time token here: a repeated move is refused by the workflow
  // itself (the referral is no longer in the state it moved from).
  (void)state;
  NHOOD_ASSIGN_OR_RETURN(link::ReferralStatus to, link::ParseReferralStatus(Value(in, "to")));
  const std::string note = Trim(Value(in, "note"));
  auto moved = link::MoveReferral(app.store, *ctx.actor, id, to,
                                  note.empty() ? std::nullopt : std::optional<std::string>(note), ctx.meta);
  if (!moved && moved.error().code != StatusCode::kFailedPrecondition) return moved.error();
  return Redirect(back);
}

// ---- record a contact ----

const std::vector<Option>& ModeOptions() {
  static const std::vector<Option> k = {{"in_person", "In person"}, {"home_visit", "Home visit"},
                                        {"phone", "Phone"},         {"video", "Video"},
                                        {"message", "Message"},     {"group", "Group session"}};
  return k;
}

Result<Reply> RenderContactForm(State state, App& app, const RequestContext& ctx, const Input& in,
                                std::optional<Error> error, int status) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(app.store, *ctx.actor, ref.resident_id, ctx.meta));
  const std::string date = in.form ? Value(in, "date") : link::FormatDate(link::DateOf(ctx.meta.now));
  json fields = json::array({With(Input_("date", "Date", date, "date"), "hint", "YYYY-MM-DD"),
                             Select("mode", "How", ModeOptions(), Value(in, "mode")),
                             With(With(Input_("minutes", "Minutes", Value(in, "minutes"), "number"), "min", "0"),
                                  "hint", "0 to 1440"),
                             TextArea("notes", "Notes", Value(in, "notes"))});
  json data = {{"referral_id", id}, {"resident", {{"id", r.id}, {"name", r.name}}}};
  if (error && !MarkError(fields, error->field, Shown(*error))) data["error"] = Shown(*error);
  data["fields"] = fields;
  data["form_token"] = state->tokens.Issue(ctx.session_token, ctx.meta.now);
  return RenderPage(ctx, "contact_new", "Record a contact", std::move(data), status);
}

Result<Reply> NewContactForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  return RenderContactForm(state, app, ctx, in, std::nullopt, 200);
}

Result<Reply> CreateContactFromForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  const std::string back = "/residents/" + std::to_string(ref.resident_id);
  if (Status t = RequireToken(state, ctx, in); !t.ok()) return AlreadySubmitted(ctx, back);
  json body = {{"date", Trim(Value(in, "date"))}, {"mode", Value(in, "mode")}};
  const std::string minutes = Trim(Value(in, "minutes"));
  auto fail_form = [&](const Error& e) { return RenderContactForm(state, app, ctx, in, e, 422); };
  if (body["mode"] == "") return fail_form(InvalidField("mode", "choose how the contact was made"));
  auto m = ParseIntParam(minutes, "minutes");
  if (!m) return fail_form(InvalidField("minutes", "enter the minutes as a whole number"));
  body["minutes"] = *m;
  const std::string notes = Trim(Value(in, "notes"));
  if (!notes.empty()) body["notes"] = notes;
  auto contact = ContactFromJson(body);
  if (!contact) return fail_form(contact.error());
  contact->referral_id = id;
  auto created = link::RecordContact(app.store, *ctx.actor, *contact, ctx.meta);
  if (!created) return FormError(created.error()) ? fail_form(created.error()) : Result<Reply>(created.error());
  return Redirect(back);
}

// ---- record an outcome measure ----

struct MeasureForm {
  link::Measure measure;
  const char* title;
  std::vector<std::string> items;  // item wording
  int min, max;
  const char* scale;
};

const MeasureForm& FormFor(link::Measure m) {
  static const MeasureForm kSwemwbs{link::Measure::kSwemwbs,
                                    "SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale)",
                                    {"I've been feeling optimistic about the future", "I've been feeling useful",
                                     "I've been feeling relaxed", "I've been dealing with problems well",
                                     "I've been thinking clearly", "I've been feeling close to other people",
                                     "I've been able to make up my own mind about things"},
                                    1,
                                    5,
                                    "1 none of the time, 2 rarely, 3 some of the time, 4 often, 5 all of the time"};
  static const MeasureForm kOns4{link::Measure::kOns4,
                                 "ONS4 personal wellbeing",
                                 {"Overall, how satisfied are you with your life nowadays?",
                                  "Overall, to what extent do you feel the things you do in your life are worthwhile?",
                                  "Overall, how happy did you feel yesterday?",
                                  "Overall, how anxious did you feel yesterday?"},
                                 0,
                                 10,
                                 "0 not at all to 10 completely"};
  static const MeasureForm kMycaw{link::Measure::kMycaw,
                                  "MYCaW (Measure Yourself Concerns and Wellbeing)",
                                  {"How much does your first concern bother you?",
                                   "How much does your second concern bother you? (leave blank if none)",
                                   "How would you rate your general feeling of wellbeing now?"},
                                  0,
                                  6,
                                  "0 not at all / as good as it could be, to 6 very much / as bad as it could be"};
  switch (m) {
    case link::Measure::kOns4:
      return kOns4;
    case link::Measure::kMycaw:
      return kMycaw;
    default:
      return kSwemwbs;
  }
}

// The form's items and concerns as the API's outcome body; per-item errors
// (a missing or non-number answer) go into `errors` by field name.
json OutcomeBody(const MeasureForm& f, const Input& in, json& errors) {
  json items = json::array(), concerns = json::array();
  const bool mycaw = f.measure == link::Measure::kMycaw;
  for (size_t i = 0; i < f.items.size(); ++i) {
    const std::string name = "items[" + std::to_string(i) + "]";
    const std::string v = Trim(Value(in, name));
    if (mycaw && i == 1 && v.empty() && Trim(Value(in, "concerns[1]")).empty()) continue;  // no second concern
    auto n = ParseIntParam(v, name);
    if (v.empty() || !n) {
      errors[name] = "answer this item with a number from " + std::to_string(f.min) + " to " + std::to_string(f.max);
      items.push_back(f.min);
      continue;
    }
    items.push_back(*n);
    if (mycaw && i < 2) concerns.push_back(Trim(Value(in, "concerns[" + std::to_string(i) + "]")));
  }
  json body = {{"measure", std::string(link::MeasureName(f.measure))}, {"timepoint", Value(in, "timepoint")},
               {"items", items}};
  if (mycaw) body["concerns"] = concerns;
  const std::string date = Trim(Value(in, "date"));
  if (!date.empty()) body["date"] = date;
  return body;
}

// The converted score of complete, valid items (the live preview and the
// confirmation), or a note of what is missing.
json ScoreText(const MeasureForm& f, const Input& in, link::Date today) {
  json errors = json::object();
  json body = OutcomeBody(f, in, errors);
  if (!errors.empty()) return {{"score", "Answer every item to see the score."}};
  body["timepoint"] = "baseline";
  auto o = OutcomeFromJson(body, today);
  if (!o) return {{"score", o.error().message}};
  if (Status v = link::ValidateOutcome(*o, today); !v.ok()) return {{"score", v.error().message}};
  return {{"score", OutcomeScore(*o)["score"]}};
}

Result<Reply> RenderOutcomeForm(State state, App& app, const RequestContext& ctx, const Input& in, json errors,
                                std::optional<Error> error, int status) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(app.store, *ctx.actor, ref.resident_id, ctx.meta));
  auto measure = link::ParseMeasure(Value(in, "measure").empty() ? "swemwbs" : Value(in, "measure"));
  if (!measure) return measure.error();
  const MeasureForm& f = FormFor(*measure);
  json fields = json::array();
  fields.push_back(Radios("timepoint", "Timepoint", {{"baseline", "Baseline"}, {"follow_up", "Follow-up"}},
                          Value(in, "timepoint")));
  const std::string date = in.form ? Value(in, "date") : link::FormatDate(link::DateOf(ctx.meta.now));
  fields.push_back(With(Input_("date", "Date completed", date, "date"), "hint", "YYYY-MM-DD"));
  for (size_t i = 0; i < f.items.size(); ++i) {
    if (f.measure == link::Measure::kMycaw && i < 2) {
      fields.push_back(Input_("concerns[" + std::to_string(i) + "]",
                              i == 0 ? "First concern, in their words" : "Second concern (optional)",
                              Value(in, "concerns[" + std::to_string(i) + "]")));
    }
    const std::string name = "items[" + std::to_string(i) + "]";
    json field = Input_(name, std::to_string(i + 1) + ". " + f.items[i], Value(in, name), "number");
    field["id"] = "f-item-" + std::to_string(i);
    field["min"] = std::to_string(f.min);
    field["max"] = std::to_string(f.max);
    field["hint"] = f.scale;
    fields.push_back(std::move(field));
  }
  for (auto it = errors.begin(); it != errors.end(); ++it) MarkError(fields, it.key(), it.value());
  json data = {{"referral_id", id}, {"resident", {{"id", r.id}, {"name", r.name}}}, {"title", f.title},
               {"measure", std::string(link::MeasureName(f.measure))}};
  if (error) {
    std::string field = error->field;
    if (!MarkError(fields, field, Shown(*error))) data["error"] = Shown(*error);
  }
  data["fields"] = fields;
  data["preview"] = ScoreText(f, in, link::DateOf(ctx.meta.now));
  data["measures"] = json::array({{{"value", "swemwbs"}, {"label", "SWEMWBS"}},
                                  {{"value", "ons4"}, {"label", "ONS4"}},
                                  {{"value", "mycaw"}, {"label", "MYCaW"}}});
  data["form_token"] = state->tokens.Issue(ctx.session_token, ctx.meta.now);
  return RenderPage(ctx, "outcome_new", "Record an outcome measure", std::move(data), status);
}

Result<Reply> NewOutcomeForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  return RenderOutcomeForm(state, app, ctx, in, json::object(), std::nullopt, 200);
}

Result<Reply> OutcomeScorePreview(App&, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(link::Measure m, link::ParseMeasure(Value(in, "measure")));
  return RenderFragment("score", ScoreText(FormFor(m), in, link::DateOf(ctx.meta.now)));
}

Result<Reply> CreateOutcomeFromForm(State state, App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Referral ref, link::ReadReferral(app.store, *ctx.actor, id, ctx.meta));
  const std::string back = "/residents/" + std::to_string(ref.resident_id);
  if (Status t = RequireToken(state, ctx, in); !t.ok()) return AlreadySubmitted(ctx, back);
  NHOOD_ASSIGN_OR_RETURN(link::Measure m, link::ParseMeasure(Value(in, "measure")));
  json errors = json::object();
  json body = OutcomeBody(FormFor(m), in, errors);
  if (Value(in, "timepoint").empty()) errors["timepoint"] = "choose baseline or follow-up";
  if (!errors.empty()) return RenderOutcomeForm(state, app, ctx, in, std::move(errors), std::nullopt, 422);
  auto outcome = OutcomeFromJson(body, link::DateOf(ctx.meta.now));
  if (!outcome) return RenderOutcomeForm(state, app, ctx, in, json::object(), outcome.error(), 422);
  outcome->referral_id = id;
  auto created = link::RecordOutcome(app.store, *ctx.actor, *outcome, ctx.meta);
  if (!created) {
    if (!FormError(created.error())) return created.error();
    return RenderOutcomeForm(state, app, ctx, in, json::object(), created.error(), 422);
  }
  return Redirect(back + "#outcomes");
}

// ---- directory ----

json ServiceLocations(App& app, const link::Service& s) {
  json points = json::array();
  for (const auto& sal : s.service_at_locations) {
    auto l = app.store.GetLocation(sal.location_id);
    if (!l || !l->latitude || !l->longitude) continue;
    json p = {{"lat", *l->latitude}, {"lon", *l->longitude}, {"name", s.name}, {"href", "/directory/services/" + s.id}};
    if (!l->addresses.empty()) {
      const auto& a = l->addresses.front();
      p["address"] = a.address_1 + ", " + a.city + " " + a.postal_code;
    }
    points.push_back(std::move(p));
  }
  return points;
}

Result<Reply> ShowDirectory(App& app, const RequestContext& ctx, const Input& in) {
  link::ServiceQuery q;
  q.per_page = 50;
  const std::string text = Trim(Value(in, "q")), term = Value(in, "term"), age = Trim(Value(in, "age")),
                    postcode = Trim(Value(in, "postcode")), within = Trim(Value(in, "within"));
  if (!text.empty()) q.search = text;
  if (!term.empty()) q.taxonomy_term_id = term;
  json data = json::object();
  std::optional<Error> error;
  if (!age.empty()) {
    auto a = ParseNumberParam(age, "age");
    if (!a || *a < 0 || *a > 130) {
      error = InvalidField("age", "enter an age from 0 to 130");
    } else {
      q.minimum_age = *a;
      q.maximum_age = *a;
    }
  }
  double km = 3;
  if (!within.empty()) {
    auto w = ParseNumberParam(within, "within");
    if (!w || *w <= 0 || *w > 100) {
      error = InvalidField("within", "enter a distance from 0.1 to 100 km");
    } else {
      km = *w;
    }
  }
  if (!postcode.empty() && !error) {
    auto at = ResolvePostcode(app.store, app.postcodes, postcode);
    if (!at) {
      error = InvalidField("postcode", at.error().message);
    } else {
      q.near = link::ServiceQuery::Near{.latitude = at->latitude, .longitude = at->longitude, .metres = km * 1000};
      data["centre"] = json{{"lat", at->latitude}, {"lon", at->longitude}}.dump();
    }
  }
  link::TaxonomyTermQuery tq;
  tq.per_page = 200;
  std::vector<Option> terms;
  if (auto page = app.store.ListTaxonomyTerms(tq)) {
    for (const auto& t : page->contents) terms.push_back({t.id, t.name});
  }
  json fields = json::array({Input_("q", "Search services", text, "search"), Select("term", "Category", terms, term),
                             With(Input_("age", "Age of the person", age, "number"), "min", "0"),
                             Input_("postcode", "Near postcode", postcode),
                             With(Input_("within", "Within (km)", within.empty() ? "3" : within, "number"), "min",
                                  "0.1")});
  const std::string resident_id = Value(in, "resident_id");
  json services = json::array(), points = json::array();
  if (error) {
    if (!MarkError(fields, error->field, error->message)) data["error"] = error->message;
  } else {
    NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListServices(q));
    data["total"] = page.total_items;
    data["many"] = page.total_items > 50;
    for (const auto& s : page.contents) {
      json j = {{"id", s.id}, {"name", s.name}, {"description", OrNull(s.description)}};
      if (s.organization_id) {
        if (auto o = app.store.GetOrganization(*s.organization_id)) j["organization"] = o->name;
      }
      json pts = ServiceLocations(app, s);
      if (!pts.empty() && pts[0].contains("address")) j["address"] = pts[0]["address"];
      for (auto& p : pts) points.push_back(std::move(p));
      services.push_back(std::move(j));
    }
    data["searched"] = true;
  }
  data["fields"] = fields;
  data["services"] = services;
  data["points"] = points.dump();
  data["has_points"] = !points.empty();
  if (!resident_id.empty()) data["resident_id"] = resident_id;
  return RenderPage(ctx, "directory", "Directory", std::move(data));
}

Result<Reply> ShowService(App& app, const RequestContext& ctx, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service not found");
  NHOOD_ASSIGN_OR_RETURN(link::Service s, app.store.GetService(in.captures[0]));
  json data = {{"id", s.id}, {"name", s.name}, {"description", OrNull(s.description)}, {"url", OrNull(s.url)},
               {"email", OrNull(s.email)}, {"eligibility", OrNull(s.eligibility_description)},
               {"fees", OrNull(s.fees)}};
  if (s.organization_id) {
    if (auto o = app.store.GetOrganization(*s.organization_id)) data["organization"] = o->name;
  }
  json points = ServiceLocations(app, s);
  json addresses = json::array();
  for (const auto& p : points) {
    if (p.contains("address")) addresses.push_back(p["address"]);
  }
  json schedules = json::array();
  for (const auto& sc : s.schedules) {
    std::string t = sc.description.value_or("");
    if (t.empty() && sc.byday) t = *sc.byday + " " + sc.opens_at.value_or("") + "–" + sc.closes_at.value_or("");
    if (!t.empty()) schedules.push_back(t);
  }
  json ages;
  if (s.minimum_age || s.maximum_age) {
    data["ages"] = (s.minimum_age ? Fixed(*s.minimum_age, 0) : "any") + " to " +
                   (s.maximum_age ? Fixed(*s.maximum_age, 0) : "any");
  }
  data["has_addresses"] = !addresses.empty();
  data["has_schedules"] = !schedules.empty();
  data["addresses"] = addresses;
  data["schedules"] = schedules;
  data["points"] = points.dump();
  data["has_points"] = !points.empty();
  const std::string resident_id = Value(in, "resident_id");
  if (!resident_id.empty()) data["resident_id"] = resident_id;
  return RenderPage(ctx, "service", s.name, std::move(data));
}

// ---- admin: the audit trail ----

Result<Reply> ShowAudit(App& app, const RequestContext& ctx, const Input& in) {
  link::AuditQuery q;
  q.limit = 200;
  const std::string type = Trim(Value(in, "record_type")), record = Trim(Value(in, "record_id")),
                    user = Trim(Value(in, "user_id")), from = Trim(Value(in, "from"));
  json fields = json::array({Input_("record_type", "Record type", type), Input_("record_id", "Record id", record),
                             With(Input_("user_id", "User id", user, "number"), "min", "1"),
                             With(Input_("from", "From date", from, "date"), "hint", "YYYY-MM-DD")});
  json data = json::object();
  std::optional<Error> error;
  if (!type.empty()) q.record_type = type;
  if (!record.empty()) q.record_id = record;
  if (!user.empty()) {
    auto u = ParseIntParam(user, "user_id");
    if (u) {
      q.user_id = *u;
    } else {
      error = u.error();
    }
  }
  if (!from.empty()) {
    auto d = link::ParseDate(from, "from");
    if (d) {
      q.from = std::chrono::sys_days(*d);
    } else {
      error = d.error();
    }
  }
  json events = json::array();
  if (!error) {
    NHOOD_ASSIGN_OR_RETURN(auto list, link::ReadAudit(app.store, *ctx.actor, q, ctx.meta));
    for (const auto& e : list) {
      events.push_back({{"id", e.id}, {"at", link::FormatTime(e.at)}, {"username", e.username},
                        {"action", e.action}, {"record", e.record_type + " " + e.record_id},
                        {"outcome", e.outcome == link::AuditOutcome::kAllowed ? "allowed" : "refused"},
                        {"detail", e.detail}});
    }
  } else if (!MarkError(fields, error->field, error->message)) {
    data["error"] = error->message;
  }
  data["fields"] = fields;
  data["events"] = events;
  return RenderPage(ctx, "audit", "Audit trail", std::move(data));
}

// ---- admin: erasure on request (users: admin_pages.cc) ----

Result<Reply> RenderErasure(State state, const RequestContext& ctx, const Input& in, std::optional<Error> error,
                            json done, int status) {
  json fields = json::array({With(Input_("resident_id", "Resident id", Value(in, "resident_id"), "number"), "min", "1"),
                             TextArea("request_reference", "Request reference (where the written request is kept)",
                                      Value(in, "request_reference"))});
  json data = {{"done", done}};
  if (error && !MarkError(fields, error->field, Shown(*error))) data["error"] = Shown(*error);
  data["fields"] = fields;
  data["form_token"] = state->tokens.Issue(ctx.session_token, ctx.meta.now);
  return RenderPage(ctx, "erasure", "Erasure on request", std::move(data), status);
}

Result<Reply> ShowErasure(State state, App&, const RequestContext& ctx, const Input& in) {
  return RenderErasure(state, ctx, in, std::nullopt, nullptr, 200);
}

Result<Reply> DoErasure(State state, App& app, const RequestContext& ctx, const Input& in) {
  if (Status t = RequireToken(state, ctx, in); !t.ok()) return AlreadySubmitted(ctx, "/admin/erasure");
  const std::string text = Trim(Value(in, "resident_id"));
  auto id = ParseIntParam(text, "resident_id");
  if (text.empty() || !id || *id < 1) {
    return RenderErasure(state, ctx, in, InvalidField("resident_id", "enter the resident's id"), nullptr, 422);
  }
  if (Value(in, "confirm") != "1") {
    return RenderErasure(state, ctx, in, InvalidField("confirm", "tick to confirm the erasure"), nullptr, 422);
  }
  Status erased = link::EraseResident(app.store, *ctx.actor, *id, ctx.meta);
  if (!erased.ok()) {
    if (erased.error().code == StatusCode::kNotFound) {
      return RenderErasure(state, ctx, in, InvalidField("resident_id", "no resident has this id"), nullptr, 422);
    }
    return erased.error();
  }
  return RenderErasure(state, ctx, Input{}, std::nullopt, json{{"id", *id}}, 200);
}

// ---- static assets ----

Result<Reply> StaticFile(App&, const RequestContext&, const Input& in) {
  const std::string& name = in.captures[0];
  auto text = WebFile("static/" + name);
  if (!text) return NotFound("not found");
  Reply r;
  r.text = std::string(*text);
  if (name.size() > 3 && name.substr(name.size() - 3) == ".js") {
    r.content_type = "text/javascript; charset=utf-8";
  } else if (name.size() > 4 && name.substr(name.size() - 4) == ".css") {
    r.content_type = "text/css; charset=utf-8";
  } else {
    r.content_type = "application/octet-stream";
  }
  r.headers.push_back({"Cache-Control", "public, max-age=86400"});
  return r;
}

// ---- the route table ----

Route Page(std::string method, std::string path, Surface surface, Action action, std::string record_type,
           Handler h) {
  Route r{std::move(method), std::regex(path), surface, action, std::move(record_type), std::move(h), ErrorPageFor};
  return r;
}

Handler With(State state, Result<Reply> (*fn)(State, App&, const RequestContext&, const Input&)) {
  return [state, fn](App& app, const RequestContext& ctx, const Input& in) { return fn(state, app, ctx, in); };
}

}  // namespace

std::vector<Route> WebRoutes() {
  auto state = std::make_shared<WebState>();
  const std::string id = R"((\d{1,19}))", uuid = R"(([0-9A-Za-z-]{1,64}))";
  std::vector<Route> routes = {
      Page("GET", "/login", Surface::kPublic, Action::kReadDirectory, "", ShowLogin),
      Page("POST", "/login", Surface::kPublic, Action::kReadDirectory, "", DoLogin),
      Page("POST", "/logout", Surface::kSession, Action::kReadDirectory, "session", DoLogout),
      Page("GET", "/", Surface::kSession, Action::kReadDirectory, "", Home),
      Page("GET", "/caseload", Surface::kAction, Action::kReadCaseload, "caseload", ShowCaseload),
      Page("GET", "/referrals/new", Surface::kAction, Action::kWriteReferral, "referral", With(state, NewReferralForm)),
      Page("POST", "/referrals/new", Surface::kAction, Action::kWriteReferral, "referral",
           With(state, CreateReferralFromForm)),
      Page("GET", "/residents/" + id, Surface::kAction, Action::kReadResident, "resident", ShowResident),
      Page("POST", "/referrals/" + id + "/status", Surface::kAction, Action::kWriteReferral, "referral",
           With(state, MoveReferralFromForm)),
      Page("GET", "/referrals/" + id + "/contacts/new", Surface::kAction, Action::kWriteContact, "referral",
           With(state, NewContactForm)),
      Page("POST", "/referrals/" + id + "/contacts/new", Surface::kAction, Action::kWriteContact, "referral",
           With(state, CreateContactFromForm)),
      Page("GET", "/referrals/" + id + "/outcomes/new", Surface::kAction, Action::kWriteOutcome, "referral",
           With(state, NewOutcomeForm)),
      Page("POST", "/referrals/" + id + "/outcomes/new", Surface::kAction, Action::kWriteOutcome, "referral",
           With(state, CreateOutcomeFromForm)),
      Page("GET", "/outcomes/score", Surface::kAction, Action::kWriteOutcome, "outcome", OutcomeScorePreview),
      Page("GET", "/directory", Surface::kAction, Action::kReadDirectory, "", ShowDirectory),
      Page("GET", "/directory/services/" + uuid, Surface::kAction, Action::kReadDirectory, "", ShowService),
      DashboardRoute(),
      Page("GET", "/admin/audit", Surface::kAction, Action::kReadAudit, "audit", ShowAudit),
      Page("GET", "/admin/erasure", Surface::kAction, Action::kEraseResident, "resident", With(state, ShowErasure)),
      Page("POST", "/admin/erasure", Surface::kAction, Action::kEraseResident, "resident", With(state, DoErasure)),
      Page("GET", R"(/static/([a-z0-9_.-]{1,64}))", Surface::kPublic, Action::kReadDirectory, "", StaticFile),
  };
  // The pages in their own files share the one-time tokens.
  const Tokens tokens(state, &state->tokens);
  for (auto pages :
       {CaseworkPages(tokens), AccountPages(tokens), VolunteerPages(tokens), AdminPages(tokens), ReportPages()}) {
    for (Route& r : pages) routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace nhood::server::web
