// Every route of `nhood serve`, one row each (Routes() at the bottom), and
// their handlers: parse the input, call nhood::link or the store's directory
// reads, return JSON. No SQL, no role checks, no audit writes here.
#include <array>
#include <cmath>

#include "apps/server/api_json.h"
#include "apps/server/error_mapping.h"
#include "apps/server/explorer/explorer_routes.h"
#include "apps/server/json_input.h"
#include "apps/server/json_output.h"
#include "apps/server/openapi.h"
#include "apps/server/oruk_json.h"
#include "apps/server/postcodes.h"
#include "apps/server/report_routes.h"
#include "apps/server/router.h"
#include "apps/server/web/web_routes.h"
#include "nhood/io/polygon_io.h"
#include "nhood/link/accounts.h"
#include "nhood/link/casework.h"
#include "nhood/link/extract.h"
#include "nhood/link/gp_message.h"
#include "nhood/link/oruk_feed.h"
#include "nhood/link/uuid.h"
#include "nhood/link/volunteering.h"

namespace nhood::server {
namespace {

using nlohmann::json;
using link::Action;

constexpr const char* kCookieName = "nhood_session";

Reply Ok(json body, int status = 200) {
  body["ok"] = true;
  return Reply{.status = status, .body = std::move(body), .headers = {}};
}

std::string NewPseudonym() {
  const std::string hex = link::RandomToken();
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < 16; ++i) bytes[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return link::NewUuidV4(bytes);
}

// ---- health, session ----

Result<Reply> Health(App& app, const RequestContext&, const Input&) {
  NHOOD_ASSIGN_OR_RETURN(int version, app.store.SchemaVersion());
  return Ok({{"status", "ok"}, {"schema_version", version}});
}

Result<Reply> LogIn(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(std::string username, ReqString(in.body, "username"));
  NHOOD_ASSIGN_OR_RETURN(std::string password, ReqString(in.body, "password"));
  NHOOD_ASSIGN_OR_RETURN(link::LoginResult r,
                         link::Login(app.store,
                                     {.username = username, .password = password, .address = ctx.meta.address,
                                      .user_agent = "", .request_id = ctx.request_id},
                                     ctx.meta.now, app.options.auth));
  if (r.outcome == link::LoginOutcome::kLockedOut) {
    Reply reply{.status = 429,
                .body = ErrorBody(429, "too many failed logins: try again later", "", ctx.request_id),
                .headers = {{"Retry-After", std::to_string(r.retry_after.count())}}};
    return reply;
  }
  if (r.outcome == link::LoginOutcome::kRefused) return Unauthenticated("wrong username or password");
  const link::LoginGrant& g = *r.grant;
  std::string cookie = std::string(kCookieName) + "=" + g.session_token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(app.options.auth.absolute.count());
  if (app.tls) cookie += "; Secure";
  Reply reply = Ok({{"csrf_token", g.csrf_token},
                    {"user", {{"id", g.actor.user_id}, {"username", g.actor.username},
                              {"role", std::string(link::RoleName(g.actor.role))}}},
                    {"expires_at", link::FormatTime(g.absolute_expires_at)}});
  reply.headers.push_back({"Set-Cookie", cookie});
  return reply;
}

Result<Reply> LogOut(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_RETURN_IF_ERROR(link::Logout(app.store, ctx.session_token));
  return Reply{.status = 204,
               .body = nullptr,
               .headers = {{"Set-Cookie", std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"}}};
}

// ---- casework ----

Result<Reply> CreateResident(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, ResidentFromJson(in.body, app.postcodes));
  r.pseudonym = NewPseudonym();
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::CreateResident(app.store, *ctx.actor, r, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ShowResident(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "resident " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(app.store, *ctx.actor, id, ctx.meta));
  return Ok(ResidentJson(r));
}

Result<Reply> CreateReferral(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Referral r, ReferralFromJson(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::CreateReferral(app.store, *ctx.actor, r, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> CreateContact(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Contact c, ContactFromJson(in.body));
  c.referral_id = referral;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::RecordContact(app.store, *ctx.actor, c, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ListContacts(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(auto contacts, link::ReadContacts(app.store, *ctx.actor, referral, ctx.meta));
  json list = json::array();
  for (const link::Contact& c : contacts) list.push_back(ContactJson(c));
  return Ok({{"contacts", std::move(list)}});
}

Result<Reply> CreateOutcome(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Outcome o, OutcomeFromJson(in.body, link::DateOf(ctx.meta.now)));
  o.referral_id = referral;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::RecordOutcome(app.store, *ctx.actor, o, ctx.meta));
  return Ok({{"id", id}}, 201);
}

// The overdue threshold: ?overdue_days=N, else `nhood serve --overdue-days`.
Result<int> OverdueDays(const App& app, const Input& in) {
  if (auto d = in.Param("overdue_days")) {
    NHOOD_ASSIGN_OR_RETURN(int64_t days, ParseIntParam(*d, "overdue_days"));
    if (days < 1 || days > 3650) return InvalidField("overdue_days", "overdue_days must be 1-3650");
    return static_cast<int>(days);
  }
  return app.options.overdue_days;
}

Result<Reply> ShowCaseload(App& app, const RequestContext& ctx, const Input& in) {
  int64_t after = 0, limit = 100;
  if (auto a = in.Param("after")) {
    NHOOD_ASSIGN_OR_RETURN(after, ParseIntParam(*a, "after"));
  }
  if (auto l = in.Param("limit")) {
    NHOOD_ASSIGN_OR_RETURN(limit, ParseIntParam(*l, "limit"));
  }
  if (limit < 1 || limit > 1000) return InvalidField("limit", "limit must be 1-1000");
  NHOOD_ASSIGN_OR_RETURN(int overdue_days, OverdueDays(app, in));
  NHOOD_ASSIGN_OR_RETURN(auto items,
                         link::ReadCaseload(app.store, *ctx.actor, after, static_cast<int>(limit), ctx.meta));
  json list = json::array();
  for (const link::CaseloadItem& item : items) list.push_back(CaseloadItemJson(item, ctx.meta.now, overdue_days));
  json body = {{"residents", std::move(list)}};
  if (static_cast<int64_t>(items.size()) == limit) body["next"] = std::to_string(items.back().resident.id);
  return Ok(std::move(body));
}

Result<Reply> ShowAudit(App& app, const RequestContext& ctx, const Input& in) {
  link::AuditQuery q;
  if (auto t = in.Param("record_type")) q.record_type = *t;
  if (auto r = in.Param("record_id")) q.record_id = *r;
  if (auto a = in.Param("after")) {
    NHOOD_ASSIGN_OR_RETURN(q.after_id, ParseIntParam(*a, "after"));
  }
  q.limit = 1000;
  NHOOD_ASSIGN_OR_RETURN(auto events, link::ReadAudit(app.store, *ctx.actor, q, ctx.meta));
  json list = json::array();
  for (const link::AuditEvent& e : events) list.push_back(AuditJson(e));
  return Ok({{"events", std::move(list)}});
}

// ---- the referral workflow, needs, goals, onward referrals ----

Result<int64_t> CaptureId(const Input& in, size_t i, const std::string& what) {
  return ParseId(in.captures[i], what + " " + in.captures[i]);
}

Result<Reply> ShowReferral(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(int overdue_days, OverdueDays(app, in));
  NHOOD_ASSIGN_OR_RETURN(link::ReferralDetail d, link::ReadReferralDetail(app.store, *ctx.actor, id, ctx.meta));
  return Ok(ReferralDetailJson(d, ctx.meta.now, overdue_days));
}

Result<Reply> CreateTransition(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(std::string to_text, ReqString(in.body, "to"));
  Result<link::ReferralStatus> to = link::ParseReferralStatus(to_text);
  if (!to) return InvalidField("to", to.error().message);
  NHOOD_ASSIGN_OR_RETURN(auto note, OptString(in.body, "note"));
  NHOOD_ASSIGN_OR_RETURN(link::Transition t, link::MoveReferral(app.store, *ctx.actor, id, *to, note, ctx.meta));
  return Ok(TransitionJson(t), 201);
}

// POST under /referrals/{id}/…: the body parsed by `from_json`, attached to
// the referral, recorded by `record` (which checks access and audits).
template <typename FromJson, typename Record>
Result<Reply> CreateForReferral(App& app, const RequestContext& ctx, const Input& in, FromJson from_json,
                                Record record) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(auto item, from_json(in.body));
  item.referral_id = referral;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, record(app.store, *ctx.actor, item, ctx.meta));
  return Ok({{"id", id}}, 201);
}

// GET under /referrals/{id}/…: what `read` returns, as {key: [to_json(x)…]}.
template <typename Read, typename ToJson>
Result<Reply> ListForReferral(App& app, const RequestContext& ctx, const Input& in, const char* key, Read read,
                              ToJson to_json) {
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(auto items, read(app.store, *ctx.actor, referral, ctx.meta));
  json list = json::array();
  for (const auto& x : items) list.push_back(to_json(x));
  return Ok({{key, std::move(list)}});
}

Result<Reply> CreateNeed(App& app, const RequestContext& ctx, const Input& in) {
  return CreateForReferral(app, ctx, in, NeedFromJson, link::RecordNeed);
}

Result<Reply> ListNeeds(App& app, const RequestContext& ctx, const Input& in) {
  return ListForReferral(app, ctx, in, "needs", link::ReadNeeds, NeedJson);
}

Result<Reply> CreateGoal(App& app, const RequestContext& ctx, const Input& in) {
  return CreateForReferral(app, ctx, in, GoalFromJson, link::RecordGoal);
}

Result<Reply> UpdateGoal(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(int64_t goal, CaptureId(in, 1, "goal"));
  if (!in.body.contains("status")) return InvalidField("status", "status is required");
  NHOOD_ASSIGN_OR_RETURN(link::Goal g, GoalFromJson(in.body));
  g.id = goal;
  g.referral_id = referral;
  NHOOD_RETURN_IF_ERROR(link::ReviewGoal(app.store, *ctx.actor, g, ctx.meta));
  return Ok({{"id", goal}});
}

Result<Reply> ListGoals(App& app, const RequestContext& ctx, const Input& in) {
  return ListForReferral(app, ctx, in, "goals", link::ReadGoals, GoalJson);
}

Result<Reply> CreateOnwardReferral(App& app, const RequestContext& ctx, const Input& in) {
  return CreateForReferral(app, ctx, in, OnwardReferralFromJson, link::RecordOnwardReferral);
}

Result<Reply> UpdateOnwardReferral(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 1, "onward referral"));
  NHOOD_ASSIGN_OR_RETURN(std::string status, ReqString(in.body, "status"));
  NHOOD_ASSIGN_OR_RETURN(link::OnwardStatus to, link::ParseOnwardStatus(status));
  NHOOD_ASSIGN_OR_RETURN(auto date_text, OptString(in.body, "date"));
  std::optional<link::Date> date;
  if (date_text) {
    NHOOD_ASSIGN_OR_RETURN(date, link::ParseDate(*date_text, "date"));
  }
  NHOOD_ASSIGN_OR_RETURN(auto outcome, OptString(in.body, "outcome"));
  NHOOD_ASSIGN_OR_RETURN(link::OnwardReferral o,
                         link::MoveOnwardReferral(app.store, *ctx.actor, referral, id, to, date, outcome, ctx.meta));
  return Ok(OnwardReferralJson(o));
}

Result<Reply> ListOnwardReferrals(App& app, const RequestContext& ctx, const Input& in) {
  return ListForReferral(app, ctx, in, "onward_referrals", link::ReadOnwardReferrals, OnwardReferralJson);
}

Result<Reply> ListResidentOutcomes(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t resident, CaptureId(in, 0, "resident"));
  NHOOD_ASSIGN_OR_RETURN(auto outcomes, link::ReadResidentOutcomes(app.store, *ctx.actor, resident, ctx.meta));
  json list = json::array();
  for (const auto& o : outcomes) list.push_back(OutcomeJson(o));
  return Ok({{"outcomes", std::move(list)}});
}

// ---- consent and erasure ----

Result<Reply> CreateConsent(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t resident, CaptureId(in, 0, "resident"));
  NHOOD_ASSIGN_OR_RETURN(link::Consent c, ConsentFromJson(in.body, link::DateOf(ctx.meta.now)));
  c.resident_id = resident;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::RecordConsent(app.store, *ctx.actor, c, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ListConsents(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t resident, CaptureId(in, 0, "resident"));
  NHOOD_ASSIGN_OR_RETURN(auto records, link::ReadConsents(app.store, *ctx.actor, resident, ctx.meta));
  json list = json::array();
  for (const auto& c : records) list.push_back(ConsentJson(c));
  json current = json::object();
  for (link::ConsentKind k : {link::ConsentKind::kStore, link::ConsentKind::kShareWithGp,
                              link::ConsentKind::kEvaluation}) {
    current[std::string(link::ConsentKindName(k))] = link::HasConsent(records, k);
  }
  return Ok({{"consents", std::move(list)}, {"current", std::move(current)}});
}

Result<Reply> EraseResident(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t resident, CaptureId(in, 0, "resident"));
  NHOOD_RETURN_IF_ERROR(link::EraseResident(app.store, *ctx.actor, resident, ctx.meta));
  return Ok({{"id", resident}, {"erased", true}});
}

// ---- export: the evaluation extract, the message back to the GP ----

// A table's rows as JSON objects; empty text and NaN cells are omitted.
json TableRowsJson(const Table& t) {
  json rows = json::array();
  for (size_t r = 0; r < t.num_rows(); ++r) {
    json row = json::object();
    for (size_t c = 0; c < t.num_columns(); ++c) {
      if (t.is_numeric(c)) {
        const double v = t.numbers(c)[r];
        if (!std::isnan(v)) row[t.name(c)] = v;
      } else if (!t.text(c)[r].empty()) {
        row[t.name(c)] = t.text(c)[r];
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<Reply> ExportExtract(App& app, const RequestContext& ctx, const Input&) {
  if (app.options.extract_secret_file.empty()) {
    return FailedPrecondition("no deployment secret: start nhood serve with --extract-secret-file");
  }
  NHOOD_ASSIGN_OR_RETURN(std::string secret, io::ReadTextFile(app.options.extract_secret_file));
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  NHOOD_ASSIGN_OR_RETURN(link::Extract e, link::BuildExtract(app.store, *ctx.actor, secret, ctx.meta));
  const Table t = link::ExtractTable(e);
  return Ok({{"on", link::FormatDate(e.on)},
             {"columns", t.names()},
             {"rows", TableRowsJson(t)},
             {"residents_without_consent", e.residents_without_consent}});
}

Result<Reply> GpMessage(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, CaptureId(in, 0, "referral"));
  NHOOD_ASSIGN_OR_RETURN(link::GpMessage m, link::BuildGpMessage(app.store, *ctx.actor, referral, ctx.meta));
  return Ok(link::GpMessageJson(m));
}

// ---- users ----

json UserJson(const link::User& u) {
  json j = {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", std::string(link::RoleName(u.role))},
            {"active", u.active},
            {"created_at", link::FormatTime(u.created_at)}};
  Put(j, "team_id", u.team_id);
  return j;
}

Result<Reply> ListUsers(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_ASSIGN_OR_RETURN(auto users, link::ReadUsers(app.store, *ctx.actor, ctx.meta));
  json list = json::array();
  for (const auto& u : users) list.push_back(UserJson(u));
  return Ok({{"users", std::move(list)}});
}

Result<Reply> CreateUser(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  link::NewUser u;
  NHOOD_ASSIGN_OR_RETURN(u.username, ReqString(in.body, "username"));
  NHOOD_ASSIGN_OR_RETURN(auto display, OptString(in.body, "display_name"));
  u.display_name = display.value_or("");
  NHOOD_ASSIGN_OR_RETURN(std::string role, ReqString(in.body, "role"));
  NHOOD_ASSIGN_OR_RETURN(u.role, link::ParseRole(role));
  NHOOD_ASSIGN_OR_RETURN(u.password, ReqString(in.body, "password"));
  NHOOD_ASSIGN_OR_RETURN(u.team_id, OptInt(in.body, "team_id"));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::AddUser(app.store, *ctx.actor, u, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ChangeUser(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 0, "user"));
  link::UserChange change;
  NHOOD_ASSIGN_OR_RETURN(auto role, OptString(in.body, "role"));
  if (role) {
    NHOOD_ASSIGN_OR_RETURN(change.role, link::ParseRole(*role));
  }
  NHOOD_ASSIGN_OR_RETURN(change.active, OptBool(in.body, "active"));
  NHOOD_ASSIGN_OR_RETURN(change.display_name, OptString(in.body, "display_name"));
  NHOOD_ASSIGN_OR_RETURN(link::User u, link::ChangeUser(app.store, *ctx.actor, id, change, ctx.meta));
  return Ok(UserJson(u));
}

Result<Reply> ChangeOwnPassword(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(std::string current, ReqString(in.body, "current_password"));
  NHOOD_ASSIGN_OR_RETURN(std::string next, ReqString(in.body, "new_password"));
  NHOOD_RETURN_IF_ERROR(link::ChangeOwnPassword(app.store, *ctx.actor, current, next, ctx.meta, app.options.auth));
  return Ok({{"changed", true}});
}

// ---- directory writes (ORUK-shaped bodies; they show in /oruk/ at once) ----

template <typename Parse, typename Write>
Result<Reply> DirectoryWrite(App& app, const RequestContext& ctx, const Input& in, Parse parse, Write write) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(auto x, parse(in.body, link::NewId(NewPseudonym)));
  NHOOD_RETURN_IF_ERROR(write(app.store, *ctx.actor, x, ctx.meta));
  return Ok({{"id", x.id}}, 201);
}

Result<Reply> PostOrganization(App& app, const RequestContext& ctx, const Input& in) {
  return DirectoryWrite(app, ctx, in, link::OrganizationFromOruk, link::WriteOrganization);
}
Result<Reply> PostLocation(App& app, const RequestContext& ctx, const Input& in) {
  return DirectoryWrite(app, ctx, in, link::LocationFromOruk, link::WriteLocation);
}
Result<Reply> PostTaxonomy(App& app, const RequestContext& ctx, const Input& in) {
  return DirectoryWrite(app, ctx, in, link::TaxonomyFromOruk, link::WriteTaxonomy);
}
Result<Reply> PostTaxonomyTerm(App& app, const RequestContext& ctx, const Input& in) {
  return DirectoryWrite(app, ctx, in, link::TaxonomyTermFromOruk, link::WriteTaxonomyTerm);
}
Result<Reply> PostService(App& app, const RequestContext& ctx, const Input& in) {
  return DirectoryWrite(app, ctx, in, link::ServiceFromOruk, link::WriteService);
}
Result<Reply> DeleteService(App& app, const RequestContext& ctx, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service not found");
  NHOOD_RETURN_IF_ERROR(link::RemoveService(app.store, *ctx.actor, in.captures[0], ctx.meta));
  return Reply{.status = 204, .body = nullptr, .headers = {}};
}

// ---- volunteers and their hours ----

json VolunteerJson(const link::Volunteer& v) {
  json j = {{"id", v.id}, {"name", v.name}, {"active", v.active}};
  Put(j, "user_id", v.user_id);
  if (v.started_on) j["started_on"] = link::FormatDate(*v.started_on);
  return j;
}

Result<Reply> ListVolunteers(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_ASSIGN_OR_RETURN(auto list, link::ReadVolunteers(app.store, *ctx.actor, ctx.meta));
  json out = json::array();
  for (const auto& v : list) out.push_back(VolunteerJson(v));
  return Ok({{"volunteers", std::move(out)}});
}

Result<link::Volunteer> VolunteerFromJson(const json& body, link::Volunteer v) {
  NHOOD_ASSIGN_OR_RETURN(auto name, OptString(body, "name"));
  if (name) v.name = *name;
  NHOOD_ASSIGN_OR_RETURN(auto active, OptBool(body, "active"));
  if (active) v.active = *active;
  NHOOD_ASSIGN_OR_RETURN(auto started, OptString(body, "started_on"));
  if (started) {
    NHOOD_ASSIGN_OR_RETURN(v.started_on, link::ParseDate(*started, "started_on"));
  }
  return v;
}

Result<Reply> CreateVolunteer(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Volunteer v, VolunteerFromJson(in.body, {}));
  NHOOD_ASSIGN_OR_RETURN(v.user_id, OptInt(in.body, "user_id"));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::AddVolunteer(app.store, *ctx.actor, v, ctx.meta));
  return Ok({{"id", id}}, 201);
}

// The body's fields as a change: absent fields are kept; "user_id": null
// unlinks the login.
Result<link::VolunteerChange> VolunteerChangeFromJson(const json& body) {
  link::VolunteerChange change;
  NHOOD_ASSIGN_OR_RETURN(change.name, OptString(body, "name"));
  NHOOD_ASSIGN_OR_RETURN(change.active, OptBool(body, "active"));
  NHOOD_ASSIGN_OR_RETURN(auto started, OptString(body, "started_on"));
  if (started) {
    NHOOD_ASSIGN_OR_RETURN(link::Date d, link::ParseDate(*started, "started_on"));
    change.started_on = d;
  }
  if (body.contains("user_id")) {
    NHOOD_ASSIGN_OR_RETURN(change.user_id, OptInt(body, "user_id"));
  }
  return change;
}

// The permission decision is link::EditVolunteer's first step, before the
// volunteer is read: a refused role gets 403 for any id, known or not.
Result<Reply> UpdateVolunteer(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 0, "volunteer"));
  NHOOD_ASSIGN_OR_RETURN(link::VolunteerChange change, VolunteerChangeFromJson(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Volunteer v, link::EditVolunteer(app.store, *ctx.actor, id, change, ctx.meta));
  return Ok(VolunteerJson(v));
}

