#include "apps/server/web/admin_pages.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "apps/server/json_input.h"
#include "apps/server/web/page.h"
#include "nhood/io/table_io.h"
#include "nhood/link/accounts.h"
#include "nhood/link/auth.h"
#include "nhood/link/oruk_feed.h"
#include "nhood/link/services_csv.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;

constexpr const char* kUsersPage = "/admin/users";
constexpr const char* kImportPage = "/admin/directory/import";

std::vector<Option> RoleOptions() {
  std::vector<Option> out;
  for (link::Role r : link::kAllRoles)
    out.push_back(
        {std::string(link::RoleName(r)), Humanise(link::RoleName(r))});
  return out;
}

// ---- users ----

Result<Reply> ShowUsers(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto users,
                         link::ReadUsers(app.store, *ctx.actor, ctx.meta));
  json rows = json::array();
  for (const auto& u : users) {
    rows.push_back(
        {{"id", u.id},
         {"username", u.username},
         {"display_name", u.display_name},
         {"role", Humanise(link::RoleName(u.role))},
         {"team", u.team_id ? json(std::to_string(*u.team_id)) : json("none")},
         {"active", u.active ? "yes" : "no"}});
  }
  json data = {{"users", rows}};
  if (Value(in, "saved") == "1") data["notice"] = "The user has been saved.";
  return RenderPage(ctx, "users", "Users and roles", std::move(data));
}

Result<Reply> NewUserForm(FormTokens& t, App&, const RequestContext& ctx,
                          const Input& in, std::optional<Error> error,
                          int status) {
  json fields = json::array(
      {With(With(Input_("username", "Username", Value(in, "username")),
                 "autocomplete", "off"),
            "hint", "Lower-case letters, digits, dot, dash or underscore"),
       Input_("display_name", "Name", Value(in, "display_name")),
       Select("role", "Role", RoleOptions(), Value(in, "role")),
       With(With(Input_("password", "First password", "", "password"),
                 "autocomplete", "new-password"),
            "hint",
            "At least " + std::to_string(link::kMinPasswordLength) +
                " characters; give it to them in person"),
       With(With(Input_("team_id", "Team id (optional)", Value(in, "team_id"),
                        "number"),
                 "min", "1"),
            "hint", "Managers see their team's caseloads")});
  json data = {{"heading", "Add a user"},
               {"about", "Every change to users is in the audit trail."},
               {"back", kUsersPage},
               {"back_label", "Back to users"},
               {"action", "/admin/users/new"},
               {"button", "Add user"},
               {"hidden", json::array()}};
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> CreateUser(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kUsersPage);
  auto form = [&](const Error& e) {
    return NewUserForm(t, app, ctx, in, e, 422);
  };
  link::NewUser u;
  u.username = Lower(Trim(Value(in, "username")));
  if (u.username.empty())
    return form(InvalidField("username", "enter a username"));
  u.display_name = Trim(Value(in, "display_name"));
  if (u.display_name.empty())
    return form(InvalidField("display_name", "enter their name"));
  if (Value(in, "role").empty())
    return form(InvalidField("role", "choose a role"));
  auto role = link::ParseRole(Value(in, "role"));
  if (!role) return form(InvalidField("role", role.error().message));
  u.role = *role;
  u.password = Value(in, "password");
  if (const std::string team = Trim(Value(in, "team_id")); !team.empty()) {
    auto id = ParseIntParam(team, "team_id");
    if (!id || *id < 1)
      return form(
          InvalidField("team_id", "enter a team id, or leave it empty"));
    u.team_id = *id;
  }
  if (auto existing = app.store.FindUserByUsername(u.username); existing) {
    return form(InvalidField("username", "this username is taken"));
  }
  auto id = link::AddUser(app.store, *ctx.actor, u, ctx.meta);
  if (!id) {
    Error e = id.error();
    if (e.code == StatusCode::kNotFound && e.field == "team_id")
      e.code = StatusCode::kInvalidArgument;
    if (e.code == StatusCode::kFailedPrecondition && e.field.empty())
      e.field = "username";
    if (FormError(e)) return form(e);
    return e;
  }
  return Redirect(std::string(kUsersPage) + "?saved=1");
}

