#include "nhood/evaluate/survey_demo.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace nhood::evaluate {
namespace {

// Uniform on [0, 1) from the top 53 bits of one draw (the same on every platform).
class Stream {
 public:
  explicit Stream(uint64_t seed) : gen_(seed) {}
  double Uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  bool Bernoulli(double p) { return Uniform() < p; }
  int Below(int n) { return std::min(n - 1, static_cast<int>(Uniform() * n)); }
  // Standard normal by Box-Muller (one value per call).
  double Normal() {
    const double u1 = 1.0 - Uniform(), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }

 private:
  std::mt19937_64 gen_;
};

double Logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double Logit(double p) { return std::log(p / (1.0 - p)); }

struct Person {
  std::string id;
  int project = 0;
  double latent = 0;  // a respondent's own lean (community connection)
};

// A response with missing codes mixed in: blank 1%, "Don't know" 3%, "Prefer not to say" 1%.
std::string WithMissing(Stream& s, const std::string& answer, bool allow_dont_know) {
  const double u = s.Uniform();
  if (u < 0.01) return "";
  if (allow_dont_know && u < 0.04) return "Don't know";
  if (u < 0.05) return "Prefer not to say";
  return answer;
}

int Clamp(int v, int lo, int hi) { return std::max(lo, std::min(hi, v)); }

}  // namespace

std::string SurveyDemoCodebook() {
  return R"(# Codebook for `nhood survey demo` output (synthetic Local Conversations-style survey).
[responses.frequency]
labels = ["On most days", "Once or twice a week", "Once or twice a month", "Less often than once a month", "Never"]
agree = ["On most days"]
missing = ["Don't know", "Prefer not to say"]

[responses.agree4]
labels = ["Definitely agree", "Tend to agree", "Tend to disagree", "Definitely disagree"]
codes = [4, 3, 2, 1]
agree = ["Definitely agree", "Tend to agree"]
missing = ["Don't know", "Prefer not to say"]

[responses.ons]
min = 0
max = 10
missing = ["Prefer not to say"]

[responses.swemwbs]
min = 1
max = 5
missing = ["Prefer not to say"]

[[items]]
name = "talk_neighbours"
responses = "frequency"
[[items]]
name = "influence_decisions"
responses = "agree4"
[[items]]
name = "change_area"
responses = "agree4"
[[items]]
name = "belonging"
responses = "agree4"
[[items]]
name = "trust"
responses = "agree4"
[[items]]
name = "life_satisfaction"
responses = "ons"
[[items]]
name = "worthwhile"
responses = "ons"
[[items]]
name = "happiness"
responses = "ons"
[[items]]
name = "anxiety"
responses = "ons"
[[items]]
name = "swemwbs_1"
responses = "swemwbs"
[[items]]
name = "swemwbs_2"
responses = "swemwbs"
[[items]]
name = "swemwbs_3"
responses = "swemwbs"
[[items]]
name = "swemwbs_4"
responses = "swemwbs"
[[items]]
name = "swemwbs_5"
responses = "swemwbs"
[[items]]
name = "swemwbs_6"
responses = "swemwbs"
[[items]]
name = "swemwbs_7"
responses = "swemwbs"

[[scales]]
name = "ons4_life_satisfaction"
method = "ons4_life_satisfaction"
items = ["life_satisfaction"]
[[scales]]
name = "ons4_worthwhile"
method = "ons4_worthwhile"
items = ["worthwhile"]
[[scales]]
name = "ons4_happiness"
method = "ons4_happiness"
items = ["happiness"]
[[scales]]
name = "ons4_anxiety"
method = "ons4_anxiety"
items = ["anxiety"]
[[scales]]
name = "swemwbs"
method = "swemwbs"
items = ["swemwbs_1", "swemwbs_2", "swemwbs_3", "swemwbs_4", "swemwbs_5", "swemwbs_6", "swemwbs_7"]

[[scales]]
name = "community_power"
method = "mean"
items = ["influence_decisions", "change_area"]

[groups]
columns = ["project"]

[waves]
column = "wave"
id = "respondent_id"

# Models (docs/cli.md, 'nhood survey model'): CR1 cluster-robust se with projects as clusters.
[[model]]
name = "wellbeing"
y = "swemwbs"
x = ["participation", "community_power", "wave"]
cluster = "project"
[[model]]
name = "belonging"
y = "belonging"
x = ["participation", "wave"]
family = "binomial"
cluster = "project"

# participation -> community power -> wellbeing, a cluster (project) bootstrap.
[[mediation]]
name = "participation_power_wellbeing"
x = "participation"
m = "community_power"
y = "swemwbs"
covariates = ["wave"]
cluster = "project"
replicates = 999
seed = 1
)";
}

