#include "apps/cli/config_options.h"

#include "nhood/io/catalogue.h"

namespace nhood::cli {

std::string ConfigOptions::DataDir() const { return data_dir.empty() ? io::DefaultDataDir() : data_dir; }

std::shared_ptr<ConfigOptions> AddConfigOptions(CLI::App* cmd, const std::string& output_help) {
  auto o = std::make_shared<ConfigOptions>();
  cmd->add_option("--config", o->config, "TOML configuration (see examples/)")->required();
  cmd->add_option("--data-dir", o->data_dir, "data directory (default: $NHOOD_DATA_DIR or ../shared/data)");
  cmd->add_option("--output,-o", o->output, output_help)->required();
  return o;
}

}  // namespace nhood::cli