// The user of the path, through link's audited read of the users.
Result<link::User> UserOf(App& app, const RequestContext& ctx,
                          const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id,
                         ParseId(in.captures[0], "user " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(auto users,
                         link::ReadUsers(app.store, *ctx.actor, ctx.meta));
  for (auto& u : users) {
    if (u.id == id) return std::move(u);
  }
  return NotFound("user " + in.captures[0] + " not found");
}

Result<Reply> EditUserForm(FormTokens& t, App& app, const RequestContext& ctx,
                           const Input& in, std::optional<Error> error,
                           int status) {
  NHOOD_ASSIGN_OR_RETURN(link::User u, UserOf(app, ctx, in));
  const bool posted = in.form != nullptr;
  json fields = json::array(
      {Input_("display_name", "Name",
              posted ? Value(in, "display_name") : u.display_name),
       Select("role", "Role", RoleOptions(),
              posted ? Value(in, "role") : std::string(link::RoleName(u.role)),
              false),
       With(Checkbox(
                "active",
                "Active: may log in (unticking ends their sessions at once)",
                posted ? Value(in, "active") == "1" : u.active),
            "hint", nullptr)});
  json data = {{"heading", "User " + u.username},
               {"about", "Created " + link::FormatTime(u.created_at) + "."},
               {"back", kUsersPage},
               {"back_label", "Back to users"},
               {"action", "/admin/users/" + std::to_string(u.id)},
               {"button", "Save"},
               {"hidden", json::array()}};
  return RenderForm(t, ctx, std::move(data), std::move(fields), error, status);
}

Result<Reply> ChangeUser(FormTokens& t, App& app, const RequestContext& ctx,
                         const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(link::User u, UserOf(app, ctx, in));
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kUsersPage);
  auto form = [&](const Error& e) {
    return EditUserForm(t, app, ctx, in, e, 422);
  };
  link::UserChange change;
  const std::string name = Trim(Value(in, "display_name"));
  if (name.empty())
    return form(InvalidField("display_name", "enter their name"));
  change.display_name = name;
  auto role = link::ParseRole(Value(in, "role"));
  if (!role) return form(InvalidField("role", "choose a role"));
  change.role = *role;
  change.active = Value(in, "active") == "1";
  auto changed =
      link::ChangeUser(app.store, *ctx.actor, u.id, change, ctx.meta);
  if (!changed) {
    Error e = changed.error();
    if (e.code == StatusCode::kFailedPrecondition && e.field.empty()) {
      e.field = change.active && !*change.active ? "active" : "role";
    }
    if (FormError(e)) return form(e);
    return e;
  }
  return Redirect(std::string(kUsersPage) + "?saved=1");
}

// ---- directory import ----

const std::vector<Option>& Formats() {
  static const std::vector<Option> k = {
      {"oruk", "Open Referral UK JSON feed"},
      {"csv", "Services sheet (CSV, one service a row)"}};
  return k;
}

json ImportFields(const Input& in, bool keep) {
  json feed =
      TextArea("feed", "The feed or sheet", keep ? Value(in, "feed") : "");
  feed["rows"] = "12";
  feed["hint"] = "Paste it here, or choose a file below (up to about 500 KB).";
  return json::array(
      {Radios("format", "What it is", Formats(),
              keep ? Value(in, "format") : ""),
       std::move(feed),
       Checkbox("all_or_nothing",
                "All or nothing: import nothing if any record is rejected",
                keep && Value(in, "all_or_nothing") == "1")});
}

Result<Reply> ImportPage(FormTokens& t, const RequestContext& ctx,
                         const Input& in, const std::optional<Error>& error,
                         json report, int status) {
  json fields = ImportFields(in, error.has_value());
  json data = {{"report", std::move(report)}};
  if (error && !MarkError(fields, error->field, Shown(*error)))
    data["error"] = Shown(*error);
  data["fields"] = std::move(fields);
  data["form_token"] = t.Issue(ctx.session_token, ctx.meta.now);
  return RenderPage(ctx, "directory_import", "Directory import",
                    std::move(data), status);
}

Result<Reply> ShowImport(FormTokens& t, App&, const RequestContext& ctx,
                         const Input& in) {
  return ImportPage(t, ctx, in, std::nullopt, nullptr, 200);
}

