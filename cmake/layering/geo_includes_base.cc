// Must compile: geo links base, so a geo source may include base headers.
#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"

int LayeringProbeGood() { return nhood::Status::Ok().ok() ? 1 : 0; }
