// `nhood`: wiring only; see app.h.
#include <string>
#include <vector>

#include "apps/cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return nhood::cli::RunCli(args);
}
