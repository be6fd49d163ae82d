#include "nhood/store/testing/postgres_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace nhood::store::testing {
namespace {

constexpr char kDefaultBin[] = "/usr/lib/postgresql/15/bin";
constexpr char kUser[] = "nhood";

Result<int> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Internal("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return Internal("cannot bind a loopback port");
  }
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// Runs argv (no shell), appending stdout and stderr to `log`. Returns the
// exit status.
Result<int> Run(std::vector<std::string> argv, const std::filesystem::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Internal("cannot run " + argv[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Internal("waitpid failed for " + argv[0]);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string Tail(const std::filesystem::path& p, size_t n = 2000) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > n ? s.substr(s.size() - n) : s;
}

}  // namespace

PostgresTestServer::~PostgresTestServer() { Stop(); }

Status PostgresTestServer::Start() {
  if (running_) return Status::Ok();
  const char* env_bin = std::getenv("NHOOD_PG_BIN");
  bin_ = env_bin && *env_bin ? env_bin : kDefaultBin;
  for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
    if (access((std::filesystem::path(bin_) / tool).c_str(), X_OK) != 0) {
      return FailedPrecondition("PostgreSQL server binaries not found: " + (std::filesystem::path(bin_) / tool).string() +
                                " is missing; install the Debian package postgresql-15 "
                                "(it is in scripts/debian-packages.txt: run scripts/install-deps.sh) or set NHOOD_PG_BIN");
    }
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "nhood-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return Internal("mkdtemp failed");
  dir_ = tmpl;
  as_postgres_user_ = geteuid() == 0;
  if (as_postgres_user_) {
    passwd* pw = getpwnam("postgres");
    if (!pw) {
      return FailedPrecondition("running as root, and there is no 'postgres' user to run the test server as; "
                                "install postgresql-15, whose package creates it");
    }
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) return Internal("cannot chown " + dir_.string());
  }
  NHOOD_ASSIGN_OR_RETURN(port_, FreeLoopbackPort());
  const std::filesystem::path log = dir_ / "server.log";
  const std::filesystem::path data = dir_ / "data";
  auto command = [&](std::vector<std::string> argv) {
    if (as_postgres_user_) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    return argv;
  };
  // The log must be writable by whoever runs the tools.
  { std::ofstream touch(log); }
  if (as_postgres_user_) {
    passwd* pw = getpwnam("postgres");
    if (chown(log.c_str(), pw->pw_uid, pw->pw_gid) != 0) return Internal("cannot chown " + log.string());
  }
  NHOOD_ASSIGN_OR_RETURN(int init, Run(command({bin_ + "/initdb", "-D", data.string(), "-U", kUser, "--auth=trust",
                                                "-E", "UTF8", "--no-locale", "--no-sync"}),
                                       log));
  if (init != 0) return Internal("initdb failed (exit " + std::to_string(init) + "):\n" + Tail(log));
  const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + dir_.string() +
                              " -c max_connections=200 -c shared_buffers=32MB";
  NHOOD_ASSIGN_OR_RETURN(int start, Run(command({bin_ + "/pg_ctl", "-D", data.string(), "-l", log.string(), "-w",
                                                 "-t", "120", "-o", options, "start"}),
                                        log));
  if (start != 0) return Internal("pg_ctl start failed (exit " + std::to_string(start) + "):\n" + Tail(log));
  running_ = true;
  return Status::Ok();
}

void PostgresTestServer::Stop() {
  if (running_) {
    std::vector<std::string> argv = {bin_ + "/pg_ctl", "-D", (dir_ / "data").string(), "-w", "-m", "fast", "stop"};
    if (as_postgres_user_) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    (void)Run(argv, dir_ / "stop.log");
    running_ = false;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string PostgresTestServer::Uri(const std::string& name) const {
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

Result<std::string> PostgresTestServer::CreateDatabase() {
  NHOOD_RETURN_IF_ERROR(Start());
  const std::string name = "nhood_test_" + std::to_string(++databases_);
  PGconn* c = PQconnectdb(Uri("postgres").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    return Unavailable("test server: " + msg);
  }
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) return Internal("test server: CREATE DATABASE " + name + ": " + msg);
  return Uri(name);
}

PostgresTestServer& PostgresTestServer::Shared() {
  static PostgresTestServer* server = [] {
    auto* s = new PostgresTestServer();
    std::atexit([] { Shared().Stop(); });
    return s;
  }();
  return *server;
}

}  // namespace nhood::store::testing
