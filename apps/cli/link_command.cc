#include "apps/cli/link_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "nhood/link/auth.h"
#include "nhood/link/user.h"
#include "nhood/store/open_store.h"

namespace nhood::cli {
namespace {

struct LinkOptions {
  std::string db;
  std::string username;
  std::string display_name;
  std::string role;
  bool password_stdin = false;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
  return 1;
}

int Init(const LinkOptions& o) {
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  auto version = (*store)->SchemaVersion();
  if (!version) return Fail(version.status());
  std::printf("link store ready at schema version %d\n", *version);
  return 0;
}

// The password is the whole of stdin without its final line break.
std::string ReadPassword() {
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

int AddUser(const LinkOptions& o) {
  Result<link::Role> role = link::ParseRole(o.role);
  if (!role) return Fail(role.status());
  const std::string password = ReadPassword();
  if (password.size() < 8) {
    std::fprintf(stderr, "nhood: --password-stdin: the password must be at least 8 characters\n");
    return 1;
  }
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto id = link::CreateUser(**store, {.username = o.username, .display_name = o.display_name, .role = *role,
                                       .password = password, .team_id = std::nullopt},
                             now);
  if (!id) return Fail(id.status());
  std::printf("user %lld added (%s)\n", static_cast<long long>(*id), std::string(link::RoleName(*role)).c_str());
  return 0;
}

}  // namespace

void SetupLinkCommand(CLI::App& app, int* exit_code) {
  CLI::App* link = app.add_subcommand("link", "The social-prescribing service's store: create it, add users");
  link->require_subcommand(1);
  auto o = std::make_shared<LinkOptions>();
  CLI::App* init = link->add_subcommand("init", "Create the store, or migrate it to this version's schema");
  init->footer("Examples:\n  nhood link init --db link.db\n  nhood link init --db postgresql://nhood@localhost/nhood");
  CLI::App* user = link->add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "Add a user; the password is read from stdin");
  add->footer("Example:\n  printf '%s' \"$PASSWORD\" | nhood link user add --db link.db --username asha "
              "--role link_worker --password-stdin");
  for (CLI::App* c : {init, add}) {
    c->add_option("--db", o->db, "SQLite file path or postgresql:// URI")->required();
  }
  add->add_option("--username", o->username, "login name: 1-64 of a-z 0-9 . _ - (case-folded)")->required();
  add->add_option("--display-name", o->display_name, "name shown in the app (default: the username)");
  add->add_option("--role", o->role, "admin, manager, link_worker, volunteer or analyst")
      ->required()
      ->check(CLI::IsMember({"admin", "manager", "link_worker", "volunteer", "analyst"}));
  add->add_flag("--password-stdin", o->password_stdin, "read the password from stdin (required)")->required();
  init->callback([o, exit_code] { *exit_code = Init(*o); });
  add->callback([o, exit_code] { *exit_code = AddUser(*o); });
}

}  // namespace nhood::cli