Result<Reply> CreateVolunteerHours(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  link::VolunteerHours h;
  NHOOD_ASSIGN_OR_RETURN(h.volunteer_id, CaptureId(in, 0, "volunteer"));
  auto hours = in.body.find("hours");
  if (hours == in.body.end() || !hours->is_number()) return InvalidField("hours", "hours must be a number");
  h.hours = hours->get<double>();
  NHOOD_ASSIGN_OR_RETURN(auto date, OptString(in.body, "date"));
  if (date) {
    NHOOD_ASSIGN_OR_RETURN(h.date, link::ParseDate(*date, "date"));
  }
  NHOOD_ASSIGN_OR_RETURN(h.activity, OptString(in.body, "activity"));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::LogVolunteerHours(app.store, *ctx.actor, h, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ListVolunteerHours(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, CaptureId(in, 0, "volunteer"));
  NHOOD_ASSIGN_OR_RETURN(auto list, link::ReadVolunteerHours(app.store, *ctx.actor, id, ctx.meta));
  json out = json::array();
  double total = 0;
  for (const auto& h : list) {
    json j = {{"id", h.id}, {"date", link::FormatDate(h.date)}, {"hours", h.hours}, {"recorded_by", h.recorded_by}};
    Put(j, "activity", h.activity);
    out.push_back(std::move(j));
    total += h.hours;
  }
  return Ok({{"hours", std::move(out)}, {"total_hours", total}});
}

Result<Reply> ListMyContacts(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_ASSIGN_OR_RETURN(auto contacts, link::ReadMyContacts(app.store, *ctx.actor, ctx.meta));
  json list = json::array();
  for (const link::Contact& c : contacts) list.push_back(ContactJson(c));
  return Ok({{"contacts", std::move(list)}});
}

// ---- the ORUK read API ----

Result<std::pair<int, int>> PageParams(const Input& in) {
  int64_t page = 1, per_page = 50;
  if (auto p = in.Param("page")) {
    NHOOD_ASSIGN_OR_RETURN(page, ParseIntParam(*p, "page"));
  }
  if (auto p = in.Param("per_page")) {
    NHOOD_ASSIGN_OR_RETURN(per_page, ParseIntParam(*p, "per_page"));
  }
  if (page < 1 || page > 1000000) return InvalidField("page", "page must be 1 or more");
  if (per_page < 1 || per_page > 1000) return InvalidField("per_page", "per_page must be 1-1000");
  return std::pair<int, int>(static_cast<int>(page), static_cast<int>(per_page));
}

Result<Reply> OrukRoot(App&, const RequestContext& ctx, const Input&) {
  return Reply{.status = 200,
               .body = {{"version", "3.0"},
                        {"profile", "https://openreferraluk.org/"},
                        {"openapi_url", ctx.base_url + "/oruk/openapi.json"}},
               .headers = {}};
}

Result<Reply> OrukOpenApi(App&, const RequestContext&, const Input&) {
  return Reply{.status = 200, .body = json::parse(OrukOpenApiJson()), .headers = {}};
}

Result<Reply> OrukServices(App& app, const RequestContext&, const Input& in) {
  link::ServiceQuery q;
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  q.page = paging.first;
  q.per_page = paging.second;
  q.search = in.Param("search");
  q.taxonomy_term_id = in.Param("taxonomy_term_id");
  q.taxonomy_id = in.Param("taxonomy_id");
  q.organization_id = in.Param("organization_id");
  q.modified_after = in.Param("modified_after");
  if (auto v = in.Param("minimum_age")) {
    NHOOD_ASSIGN_OR_RETURN(q.minimum_age, ParseNumberParam(*v, "minimum_age"));
  }
  if (auto v = in.Param("maximum_age")) {
    NHOOD_ASSIGN_OR_RETURN(q.maximum_age, ParseNumberParam(*v, "maximum_age"));
  }
  auto postcode = in.Param("postcode");
  auto proximity = in.Param("proximity");
  if (proximity && !postcode) return InvalidField("proximity", "proximity needs a postcode");
  if (postcode) {
    double metres = kDefaultProximityMetres;
    if (proximity) {
      NHOOD_ASSIGN_OR_RETURN(metres, ParseNumberParam(*proximity, "proximity"));
    }
    if (metres <= 0) return InvalidField("proximity", "proximity must be more than 0 metres");
    NHOOD_ASSIGN_OR_RETURN(LatLong at, ResolvePostcode(app.store, app.postcodes, *postcode));
    q.near = link::ServiceQuery::Near{.latitude = at.latitude, .longitude = at.longitude, .metres = metres};
  }
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListServices(q));
  json contents = json::array();
  for (const link::Service& s : page.contents) {
    std::optional<link::Organization> org;
    if (s.organization_id) {
      auto o = app.store.GetOrganization(*s.organization_id);
      if (o) org = *o;
    }
    contents.push_back(OrukServiceSummary(s, org ? &*org : nullptr));
  }
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowService(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service not found");
  NHOOD_ASSIGN_OR_RETURN(link::Service s, app.store.GetService(in.captures[0]));
  OrukLookups lookups;
  std::optional<link::Organization> org;
  if (s.organization_id) {
    auto o = app.store.GetOrganization(*s.organization_id);
    if (o) org = *o;
  }
  lookups.organization = org ? &*org : nullptr;
  for (const auto& sal : s.service_at_locations) {
    auto l = app.store.GetLocation(sal.location_id);
    if (l) lookups.locations.push_back(*l);
  }
  for (const auto& a : s.attributes) {
    auto t = app.store.GetTaxonomyTerm(a.taxonomy_term_id);
    if (t) lookups.terms.push_back(*t);
  }
  return Reply{.status = 200, .body = OrukService(s, lookups), .headers = {}};
}

Result<Reply> OrukOrganizations(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListOrganizations(paging.first, paging.second));
  json contents = json::array();
  for (const auto& o : page.contents) contents.push_back(OrukOrganization(o));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowOrganization(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("organization not found");
  NHOOD_ASSIGN_OR_RETURN(auto o, app.store.GetOrganization(in.captures[0]));
  return Reply{.status = 200, .body = OrukOrganization(o), .headers = {}};
}

Result<Reply> OrukTaxonomies(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListTaxonomies(paging.first, paging.second));
  json contents = json::array();
  for (const auto& t : page.contents) contents.push_back(OrukTaxonomy(t));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowTaxonomy(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("taxonomy not found");
  NHOOD_ASSIGN_OR_RETURN(auto t, app.store.GetTaxonomy(in.captures[0]));
  return Reply{.status = 200, .body = OrukTaxonomy(t), .headers = {}};
}

Result<Reply> OrukTaxonomyTerms(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  NHOOD_ASSIGN_OR_RETURN(bool top_only, in.BoolParam("top_only"));
  link::TaxonomyTermQuery q{.taxonomy_id = in.Param("taxonomy_id"), .parent_id = in.Param("parent_id"),
                            .top_only = top_only, .page = paging.first,
                            .per_page = paging.second};
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListTaxonomyTerms(q));
  json contents = json::array();
  for (const auto& t : page.contents) contents.push_back(OrukTaxonomyTerm(t));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowTaxonomyTerm(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("taxonomy term not found");
  NHOOD_ASSIGN_OR_RETURN(auto t, app.store.GetTaxonomyTerm(in.captures[0]));
  return Reply{.status = 200, .body = OrukTaxonomyTerm(t), .headers = {}};
}

json SalJson(App& app, const link::ServiceAtLocation& sal) {
  json j = {{"id", sal.id}, {"service_id", sal.service_id}, {"location_id", sal.location_id}};
  if (auto l = app.store.GetLocation(sal.location_id)) j["location"] = OrukLocation(*l, false);
  if (auto s = app.store.GetService(sal.service_id)) {
    std::optional<link::Organization> org;
    if (s->organization_id) {
      if (auto o = app.store.GetOrganization(*s->organization_id)) org = *o;
    }
    j["service"] = OrukServiceSummary(*s, org ? &*org : nullptr);
  }
  return j;
}

Result<Reply> OrukServiceAtLocations(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  link::ServiceAtLocationQuery q{.service_id = in.Param("service_id"), .location_id = in.Param("location_id"),
                                 .near = std::nullopt, .page = paging.first, .per_page = paging.second};
  auto postcode = in.Param("postcode");
  auto proximity = in.Param("proximity");
  if (proximity && !postcode) return InvalidField("proximity", "proximity needs a postcode");
  if (postcode) {
    double metres = kDefaultProximityMetres;
    if (proximity) {
      NHOOD_ASSIGN_OR_RETURN(metres, ParseNumberParam(*proximity, "proximity"));
    }
    if (metres <= 0) return InvalidField("proximity", "proximity must be more than 0 metres");
    NHOOD_ASSIGN_OR_RETURN(LatLong at, ResolvePostcode(app.store, app.postcodes, *postcode));
    q.near = link::ServiceQuery::Near{.latitude = at.latitude, .longitude = at.longitude, .metres = metres};
  }
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListServiceAtLocations(q));
  json contents = json::array();
  for (const auto& sal : page.contents) contents.push_back(SalJson(app, sal));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowServiceAtLocation(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service_at_location not found");
  NHOOD_ASSIGN_OR_RETURN(auto sal, app.store.GetServiceAtLocation(in.captures[0]));
  return Reply{.status = 200, .body = SalJson(app, sal), .headers = {}};
}

Route Public(std::string method, std::string path, Handler h) {
  return {std::move(method), std::regex(path), Surface::kPublic, Action::kReadDirectory, "", std::move(h)};
}
Route Oruk(std::string path, Handler h) {
  return {"GET", std::regex("/oruk" + path), Surface::kOruk, Action::kReadDirectory, "", std::move(h)};
}
Route Api(std::string method, std::string path, Action action, std::string record_type, Handler h) {
  return {std::move(method), std::regex("/api/v1" + path), Surface::kAction, action, std::move(record_type),
          std::move(h)};
}

}  // namespace