Result<Table> MakeSurveyDemo(const SurveyDemoOptions& o) {
  if (o.wave1 <= 0 || o.wave2_new < 0 || o.projects <= 0) {
    return InvalidArgument("survey demo: respondent and project counts must be positive");
  }
  if (!(o.panel_share >= 0 && o.panel_share <= 1)) {
    return InvalidArgument("survey demo: the panel share must be between 0 and 1");
  }
  Stream s(o.seed);
  // Participation and community power come from a second stream, so the draws of the first are those of
  // the demo before participation was added.
  Stream side(o.seed ^ 0x6d6f64656c73ULL);
  std::vector<double> project_effect(o.projects), project_participation(o.projects);
  for (double& e : project_effect) e = 0.25 * s.Normal();
  for (double& e : project_participation) e = side.Normal();
  std::vector<Person> wave1(o.wave1);
  for (int i = 0; i < o.wave1; ++i) {
    wave1[i].id = "R" + std::to_string(100000 + i);
    wave1[i].project = s.Below(o.projects);
    wave1[i].latent = s.Normal();
  }
  // Wave 2: the panel (kept respondents; those more connected at baseline stay a little more often) and new ones.
  std::vector<Person> wave2;
  for (const Person& p : wave1) {
    if (s.Bernoulli(std::min(1.0, o.panel_share * (1.0 + 0.3 * std::tanh(p.latent))))) wave2.push_back(p);
  }
  for (int i = 0; i < o.wave2_new; ++i) {
    Person p;
    p.id = "R" + std::to_string(200000 + i);
    p.project = s.Below(o.projects);
    p.latent = s.Normal();
    wave2.push_back(p);
  }
  // Target agreement rates in wave 1 (the seeds' participant figures) and the wave-2 lift (log-odds).
  struct Binary {
    const char* name;
    double rate;
  };
  const Binary binary[] = {{"talk_neighbours", 0.46}, {"influence_decisions", 0.59}, {"change_area", 0.82},
                           {"belonging", 0.81},       {"trust", 0.73}};
  const char* frequency[] = {"On most days", "Once or twice a week", "Once or twice a month",
                             "Less often than once a month", "Never"};
  const char* agree4_yes[] = {"Definitely agree", "Tend to agree"};
  const char* agree4_no[] = {"Tend to disagree", "Definitely disagree"};
  std::vector<std::string> id, project, wave, participation;
  std::vector<std::vector<std::string>> answers(5 + 4 + 7);
  auto respond = [&](const Person& p, int w) {
    id.push_back(p.id);
    char buf[16];
    std::snprintf(buf, sizeof buf, "P%02d", p.project + 1);
    project.push_back(buf);
    wave.push_back(std::to_string(w));
    const double lift = w == 2 ? 0.15 : 0.0;
    // Sessions attended in the last three months (0-20): more in some projects, more among the connected.
    const int sessions = Clamp(static_cast<int>(std::lround(4 + 1.5 * project_participation[p.project] +
                                                            0.8 * p.latent + 2.5 * side.Normal())),
                               0, 20);
    participation.push_back(side.Uniform() < 0.01 ? "" : std::to_string(sessions));
    // Community power grows with participation and lifts influence, change and wellbeing.
    const double power = 0.15 * (sessions - 4) + 0.6 * side.Normal();
    for (int k = 0; k < 5; ++k) {
      const double eta = Logit(binary[k].rate) + project_effect[p.project] + 0.6 * p.latent + lift +
                         (k == 1 || k == 2 ? 0.9 * power : 0.0);
      const bool yes = s.Bernoulli(Logistic(eta));
      std::string a;
      if (k == 0) {
        a = yes ? frequency[0] : frequency[1 + s.Below(4)];
      } else {
        a = yes ? agree4_yes[s.Below(2)] : agree4_no[s.Below(2)];
      }
      answers[k].push_back(WithMissing(s, a, true));
    }
    const double mood = 0.5 * p.latent + project_effect[p.project] + (w == 2 ? 0.1 : 0.0) + 0.35 * power;
    const double ons_mean[] = {7.0, 7.4, 7.1, 3.3};
    for (int k = 0; k < 4; ++k) {
      const double sign = k == 3 ? -1.0 : 1.0;
      const int v = Clamp(static_cast<int>(std::lround(ons_mean[k] + sign * mood + 1.8 * s.Normal())), 0, 10);
      answers[5 + k].push_back(WithMissing(s, std::to_string(v), false));
    }
    for (int k = 0; k < 7; ++k) {
      const int v = Clamp(static_cast<int>(std::lround(3.4 + 0.5 * mood + 0.8 * s.Normal())), 1, 5);
      answers[9 + k].push_back(s.Uniform() < 0.01 ? "" : std::to_string(v));
    }
  };
  for (const Person& p : wave1) respond(p, 1);
  for (const Person& p : wave2) respond(p, 2);
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("respondent_id", id));
  NHOOD_RETURN_IF_ERROR(t.AddText("project", project));
  NHOOD_RETURN_IF_ERROR(t.AddText("wave", wave));
  NHOOD_RETURN_IF_ERROR(t.AddText("participation", participation));
  const char* names[] = {"talk_neighbours", "influence_decisions", "change_area", "belonging", "trust",
                         "life_satisfaction", "worthwhile", "happiness", "anxiety"};
  for (int k = 0; k < 9; ++k) NHOOD_RETURN_IF_ERROR(t.AddText(names[k], answers[k]));
  for (int k = 0; k < 7; ++k) NHOOD_RETURN_IF_ERROR(t.AddText("swemwbs_" + std::to_string(k + 1), answers[9 + k]));
  return t;
}

}  // namespace nhood::evaluate
