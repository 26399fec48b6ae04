// Every column family casehub keeps, declared once. Their key encodings are
// in keys.h; docs/architecture.md draws them.
#pragma once

#include <array>
#include "absl/strings/string_view.h"

namespace casehub::store {

enum class Family : int {
  kEvents = 0,  // patient id, seq -> Event
  kState,       // patient id -> PatientState
  kIndex,       // index tag, fields..., id -> covering value (may be empty)
  kCounters,    // indicator, site, period, tumor type -> counts
  kMeta,        // schema version, sites, ... -> protobuf
  kRequests,    // request id -> CommandOutcome
  kAudit,       // time, principal, seq -> AuditRecord
  kAlertFeed,   // site, cursor -> AlertUpdate
};

inline constexpr std::array<absl::string_view, 8> kFamilyNames = {
    "events", "state", "index", "counters", "meta", "requests", "audit", "alert_feed"};

constexpr absl::string_view FamilyName(Family family) {
  return kFamilyNames[static_cast<int>(family)];
}

}  // namespace casehub::store
