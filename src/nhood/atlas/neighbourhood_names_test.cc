#include "nhood/atlas/neighbourhood_names.h"

#include <gtest/gtest.h>

#include <set>

namespace nhood::atlas {
namespace {

struct Areas {
  std::vector<int32_t> region;
  std::vector<double> population;
  std::vector<std::string> la, la_name, ward, ward_name;
  void Add(int32_t g, double p, std::string w, std::string wn, std::string l = "E06000047",
           std::string ln = "County Durham") {
    region.push_back(g);
    population.push_back(p);
    la.push_back(std::move(l));
    la_name.push_back(std::move(ln));
    ward.push_back(std::move(w));
    ward_name.push_back(std::move(wn));
  }
  std::vector<std::string> Names(int32_t k) const {
    return NameNeighbourhoods({region, k, population, la, la_name, ward, ward_name});
  }
};

TEST(NameNeighbourhoods, LocalAuthorityAndTheWardWithMostResidents) {
  Areas a;
  a.Add(0, 1500, "W1", "Horden");
  a.Add(0, 1400, "W1", "Horden");
  a.Add(0, 1600, "W2", "Peterlee North");  // one LSOA is not the ward: 2,900 vs 1,600 residents
  EXPECT_EQ(a.Names(1), std::vector<std::string>{"County Durham: Horden"});
}

TEST(NameNeighbourhoods, ASplitNamesBothWards) {
  Areas a;  // 40% / 35% / 25%: no ward holds half, the second holds a quarter
  a.Add(0, 4000, "W1", "Horden");
  a.Add(0, 3500, "W2", "Peterlee North");
  a.Add(0, 2500, "W3", "Shotton");
  EXPECT_EQ(a.Names(1), std::vector<std::string>{"County Durham: Horden & Peterlee North"});
}

TEST(NameNeighbourhoods, WardNamesWithAnAmpersandJoinWithASlash) {
  Areas a;
  a.Add(0, 4000, "W1", "Littlemoor & Preston", "E06000059", "Dorset");
  a.Add(0, 3500, "W2", "Radipole", "E06000059", "Dorset");
  a.Add(0, 2500, "W3", "Upwey", "E06000059", "Dorset");
  EXPECT_EQ(a.Names(1), std::vector<std::string>{"Dorset: Littlemoor & Preston / Radipole"});
}

TEST(NameNeighbourhoods, UniqueWithinARunAndStable) {
  Areas a;  // three neighbourhoods mostly in one large ward
  a.Add(0, 6000, "W1", "Hendon");
  a.Add(0, 3000, "W2", "Millfield");
  a.Add(1, 6000, "W1", "Hendon");
  a.Add(1, 3000, "W3", "Barnes");
  a.Add(2, 9000, "W1", "Hendon");
  a.Add(3, 9000, "W1", "Hendon", "E08000024", "Sunderland");  // another authority: no clash
  const std::vector<std::string> names = a.Names(4);
  EXPECT_EQ(names[0], "County Durham: Hendon & Millfield");
  EXPECT_EQ(names[1], "County Durham: Hendon & Barnes");
  EXPECT_EQ(names[2], "County Durham: Hendon");
  EXPECT_EQ(names[3], "Sunderland: Hendon");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  EXPECT_EQ(a.Names(4), names);  // same inputs, same names
  // Neighbourhoods with the same single ward are numbered in order.
  Areas b;
  b.Add(0, 5000, "W1", "Hendon");
  b.Add(1, 5000, "W1", "Hendon");
  EXPECT_EQ(b.Names(2), (std::vector<std::string>{"County Durham: Hendon (1)", "County Durham: Hendon (2)"}));
}

TEST(NameNeighbourhoods, MissingNamesShowCodes) {
  Areas a;
  a.Add(0, 100, "E05000001", "", "E06000001", "");
  a.Add(1, 100, "", "", "E06000001", "");  // no ward: the authority alone
  const std::vector<std::string> names = a.Names(2);
  EXPECT_EQ(names[0], "E06000001: E05000001");
  EXPECT_EQ(names[1], "E06000001");
  // Without name columns at all.
  EXPECT_EQ(NameNeighbourhoods({a.region, 2, a.population, a.la, {}, a.ward, {}})[0], "E06000001: E05000001");
}

}  // namespace
}  // namespace nhood::atlas
