// The audit trail: who did what to which record, when, and whether it was
// allowed.
//
// Every read and write of personal data appends one AuditEvent, in the same
// transaction as the change it records (a refused request is recorded too).
// The store interface has no update or delete for audit events, and both
// stores refuse UPDATE/DELETE on the table (triggers/rules), so the trail is
// append-only. Copyable value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/link/dates.h"

namespace nhood::link {

enum class AuditOutcome { kAllowed, kRefused };
std::string_view AuditOutcomeName(AuditOutcome o);  // "allowed" | "refused"

struct AuditEvent {
  int64_t id = 0;  // assigned by the store, increasing
  Time at{};
  std::optional<int64_t> user_id;  // empty for anonymous (e.g. a failed login)
  std::string username;            // kept as text: survives user changes
  std::string action;              // permissions.h ActionName(): "read_resident"
  std::string record_type;         // "resident", "referral", "user", "session"…
  std::string record_id;           // "17", a UUID, or empty for lists
  AuditOutcome outcome = AuditOutcome::kAllowed;
  std::string detail;   // why refused, or what changed (never personal data values)
  std::string address;  // client address, when known
  std::string request_id;
};

struct AuditQuery {
  std::optional<Time> from;  // at >= from
  std::optional<Time> to;    // at < to
  std::optional<int64_t> user_id;
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;
  int64_t after_id = 0;  // keyset paging: events with id > after_id
  int limit = 100;       // at most this many, in id order
};

}  // namespace nhood::link
