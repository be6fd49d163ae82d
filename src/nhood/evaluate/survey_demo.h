// `nhood survey demo`: a seeded synthetic resident survey shaped like the
// Local Conversations participant surveys (issue 10, Must show): about 3,000
// respondents in 15 projects over 2 waves, some respondents interviewed in
// both waves (a panel, joined by respondent_id), with the seeds' items:
// talk to neighbours on most days, can influence decisions affecting the
// local area, together can change how the area is run, belonging, trust,
// the four ONS4 questions (0-10) and the seven SWEMWBS items (1-5), and the
// missing codes "Don't know", "Prefer not to say" and blank cells.
//
// The numbers are invented (no real respondent is in them). Agreement rates
// are set near the participant figures the seeds quote (e.g. 46% talk to
// neighbours most days, 82% can change how the area is run) so that the
// report against the shipped benchmarks has the shape of the published
// findings table; each project has its own offset and wave 2 is a little
// higher than wave 1.
//
// Deterministic for a seed on any platform: a std::mt19937_64 stream whose
// raw 64-bit draws are turned into uniforms here (no std:: distributions,
// whose output is implementation-defined). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::evaluate {

struct SurveyDemoOptions {
  uint64_t seed = 1;
  int wave1 = 1700;          // respondents in wave 1
  int wave2_new = 700;       // new respondents in wave 2
  double panel_share = 0.35;  // of wave 1 re-interviewed in wave 2 (about 600)
  int projects = 15;
};

// Participation and community power (issue 10 item 6): each response also
// has `participation` (sessions attended in the last three months, 0-20,
// higher in some projects and among the better connected); a latent
// community power rises with it and lifts influence_decisions, change_area
// (the codebook's community_power scale) and wellbeing (ONS4, SWEMWBS), so
// the codebook's [[mediation]] participation -> community_power -> swemwbs
// finds an indirect effect. These come from a second seeded stream.
//
// Columns: respondent_id, project, wave, participation, talk_neighbours, influence_decisions,
// change_area, belonging, trust, life_satisfaction, worthwhile, happiness,
// anxiety, swemwbs_1..swemwbs_7 (responses as labels; ONS4 and SWEMWBS as
// numbers). kInvalidArgument for non-positive sizes or a share outside [0, 1].
Result<Table> MakeSurveyDemo(const SurveyDemoOptions& options);

// The codebook (TOML text) that reads MakeSurveyDemo's table.
std::string SurveyDemoCodebook();

}  // namespace nhood::evaluate