// The sheet's rows through io::ReadTable (the CLI's reader: quoting, BOM,
// ragged rows refused) from a private temporary file, removed at once.
Result<Table> SheetFromText(const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path(ec);
  if (ec) return Internal("no temporary directory");
  const fs::path path =
      dir / ("nhood-import-" + link::RandomToken().substr(0, 24) + ".csv");
  {
    // Created private (0600) and exclusively: never readable by others, even
    // for a moment, and never through a link someone planted at that name.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                          S_IRUSR | S_IWUSR);
    if (fd < 0) return Internal("could not stage the sheet");
    bool written = true;
    for (size_t at = 0; written && at < text.size();) {
      const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
      if (n < 0 && errno == EINTR) continue;
      written = n > 0;
      if (written) at += static_cast<size_t>(n);
    }
    written = ::close(fd) == 0 && written;
    if (!written) {
      fs::remove(path, ec);
      return Internal("could not stage the sheet");
    }
  }
  Result<Table> table = io::ReadTable(path.string());
  fs::remove(path, ec);
  if (table) {
    // Row errors name the source: the pasted sheet, not the staging file.
    table->set_source("the sheet");  // pasted text: the header is line 1
  } else {
    // The reader names its path: name the pasted sheet instead.
    std::string message = table.error().message;
    const std::string p = path.string();
    for (size_t at = message.find(p); at != std::string::npos;
         at = message.find(p))
      message.replace(at, p.size(), "the sheet");
    return Error{table.error().code, message, "feed"};
  }
  return table;
}

Result<Reply> DoImport(FormTokens& t, App& app, const RequestContext& ctx,
                       const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kImportPage);
  auto form = [&](const Error& e) {
    return ImportPage(t, ctx, in, e, nullptr, 422);
  };
  const std::string format = Value(in, "format"), text = Value(in, "feed");
  if (format != "oruk" && format != "csv")
    return form(InvalidField("format", "choose what it is"));
  if (Trim(text).empty())
    return form(
        InvalidField("feed", "paste the feed or sheet, or choose a file"));
  link::ParsedFeed feed;
  if (format == "oruk") {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())
      return form(InvalidField("feed", "this is not valid JSON"));
    auto parsed = link::ParseOrukFeed(doc, [] { return RandomUuid(); });
    if (!parsed)
      return form(
          Error{StatusCode::kInvalidArgument, parsed.error().message, "feed"});
    feed = std::move(*parsed);
  } else {
    auto table = SheetFromText(text);
    if (!table) {
      if (table.error().code == StatusCode::kInvalidArgument ||
          table.error().code == StatusCode::kIoError) {
        return form(
            Error{StatusCode::kInvalidArgument, table.error().message, "feed"});
      }
      return table.error();
    }
    auto parsed = link::ServicesFromTable(*table);
    if (!parsed)
      return form(
          Error{StatusCode::kInvalidArgument, parsed.error().message, "feed"});
    feed = std::move(*parsed);
  }
  const bool all_or_nothing = Value(in, "all_or_nothing") == "1";
  NHOOD_ASSIGN_OR_RETURN(
      link::ImportReport r,
      link::ImportDirectory(app.store, *ctx.actor, feed.records,
                            std::move(feed.rejected),
                            {.all_or_nothing = all_or_nothing}, ctx.meta));
  json rejected = json::array();
  for (const auto& x : r.rejected)
    rejected.push_back(
        {{"what", x.what}, {"field", x.field}, {"reason", x.reason}});
  json report = {{"written", r.written},
                 {"services", r.services},
                 {"organizations", r.organizations},
                 {"locations", r.locations},
                 {"taxonomies", r.taxonomies},
                 {"taxonomy_terms", r.taxonomy_terms},
                 {"rejected", rejected},
                 {"rejected_count", rejected.size()},
                 {"has_rejected", !rejected.empty()}};
  return ImportPage(t, ctx, Input{}, std::nullopt, std::move(report), 200);
}

}  // namespace

std::vector<Route> AdminPages(Tokens tokens) {
  const std::string id = R"((\d{1,19}))";
  return {
      WebPage("GET", kUsersPage, Surface::kAction, Action::kManageUsers, "user",
              ShowUsers),
      WebPage("GET", "/admin/users/new", Surface::kAction, Action::kManageUsers,
              "user", Bind(tokens, Show<NewUserForm>)),
      WebPage("POST", "/admin/users/new", Surface::kAction,
              Action::kManageUsers, "user", Bind(tokens, CreateUser)),
      WebPage("GET", "/admin/users/" + id, Surface::kAction,
              Action::kManageUsers, "user", Bind(tokens, Show<EditUserForm>)),
      WebPage("POST", "/admin/users/" + id, Surface::kAction,
              Action::kManageUsers, "user", Bind(tokens, ChangeUser)),
      WebPage("GET", kImportPage, Surface::kAction, Action::kImportDirectory,
              "directory", Bind(tokens, ShowImport)),
      WebPage("POST", kImportPage, Surface::kAction, Action::kImportDirectory,
              "directory", Bind(tokens, DoImport)),
  };
}

}  // namespace nhood::server::web
