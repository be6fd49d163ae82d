// The `nhood` command line: builds the CLI11 app with every subcommand and
// runs it. main() only calls RunCli; tests call it with argument lists, so
// they exercise exactly what users run.
//
// Exit codes: 0 success, 1 data or input error (one line on stderr naming the
// file, row and column where there is one), 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace nhood::cli {

// `args` excludes the program name.
int RunCli(const std::vector<std::string>& args);

}  // namespace nhood::cli
