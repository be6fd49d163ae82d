// Must NOT compile as part of nhood_geo's dependants: geo may not see atlas.
#include "nhood/atlas/composite_index.h"
#include "nhood/geo/polygon.h"

int LayeringProbeBad() { return static_cast<int>(nhood::atlas::ZScores({}).size()); }
