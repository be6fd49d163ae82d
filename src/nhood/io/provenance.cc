#include "nhood/io/provenance.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nhood/io/catalogue.h"
#include "nhood/io/checksum.h"
#include "nhood/io/internal/atomic_file.h"
#include "nhood/io/version.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

std::mutex& CurrentMutex() {
  static std::mutex mu;
  return mu;
}

Run*& CurrentRun() {
  static Run* current = nullptr;
  return current;
}

std::string Utc(std::time_t t) {
  char buf[32];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

fs::path Canonical(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) p = fs::absolute(path, ec).lexically_normal();
  return p;
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) {
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  }
  return Canonical(a) == Canonical(b);
}

bool Inside(const fs::path& dir, const fs::path& file) {
  auto d = dir.begin(), f = file.begin();
  for (; d != dir.end(); ++d, ++f) {
    if (d->empty()) continue;  // a trailing separator
    if (f == file.end() || *d != *f) return false;
  }
  return f != file.end();
}

// `path` relative to the working directory, never absolute.
std::string RelativeToWorkingDirectory(const std::string& path) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  fs::path rel = Canonical(path).lexically_relative(Canonical(cwd.string()));
  if (rel.empty()) rel = fs::path(path).filename();
  return rel.generic_string();
}

// A command-line or field token with any absolute path in it made relative
// to the working directory ("--data-dir=/x/y" -> "--data-dir=../y").
std::string ShareToken(const std::string& token) {
  if (!token.empty() && token.front() == '/') return RelativeToWorkingDirectory(token);
  const size_t eq = token.find("=/");
  if (eq != std::string::npos && token.rfind("-", 0) == 0) {
    return token.substr(0, eq + 1) + RelativeToWorkingDirectory(token.substr(eq + 1));
  }
  return token;
}

// Every space-separated word of a free-text field shared as ShareToken does.
std::string ShareText(const std::string& text) {
  std::string out, word;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      out += ShareToken(word);
      if (i < text.size()) out += ' ';
      word.clear();
    } else {
      word += text[i];
    }
  }
  return out;
}

std::string DataDirFromArgs(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data-dir" && i + 1 < args.size()) return args[i + 1];
    if (args[i].rfind("--data-dir=", 0) == 0) return args[i].substr(11);
  }
  std::error_code ec;
  const std::string d = DefaultDataDir();
  return fs::is_directory(d, ec) ? d : "";
}

bool LooksLikeValue(const std::string& s) {
  if (s.empty() || s.front() != '-') return true;
  return s.size() > 1 && (std::isdigit(static_cast<unsigned char>(s[1])) || s[1] == '.');  // -5, -.5
}

// The subcommand path and the options as given: {"--x": "1", "--flag": true}.
nlohmann::ordered_json Options(const std::vector<std::string>& args, std::string* command) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i].front() != '-'; ++i) {
    *command += (command->empty() ? "" : " ") + args[i];
  }
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a.front() != '-') continue;  // a stray positional, kept in the command line
    const size_t eq = a.find('=');
    if (eq != std::string::npos) {
      o[a.substr(0, eq)] = ShareToken(a.substr(eq + 1));
    } else if (i + 1 < args.size() && LooksLikeValue(args[i + 1])) {
      o[a] = ShareToken(args[++i]);
    } else {
      o[a] = true;
    }
  }
  return o;
}

// SHA-256 by (canonical path, size, modification time): one run writes
// several records over the same inputs.
std::string CachedSha256(const std::string& path, long long bytes, long long mtime) {
  static std::mutex mu;
  static std::map<std::tuple<std::string, long long, long long>, std::string> cache;
  const auto key = std::make_tuple(Canonical(path).string(), bytes, mtime);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  Result<std::string> sha = Sha256File(path);
  if (!sha) return "";
  std::lock_guard<std::mutex> lock(mu);
  cache[key] = *sha;
  return *sha;
}

nlohmann::ordered_json DescribeInput(const std::string& path, const std::string& data_dir) {
  nlohmann::ordered_json f;
  const SharedPath shared = ShareablePath(path, data_dir);
  f["path"] = shared.path;
  f["relative_to"] = shared.relative_to;
  std::error_code ec;
  const bool is_file = fs::is_regular_file(path, ec);
  f["bytes"] = is_file ? static_cast<long long>(fs::file_size(path, ec)) : -1;
  if (is_file) {
    const auto mtime = fs::last_write_time(path, ec);
    const std::time_t when = ec ? 0 : std::chrono::system_clock::to_time_t(std::chrono::file_clock::to_sys(mtime));
    const std::string sha = CachedSha256(path, f["bytes"].get<long long>(),
                                         ec ? 0 : static_cast<long long>(mtime.time_since_epoch().count()));
    if (!sha.empty()) f["sha256"] = sha;
    if (!ec) f["modified_utc"] = Utc(when);
  }
  if (shared.relative_to == "data directory") {
    for (const Dataset& d : Catalogue()) {
      if (fs::path(d.path).lexically_normal() != fs::path(shared.path).lexically_normal()) continue;
      f["dataset"] = {{"id", d.id}, {"title", d.title}, {"publisher", d.publisher},
                      {"vintage", d.vintage}, {"licence", d.licence}, {"page_url", d.page_url}};
    }
  }
  return f;
}

}  // namespace

