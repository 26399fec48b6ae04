#include "plugins/myelosuppression/responsible_site.h"

#include <algorithm>

namespace casehub::myelosuppression {

Responsibility ResponsibleFor(const v1::LabResult& result, const v1::PatientState& state) {
  const auto& cases = state.cases();
  auto found = std::find_if(cases.begin(), cases.end(), [&](const v1::Case& c) {
    return !result.case_id().empty() && c.id() == result.case_id();
  });
  if (found == cases.end()) {
    found = std::find_if(cases.begin(), cases.end(), [](const v1::Case& c) {
      return c.status() == v1::CASE_STATUS_OPEN;
    });
  }
  if (found == cases.end()) return {"", state.patient().registering_site_id()};
  return {found->id(), found->owning_site_id()};
}

}  // namespace casehub::myelosuppression
