// Critical values (危急值, clinical-rules.md §4): a value strictly below a
// policy's `below` or strictly above its `above` for the analyte.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

struct CriticalFinding {
  // "below" or "above".
  std::string side;
  double limit;
};

// The limit `value` (canonical unit) crosses, if any.
std::optional<CriticalFinding> FindCritical(const CriticalValuePolicy& policy,
                                            absl::string_view analyte_id, double value);

}  // namespace casehub::myelosuppression
