// The options every configuration-driven command (index, classify, regions,
// atlas) takes: --config FILE, --data-dir DIR and --output PATH.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

namespace nhood::cli {

struct ConfigOptions {
  std::string config, data_dir, output;
  // --data-dir, or the default data directory when it was not given.
  std::string DataDir() const;
};

// Adds the three options to `cmd`; `output_help` says what --output names.
// The options live as long as the command's callback holds the pointer.
std::shared_ptr<ConfigOptions> AddConfigOptions(CLI::App* cmd, const std::string& output_help);

}  // namespace nhood::cli
