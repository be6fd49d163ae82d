#include "apps/cli/data_command.h"

#include <cstdio>
#include <memory>

#include "nhood/io/catalogue.h"

namespace nhood::cli {
namespace {

struct DataOptions {
  std::string data_dir;
  std::vector<std::string> ids;
};

int List() {
  for (const io::Dataset& d : io::Catalogue()) {
    std::printf("%-28s %s\n", d.id.c_str(), d.title.c_str());
    std::printf("%-28s publisher: %s; vintage: %s; geography: %s; %ld rows\n", "", d.publisher.c_str(),
                d.vintage.c_str(), d.geography.c_str(), d.expected_rows);
    std::printf("%-28s licence: %s\n", "", d.licence.c_str());
    std::printf("%-28s source: %s\n", "", d.download_url.empty() ? d.page_url.c_str() : d.download_url.c_str());
    std::printf("%-28s file: %s\n", "", d.path.c_str());
  }
  return 0;
}

std::vector<io::Dataset> Selected(const DataOptions& o, int* bad) {
  std::vector<io::Dataset> out;
  if (o.ids.empty()) return io::Catalogue();
  for (const auto& id : o.ids) {
    Result<io::Dataset> d = io::FindDataset(id);
    if (!d) {
      std::fprintf(stderr, "nhood: %s\n", d.error().message.c_str());
      *bad = 1;
      continue;
    }
    out.push_back(*d);
  }
  return out;
}

int CheckAll(const DataOptions& o) {
  const std::string dir = o.data_dir.empty() ? io::DefaultDataDir() : o.data_dir;
  int bad = 0, valid = 0, total = 0;
  std::printf("data directory: %s\n", dir.c_str());
  for (const io::Dataset& d : Selected(o, &bad)) {
    io::CheckResult r = io::Check(d, dir);
    ++total;
    valid += r.valid;
    std::printf("%-8s %-28s %s\n", r.valid ? "ok" : (r.present ? "INVALID" : "MISSING"), d.id.c_str(),
                r.detail.c_str());
  }
  std::printf("%d of %d datasets present and valid\n", valid, total);
  return bad || valid != total ? 1 : 0;
}

int Get(const DataOptions& o) {
  const std::string dir = o.data_dir.empty() ? io::DefaultDataDir() : o.data_dir;
  int bad = 0;
  for (const io::Dataset& d : Selected(o, &bad)) {
    if (io::Check(d, dir).valid) {
      std::printf("%-28s already present and valid\n", d.id.c_str());
      continue;
    }
    Status s = io::Download(d, dir);
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      bad = 1;
    } else {
      std::printf("%-28s downloaded into %s\n", d.id.c_str(), dir.c_str());
    }
  }
  return bad;
}

}  // namespace

void SetupDataCommand(CLI::App& app, int* exit_code) {
  CLI::App* data = app.add_subcommand("data", "The datasets nhood uses: list them, check a local mirror, download");
  data->require_subcommand(1);
  auto o = std::make_shared<DataOptions>();
  CLI::App* list = data->add_subcommand("list", "List every dataset with publisher, licence, vintage and source");
  list->callback([exit_code] { *exit_code = List(); });
  CLI::App* check = data->add_subcommand("check", "Say which datasets are present and valid in the data directory");
  check->footer("Example:\n  nhood data check --data-dir ../shared/data");
  CLI::App* get = data->add_subcommand("get", "Download datasets from their official source (needs a network)");
  get->footer("Example:\n  nhood data get census2021-ts037 --data-dir data");
  for (CLI::App* c : {check, get}) {
    c->add_option("--data-dir", o->data_dir,
                  "mirror directory (default: $NHOOD_DATA_DIR, else ../shared/data when it exists)");
    c->add_option("ids", o->ids, "dataset ids (default: all); see `nhood data list`");
  }
  check->callback([o, exit_code] { *exit_code = CheckAll(*o); });
  get->callback([o, exit_code] { *exit_code = Get(*o); });
}

}  // namespace nhood::cli
