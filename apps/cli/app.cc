#include "apps/cli/app.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "apps/cli/aggregate_command.h"
#include "apps/cli/atlas_command.h"
#include "apps/cli/bridge_command.h"
#include "apps/cli/classify_command.h"
#include "apps/cli/data_command.h"
#include "apps/cli/hotspots_command.h"
#include "apps/cli/index_command.h"
#include "apps/cli/indicators_command.h"
#include "apps/cli/join_command.h"
#include "apps/cli/regions_command.h"
#include "apps/cli/survey_command.h"
#include "apps/cli/weights_command.h"

namespace nhood::cli {

int RunCli(const std::vector<std::string>& args) {
  CLI::App app("nhood — neighbourhood health equity for England: indicators with intervals, "
               "hot spots, neighbourhoods, evaluation.",
               "nhood");
  app.set_version_flag("--version", "nhood 0.1.0");
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
  SetupSurveyCommand(app, &exit_code, &args);
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
