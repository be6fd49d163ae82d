#include "apps/cli/app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <numeric>

#include "apps/cli/aggregate_command.h"
#include "apps/cli/atlas_command.h"
#include "apps/cli/bridge_command.h"
#include "apps/cli/classify_command.h"
#include "apps/cli/data_command.h"
#include "apps/cli/did_command.h"
#include "apps/cli/hotspots_command.h"
#include "apps/cli/index_command.h"
#include "apps/cli/indicators_command.h"
#include "apps/cli/join_command.h"
#include "apps/cli/link_command.h"
#include "apps/cli/regions_command.h"
#include "apps/cli/value_command.h"
#include "apps/cli/survey_command.h"
#include "apps/cli/weights_command.h"
#include "apps/server/serve_command.h"
#include "nhood/io/provenance.h"
#include "nhood/io/version.h"

namespace nhood::cli {
namespace {

// Edit distance (insertions, deletions, substitutions), for suggestions.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// A word where a command expects one of its subcommands, and no subcommand
// of that name: CLI11 2.1 then only says "A subcommand is required". Walks
// the arguments through the subcommand tree (only commands whose options
// are all help flags, so no word can be an option's value) and returns
// "unknown command 'proportionn' for 'nhood indicators'; did you mean
// 'proportion'?", or "" when every word is a known subcommand.
std::string UnknownCommand(CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* at = &app;
  std::string path = "nhood";
  for (const std::string& word : args) {
    if (!word.empty() && word[0] == '-') continue;
    const auto subs = at->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return "";
    for (const CLI::Option* opt : at->get_options()) {
      if (opt != at->get_help_ptr() && opt != at->get_help_all_ptr() && opt->get_name() != "--version") return "";
    }
    CLI::App* next = nullptr;
    std::string best;
    size_t best_distance = std::string::npos;
    for (CLI::App* sub : subs) {
      if (sub->get_name() == word) next = sub;
      const size_t d = EditDistance(word, sub->get_name());
      if (d < best_distance) {
        best_distance = d;
        best = sub->get_name();
      }
    }
    if (!next) {
      std::string message = "unknown command '" + word + "' for '" + path + "'";
      if (best_distance <= std::max<size_t>(2, word.size() / 3)) message += "; did you mean '" + best + "'?";
      std::string names;
      for (CLI::App* sub : subs) names += (names.empty() ? "" : ", ") + sub->get_name();
      return message + " (commands: " + names + ")";
    }
    at = next;
    path += " " + word;
  }
  return "";
}

}  // namespace

int RunCli(const std::vector<std::string>& args) {
  // What this run reads, so that no output replaces an input and every
  // output records its provenance (nhood/io/provenance.h).
  io::Run run(args);
  CLI::App app("nhood — neighbourhood health equity for England: indicators with intervals, "
               "hot spots, neighbourhoods and the atlas.",
               "nhood");
  app.set_version_flag("--version", "nhood " + io::VersionString());
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  nhood data check\n"
      "  nhood indicators proportion -i ts037.csv -x bad -n all --multiplier 100 --benchmark england -o out.csv\n"
      "  nhood weights --areas lsoa21.geojson --id lsoa21_code --type queen -o edges.csv\n"
      "  nhood hotspots --areas lsoa21.geojson --areas-id lsoa21_code --data ts037.csv --id code --numerator bad\n"
      "      --denominator all --smooth eb -o hotspots.gpkg\n"
      "Run `nhood <command> --help` for each command's options.");
  int exit_code = 0;
  SetupIndicatorsCommand(app, &exit_code, &args);
  SetupWeightsCommand(app, &exit_code);
  SetupHotspotsCommand(app, &exit_code, &args);
  SetupIndexCommand(app, &exit_code);
  SetupClassifyCommand(app, &exit_code);
  SetupRegionsCommand(app, &exit_code);
  SetupAggregateCommand(app, &exit_code);
  SetupBridgeCommand(app, &exit_code);
  SetupJoinCommand(app, &exit_code);
  SetupAtlasCommand(app, &exit_code);
  SetupDataCommand(app, &exit_code);
  SetupLinkCommand(app, &exit_code);
  server::SetupServeCommand(app, &exit_code);
  SetupValueCommand(app, &exit_code, &args);
  SetupSurveyCommand(app, &exit_code, &args);
  SetupDidCommand(app, &exit_code);
  if (const std::string unknown = UnknownCommand(app, args); !unknown.empty()) {
    std::fprintf(stderr, "nhood: %s\nRun with --help for more information.\n", unknown.c_str());
    return 2;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nhood: internal error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}

}  // namespace nhood::cli
