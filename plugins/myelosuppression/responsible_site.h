// Who must handle a lab result: the case it belongs to and that case's
// owning site.
#pragma once

#include <string>

#include "casehub/v1/clinical.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::myelosuppression {

struct Responsibility {
  // Empty when the patient has no case to attach the result to.
  std::string case_id;
  std::string site_id;
};

// The result's own case when it names one; else the patient's first open
// case (in the order they were opened); else no case, and the site that
// registered the patient.
Responsibility ResponsibleFor(const v1::LabResult& result, const v1::PatientState& state);

}  // namespace casehub::myelosuppression
