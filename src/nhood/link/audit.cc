#include "nhood/link/audit.h"

namespace nhood::link {

std::string_view AuditOutcomeName(AuditOutcome o) {
  return o == AuditOutcome::kAllowed ? "allowed" : "refused";
}

}  // namespace nhood::link