Run::Run(std::vector<std::string> args) : args_(std::move(args)), data_dir_(DataDirFromArgs(args_)) {
  std::lock_guard<std::mutex> lock(CurrentMutex());
  outer_ = CurrentRun();
  CurrentRun() = this;
}

Run::~Run() {
  std::lock_guard<std::mutex> lock(CurrentMutex());
  if (CurrentRun() == this) CurrentRun() = outer_;
}

Run* Run::Current() {
  std::lock_guard<std::mutex> lock(CurrentMutex());
  return CurrentRun();
}

void Run::RecordInput(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& p : inputs_) {
    if (SameFile(p, path)) return;
  }
  inputs_.push_back(path);
}

std::vector<std::string> Run::inputs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return inputs_;
}

void Run::SetField(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [k, v] : fields_) {
    if (k == key) {
      v = value;
      return;
    }
  }
  fields_.emplace_back(key, value);
}

ProvenanceFields Run::fields() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fields_;
}

void RecordInput(const std::string& path) {
  if (Run* run = Run::Current()) run->RecordInput(path);
}

Status CheckNotAnInput(const std::string& output, const std::vector<std::string>& inputs, bool as_directory) {
  std::vector<std::string> all = inputs;
  if (Run* run = Run::Current()) {
    for (const std::string& p : run->inputs()) all.push_back(p);
  }
  std::error_code ec;
  const bool directory = as_directory || fs::is_directory(output, ec);
  const fs::path out = Canonical(output);
  for (const std::string& in : all) {
    const bool same = SameFile(output, in);
    if (same || (directory && Inside(out, Canonical(in)))) {
      return InvalidArgument(output + ": " + (same ? "is also an input of this run" : "holds an input of this run") +
                             " (" + in + "); nhood never overwrites its inputs: choose another output");
    }
  }
  return Status::Ok();
}

SharedPath ShareablePath(const std::string& path, const std::string& data_dir) {
  if (!data_dir.empty()) {
    const fs::path dir = Canonical(data_dir), p = Canonical(path);
    if (Inside(dir, p)) return {p.lexically_relative(dir).generic_string(), "data directory"};
  }
  return {RelativeToWorkingDirectory(path), "working directory"};
}

std::string ProvenanceJson(const std::string& output, const std::vector<std::string>& inputs,
                           const ProvenanceFields& fields, const std::vector<OutputFile>& files) {
  Run* run = Run::Current();
  const std::string data_dir = run ? run->data_dir() : "";
  nlohmann::ordered_json j;
  j["tool"] = "nhood " + VersionString();
  j["nhood_version"] = ProjectVersion();
  j["git_describe"] = GitDescribe();
  j["created_utc"] = Utc(std::time(nullptr));
  j["paths"] =
      "relative to the working directory of the run, or to the data directory where relative_to says so; "
      "never absolute";
  j["output"] = RelativeToWorkingDirectory(output);
  if (run) {
    std::string line = "nhood";
    for (const std::string& a : run->args()) line += " " + ShareToken(a);
    j["command_line"] = line;
    std::string command;
    j["options"] = Options(run->args(), &command);
    j["subcommand"] = command;
    j["data_dir"] = data_dir.empty() ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json(RelativeToWorkingDirectory(data_dir));
  }
  // Inputs: those given, then those the run read, each once.
  std::vector<std::string> all;
  auto add = [&](const std::string& p) {
    for (const std::string& q : all) {
      if (SameFile(p, q)) return;
    }
    all.push_back(p);
  };
  for (const std::string& p : inputs) add(p);
  if (run) {
    for (const std::string& p : run->inputs()) add(p);
  }
  nlohmann::ordered_json in = nlohmann::ordered_json::array();
  for (const std::string& p : all) in.push_back(DescribeInput(p, data_dir));
  j["inputs"] = in;
  // The seed: a field when the command gave one, else --seed as given.
  ProvenanceFields merged = run ? run->fields() : ProvenanceFields{};
  for (const auto& kv : fields) merged.push_back(kv);
  j["seed"] = nullptr;
  if (j.contains("options") && j["options"].contains("--seed")) j["seed"] = j["options"]["--seed"];
  for (const auto& [k, v] : merged) j[k] = ShareText(v);
  if (!files.empty()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const OutputFile& f : files) out.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
    j["files"] = out;
  }
  // Every string here came from files or the command line: replace invalid
  // UTF-8 rather than fail the run over its record.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Status WriteProvenance(const std::string& output, const std::vector<std::string>& inputs,
                       const ProvenanceFields& fields) {
  const fs::path target(output + ".provenance.json");
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(target.string(), inputs));
  const fs::path tmp = internal::TempPathFor(target);
  {
    std::ofstream out(tmp, std::ios::binary);
    out << ProvenanceJson(output, inputs, fields);
    if (!out) {
      std::error_code ec;
      out.close();
      fs::remove(tmp, ec);
      return IoError(target.string() + ": cannot be written");
    }
  }
  return internal::Commit(tmp, target);
}

}  // namespace nhood::io