std::vector<Route> Routes() {  // the only place a path is spelled
  const std::string id = R"((\d{1,19}))", uuid = R"(([0-9A-Za-z-]{1,64}))";
  std::vector<Route> routes = {
      Public("GET", "/healthz", Health),
      Public("POST", "/api/v1/session", LogIn),
      {"DELETE", std::regex("/api/v1/session"), Surface::kSession, Action::kReadDirectory, "session", LogOut},
      Api("POST", "/residents", Action::kWriteResident, "resident", CreateResident),
      Api("GET", "/residents/" + id, Action::kReadResident, "resident", ShowResident),
      Api("POST", "/referrals", Action::kWriteReferral, "referral", CreateReferral),
      Api("POST", "/referrals/" + id + "/contacts", Action::kWriteContact, "referral", CreateContact),
      Api("GET", "/referrals/" + id + "/contacts", Action::kReadContact, "referral", ListContacts),
      Api("POST", "/referrals/" + id + "/outcomes", Action::kWriteOutcome, "referral", CreateOutcome),
      Api("GET", "/caseload", Action::kReadCaseload, "caseload", ShowCaseload),
      Api("GET", "/audit", Action::kReadAudit, "audit", ShowAudit),
      Api("GET", "/referrals/" + id, Action::kReadReferral, "referral", ShowReferral),
      Api("POST", "/referrals/" + id + "/transitions", Action::kWriteReferral, "referral", CreateTransition),
      Api("POST", "/referrals/" + id + "/needs", Action::kWriteResident, "referral", CreateNeed),
      Api("GET", "/referrals/" + id + "/needs", Action::kReadResident, "referral", ListNeeds),
      Api("POST", "/referrals/" + id + "/goals", Action::kWriteResident, "referral", CreateGoal),
      Api("GET", "/referrals/" + id + "/goals", Action::kReadResident, "referral", ListGoals),
      Api("PATCH", "/referrals/" + id + "/goals/" + id, Action::kWriteResident, "goal", UpdateGoal),
      Api("POST", "/referrals/" + id + "/onward_referrals", Action::kWriteReferral, "referral", CreateOnwardReferral),
      Api("GET", "/referrals/" + id + "/onward_referrals", Action::kReadReferral, "referral", ListOnwardReferrals),
      Api("PATCH", "/referrals/" + id + "/onward_referrals/" + id, Action::kWriteReferral, "onward_referral",
          UpdateOnwardReferral),
      Api("GET", "/residents/" + id + "/outcomes", Action::kReadOutcome, "resident", ListResidentOutcomes),
      Api("POST", "/residents/" + id + "/consents", Action::kWriteResident, "resident", CreateConsent),
      Api("GET", "/residents/" + id + "/consents", Action::kReadResident, "resident", ListConsents),
      Api("POST", "/residents/" + id + "/erasure", Action::kEraseResident, "resident", EraseResident),
      Api("GET", "/referrals/" + id + "/gp_message", Action::kSendGpMessage, "referral", GpMessage),
      Api("GET", "/export/extract", Action::kExportExtract, "extract", ExportExtract),
      Api("GET", "/users", Action::kManageUsers, "user", ListUsers),
      Api("POST", "/users", Action::kManageUsers, "user", CreateUser),
      Api("PATCH", "/users/" + id, Action::kManageUsers, "user", ChangeUser),
      {"POST", std::regex("/api/v1/users/me/password"), Surface::kSession, Action::kReadDirectory, "user",
       ChangeOwnPassword},
      Api("POST", "/directory/organizations", Action::kEditDirectory, "organization", PostOrganization),
      Api("POST", "/directory/locations", Action::kEditDirectory, "location", PostLocation),
      Api("POST", "/directory/taxonomies", Action::kEditDirectory, "taxonomy", PostTaxonomy),
      Api("POST", "/directory/taxonomy_terms", Action::kEditDirectory, "taxonomy_term", PostTaxonomyTerm),
      Api("POST", "/directory/services", Action::kEditDirectory, "service", PostService),
      Api("DELETE", "/directory/services/" + uuid, Action::kEditDirectory, "service", DeleteService),
      Api("GET", "/volunteers", Action::kManageVolunteers, "volunteer", ListVolunteers),
      Api("POST", "/volunteers", Action::kManageVolunteers, "volunteer", CreateVolunteer),
      Api("GET", "/volunteers/me/contacts", Action::kReadContact, "volunteer", ListMyContacts),
      Api("PATCH", "/volunteers/" + id, Action::kManageVolunteers, "volunteer", UpdateVolunteer),
      Api("POST", "/volunteers/" + id + "/hours", Action::kLogVolunteerHours, "volunteer", CreateVolunteerHours),
      Api("GET", "/volunteers/" + id + "/hours", Action::kLogVolunteerHours, "volunteer", ListVolunteerHours),
      Oruk("/?", OrukRoot),
      Oruk("/openapi.json", OrukOpenApi),
      Oruk("/services", OrukServices),
      Oruk("/services/" + uuid, OrukShowService),
      Oruk("/organizations", OrukOrganizations),
      Oruk("/organizations/" + uuid, OrukShowOrganization),
      Oruk("/taxonomies", OrukTaxonomies),
      Oruk("/taxonomies/" + uuid, OrukShowTaxonomy),
      Oruk("/taxonomy_terms", OrukTaxonomyTerms),
      Oruk("/taxonomy_terms/" + uuid, OrukShowTaxonomyTerm),
      Oruk("/service_at_locations", OrukServiceAtLocations),
      Oruk("/service_at_locations/" + uuid, OrukShowServiceAtLocation),
  };
  for (Route& r : ReportRoutes()) routes.push_back(std::move(r));  // reports (report_routes.cc)
  for (Route& r : web::WebRoutes()) routes.push_back(std::move(r));  // the web app's pages (web/web_routes.cc)
  for (Route& r : explorer::ExplorerRoutes()) routes.push_back(std::move(r));  // /atlas, /api/v1/atlas
  return routes;
}

}  // namespace nhood::server
