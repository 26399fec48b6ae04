// The module's rule for a blood count about to be recorded: a unit the
// analyte accepts and a value it can have.
#pragma once

#include "absl/status/status.h"
#include "casehub/v1/clinical.pb.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// INVALID_ARGUMENT naming result.unit (not a unit of the analyte) or
// result.value (above the analyte's plausible maximum once converted).
absl::Status CheckLabResult(const Analyte& analyte, const v1::LabResult& result);

}  // namespace casehub::myelosuppression
