// The checks shared by the default critical-value policy (a table) and each
// site's override (the settings), so both refuse the same mistakes.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"
#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

// Each field that is set: limits name a known analyte once and are finite
// numbers > 0, minutes are > 0, the role is a real one. INVALID_ARGUMENT
// names the field after `prefix` (e.g. "site[0]." gives
// "site[0].critical[1].below: ...").
absl::Status CheckPolicy(const CriticalValuePolicy& policy,
                         absl::string_view prefix, const RuleTables& tables);

// A policy as applied: no analyte's `below` reaches its `above` (which
// would make every value critical). `field` names the policy in the error.
absl::Status CheckLimitsOrdered(const CriticalValuePolicy& policy,
                                absl::string_view field);

}  // namespace casehub::myelosuppression
