#include "apps/cli/link_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <algorithm>
#include <vector>

#include "apps/cli/demo_areas.h"
#include "apps/cli/link_report_command.h"
#include "apps/server/postcodes.h"
#include "nhood/io/catalogue.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/link/extract.h"
#include "nhood/link/gp_message.h"
#include "nhood/link/oruk_feed.h"
#include "nhood/link/services_csv.h"
#include "nhood/link/auth.h"
#include "nhood/link/demo_seed.h"
#include "nhood/link/user.h"
#include "nhood/link/uuid.h"
#include "nhood/store/open_store.h"

namespace nhood::cli {
namespace {

struct LinkOptions {
  std::string db;
  std::string username;
  std::string display_name;
  std::string role;
  bool password_stdin = false;
  uint64_t seed = 1;
  int residents = 300;
  std::string data_dir;
  std::string postcodes;
  std::string atlas;
  std::string as;           // export: the user the export is made (and audited) as
  std::string secret_file;  // export extract: the deployment secret
  int64_t referral = 0;     // export gp-message
  std::string output;
  std::string input;          // import: the feed or sheet
  bool all_or_nothing = false;  // import
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

int Demo(const LinkOptions& o) {
  const std::string postcodes = !o.postcodes.empty()
                                    ? o.postcodes
                                    : (o.data_dir.empty() ? io::DefaultDataDir() : o.data_dir) +
                                          "/postcodes/north_east_live_postcodes.csv.gz";
  auto index = server::PostcodeIndex::Load(postcodes);
  if (!index) return Fail(index.status());
  // Residents lean towards Core20 and doubly disadvantaged LSOAs (demo_areas.h).
  const std::string data_dir = o.data_dir.empty() ? io::DefaultDataDir() : o.data_dir;
  auto areas = o.atlas.empty() ? ReadImdDemoAreas(data_dir) : ReadAtlasDemoAreas(o.atlas, data_dir);
  if (!areas) return Fail(areas.status());
  std::vector<link::DemoPlace> places;
  for (const auto& [postcode, e] : (*index)->entries()) {
    if (e.lsoa.empty()) continue;
    places.push_back({.postcode = postcode, .lsoa = e.lsoa, .area = e.area.empty() ? "North East" : e.area,
                      .latitude = e.at.latitude, .longitude = e.at.longitude});
    if (auto f = areas->by_lsoa21.find(e.lsoa); f != areas->by_lsoa21.end()) {
      places.back().core20 = f->second.core20;
      places.back().double_disadvantage = f->second.double_disadvantage;
    }
  }
  // The same places in the same order whatever the hash map did: the seed decides.
  std::sort(places.begin(), places.end(),
            [](const link::DemoPlace& a, const link::DemoPlace& b) { return a.postcode < b.postcode; });
  const std::string password = o.password_stdin ? ReadPassword() : "nhood-demo-password";
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  auto sum = link::SeedDemo(**store, places, {.seed = o.seed, .residents = o.residents, .password = password});
  if (!sum) return Fail(sum.status());
  // A bulk load: refresh the planner's statistics (link::Store::Optimize),
  // which SQLite otherwise never gathers.
  if (Status analysed = (*store)->Optimize(); !analysed.ok()) return Fail(analysed);
  std::printf("demo service seeded (seed %llu) from %zu postcodes in %s:\n", static_cast<unsigned long long>(o.seed),
              places.size(), postcodes.c_str());
  std::printf("  %lld organisations, %lld services, %lld taxonomy terms\n", static_cast<long long>(sum->organisations),
              static_cast<long long>(sum->services), static_cast<long long>(sum->taxonomy_terms));
  std::printf("  %lld users (admin, manager, analyst, worker1-3, volunteer1-%lld), %lld volunteer hours entries\n",
              static_cast<long long>(sum->users), static_cast<long long>(sum->volunteers),
              static_cast<long long>(sum->volunteer_hours));
  std::printf("  %lld residents, %lld referrals, %lld contacts, %lld onward referrals, %lld outcome measures\n",
              static_cast<long long>(sum->residents), static_cast<long long>(sum->referrals),
              static_cast<long long>(sum->contacts), static_cast<long long>(sum->onward_referrals),
              static_cast<long long>(sum->outcomes));
  std::printf("  residents weighted towards deprived LSOAs (%s): %lld in Core20 LSOAs, %lld doubly disadvantaged\n",
              areas->source.c_str(), static_cast<long long>(sum->residents_core20),
              static_cast<long long>(sum->residents_double_disadvantage));
  if (!o.password_stdin) std::printf("every demo user's password: %s\n", password.c_str());
  std::printf("start it with: nhood serve --db %s --listen 127.0.0.1:8080\n", o.db.c_str());
  return 0;
}

// The user an export runs as: it is checked against the permission matrix
// and audited exactly as the same request through the API would be.
Result<link::Actor> ActorFor(link::Store& store, const std::string& username) {
  Result<link::User> u = store.FindUserByUsername(username);
  if (!u) {
    if (u.error().code == StatusCode::kNotFound) return NotFound("--as: no user named '" + username + "'");
    return u.error();
  }
  if (!u->active) return FailedPrecondition("--as: user '" + username + "' is deactivated");
  return link::Actor{.user_id = u->id, .username = u->username, .role = u->role, .team_id = u->team_id};
}

link::RequestInfo CliRequest() {
  return {.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
          .address = "cli",
          .request_id = link::RandomToken().substr(0, 32)};
}

int ExportExtract(const LinkOptions& o) {
  auto secret = io::ReadTextFile(o.secret_file);
  if (!secret) return Fail(secret.status());
  std::string key = *secret;
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  auto actor = ActorFor(**store, o.as);
  if (!actor) return Fail(actor.status());
  auto extract = link::BuildExtract(**store, *actor, key, CliRequest());
  if (!extract) return Fail(extract.status());
  Status written = io::WriteTable(link::ExtractTable(*extract), o.output);
  if (!written.ok()) return Fail(written);
  std::printf("%zu residents with consent to evaluation written to %s (%lld without it left out)\n",
              extract->rows.size(), o.output.c_str(), static_cast<long long>(extract->residents_without_consent));
  return 0;
}

int ExportGpMessage(const LinkOptions& o) {
  if (io::Extension(o.output) != "json") {
    std::fprintf(stderr, "nhood: -o %s: the GP message is JSON (.json)\n", o.output.c_str());
    return 2;
  }
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  auto actor = ActorFor(**store, o.as);
  if (!actor) return Fail(actor.status());
  auto message = link::BuildGpMessage(**store, *actor, o.referral, CliRequest());
  if (!message) return Fail(message.status());
  Status written = io::WriteTextFile(o.output, link::GpMessageJson(*message).dump(2) + "\n");
  if (!written.ok()) return Fail(written);
  std::printf("message back to GP for referral %lld written to %s\n", static_cast<long long>(o.referral),
              o.output.c_str());
  return 0;
}

// Prints what an import did and what it rejected; 0 when everything was
// written, 1 when anything was rejected (the rest is written unless
// --all-or-nothing, which writes nothing then).
int ReportImport(const link::ImportReport& r, const std::string& file) {
  for (const link::Rejection& x : r.rejected) {
    std::fprintf(stderr, "nhood: %s: %s rejected%s%s: %s\n", file.c_str(), x.what.c_str(),
                 x.field.empty() ? "" : ", field ", x.field.c_str(), x.reason.c_str());
  }
  if (!r.written) {
    std::fprintf(stderr, "nhood: %s: %zu rejected, nothing imported (--all-or-nothing)\n", file.c_str(),
                 r.rejected.size());
    return 1;
  }
  std::printf("imported from %s: %lld organisations, %lld locations, %lld taxonomies, %lld taxonomy terms, "
              "%lld services; %zu rejected\n",
              file.c_str(), static_cast<long long>(r.organizations), static_cast<long long>(r.locations),
              static_cast<long long>(r.taxonomies), static_cast<long long>(r.taxonomy_terms),
              static_cast<long long>(r.services), r.rejected.size());
  return r.rejected.empty() ? 0 : 1;
}

int Import(const LinkOptions& o, bool oruk) {
  link::ParsedFeed feed;
  if (oruk) {
    auto text = io::ReadTextFile(o.input);
    if (!text) return Fail(text.status());
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      std::fprintf(stderr, "nhood: %s: not valid JSON\n", o.input.c_str());
      return 1;
    }
    auto parsed = link::ParseOrukFeed(doc, [] {
      const std::string hex = link::RandomToken();
      std::array<uint8_t, 16> bytes{};
      for (size_t i = 0; i < 16; ++i) bytes[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
      return link::NewUuidV4(bytes);
    });
    if (!parsed) return Fail(Error{parsed.error().code, o.input + ": " + parsed.error().message, ""});
    feed = std::move(*parsed);
  } else {
    auto table = io::ReadTable(o.input);
    if (!table) return Fail(table.status());
    auto parsed = link::ServicesFromTable(*table);
    if (!parsed) return Fail(Error{parsed.error().code, o.input + ": " + parsed.error().message, ""});
    feed = std::move(*parsed);
  }
  auto store = store::OpenStore(o.db);
  if (!store) return Fail(store.status());
  auto actor = ActorFor(**store, o.as);
  if (!actor) return Fail(actor.status());
  auto report = link::ImportDirectory(**store, *actor, feed.records, std::move(feed.rejected),
                                      {.all_or_nothing = o.all_or_nothing}, CliRequest());
  if (!report) return Fail(report.status());
  if (report->written && (report->services > 0 || report->organizations > 0)) (void)(*store)->Optimize();
  return ReportImport(*report, o.input);
}

}  // namespace

void SetupLinkCommand(CLI::App& app, int* exit_code) {
  CLI::App* link = app.add_subcommand("link", "The social-prescribing service's store: create it, add users, seed a demo, export, import");
  link->require_subcommand(1);
  auto o = std::make_shared<LinkOptions>();
  CLI::App* init = link->add_subcommand("init", "Create the store, or migrate it to this version's schema");
  init->footer("Examples:\n  nhood link init --db link.db\n  nhood link init --db postgresql://nhood@localhost/nhood");
  CLI::App* user = link->add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "Add a user; the password is read from stdin");
  add->footer("Example:\n  printf '%s' \"$PASSWORD\" | nhood link user add --db link.db --username asha "
              "--role link_worker --password-stdin");
  CLI::App* demo = link->add_subcommand("demo", "Seed an empty store with a demo service (deterministic for a seed)");
  demo->footer("Example:\n  nhood link demo --db demo.db --seed 1\n  nhood serve --db demo.db");
  demo->add_option("--seed", o->seed, "random seed")->capture_default_str();
  demo->add_option("--residents", o->residents, "how many residents (about ten contacts each)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  demo->add_option("--data-dir", o->data_dir,
                   "data mirror with postcodes/north_east_live_postcodes.csv.gz (default: $NHOOD_DATA_DIR, else "
                   "../shared/data)");
  demo->add_option("--postcodes", o->postcodes, "postcode CSV with lat, long and lsoa21 (instead of --data-dir)");
  demo->add_option("--atlas", o->atlas,
                   "an `nhood atlas` output directory: weight residents towards its Core20 and doubly "
                   "disadvantaged LSOAs (default: Core20 from the data mirror's IMD 2025 deciles)")
      ->check(CLI::ExistingDirectory);
  demo->add_flag("--password-stdin", o->password_stdin,
                 "read the demo users' password from stdin (default: a fixed demo password, printed)");
  CLI::App* exp = link->add_subcommand("export", "Export the pseudonymised evaluation extract or a message back to a GP");
  exp->require_subcommand(1);
  CLI::App* extract = exp->add_subcommand(
      "extract", "The pseudonymised evaluation extract: residents with consent (c), keyed by HMAC-SHA256");
  extract->footer("Example:\n  nhood link export extract --db link.db --as analyst --secret-file /etc/nhood/secret "
                  "-o extract.csv");
  extract->add_option("--secret-file", o->secret_file, "file holding the deployment secret (32+ bytes)")
      ->required()
      ->check(CLI::ExistingFile);
  extract->add_option("-o,--output", o->output, "output table (.csv, .xlsx, .ods or .json)")->required();
  CLI::App* gp = exp->add_subcommand("gp-message", "The PRSB message back to the GP for one referral (consent (b))");
  gp->footer("Example:\n  nhood link export gp-message --db link.db --as worker1 --referral 17 -o message.json");
  gp->add_option("--referral", o->referral, "referral id")->required()->check(CLI::PositiveNumber);
  gp->add_option("-o,--output", o->output, "output JSON file")->required();
  CLI::App* imp = link->add_subcommand("import", "Import directory records: an ORUK feed or a sheet of services");
  imp->require_subcommand(1);
  CLI::App* oruk = imp->add_subcommand("oruk", "Import an Open Referral UK feed (the JSON /oruk/ serves) from a file");
  oruk->footer("Example:\n  nhood link import oruk --db link.db --as manager feed.json");
  CLI::App* sheet = imp->add_subcommand("services-csv", "Import a sheet of services (.csv, .xlsx or .ods; docs/api.md)");
  sheet->footer("Example:\n  nhood link import services-csv --db link.db --as manager services.csv");
  for (CLI::App* c : {oruk, sheet}) {
    c->add_option("FILE", o->input, "the feed or sheet")->required()->check(CLI::ExistingFile);
    c->add_flag("--all-or-nothing", o->all_or_nothing,
                "write nothing when any record is rejected (default: write the good records, report the rest)");
  }
  for (CLI::App* c : {extract, gp, oruk, sheet}) {
    c->add_option("--as", o->as, "the user making the export (checked against the permission matrix, audited)")
        ->required();
  }
  for (CLI::App* c : {init, add, demo, extract, gp, oruk, sheet}) {
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
  demo->callback([o, exit_code] { *exit_code = Demo(*o); });
  extract->callback([o, exit_code] { *exit_code = ExportExtract(*o); });
  gp->callback([o, exit_code] { *exit_code = ExportGpMessage(*o); });
  oruk->callback([o, exit_code] { *exit_code = Import(*o, /*oruk=*/true); });
  sheet->callback([o, exit_code] { *exit_code = Import(*o, /*oruk=*/false); });
  SetupLinkReportCommand(*link, exit_code);  // nhood link report (link_report_command.cc)
}

}  // namespace nhood::cli
