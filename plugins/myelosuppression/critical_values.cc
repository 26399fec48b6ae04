#include "plugins/myelosuppression/critical_values.h"

namespace casehub::myelosuppression {

std::optional<CriticalFinding> FindCritical(const CriticalValuePolicy& policy,
                                            absl::string_view analyte_id, double value) {
  for (const CriticalLimits& limits : policy.critical()) {
    if (limits.analyte() != analyte_id) continue;
    if (limits.has_below() && value < limits.below()) {
      return CriticalFinding{"below", limits.below()};
    }
    if (limits.has_above() && value > limits.above()) {
      return CriticalFinding{"above", limits.above()};
    }
  }
  return std::nullopt;
}

}  // namespace casehub::myelosuppression
