// Units: each analyte accepts the units its table row lists, and every value
// is graded in its canonical unit.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// The conversion for `unit`, or INVALID_ARGUMENT "'g/L' is not a unit of
// ANC (accepted: ...)". Units match exactly, as UCUM is case-sensitive.
absl::StatusOr<const UnitConversion*> FindUnit(const Analyte& analyte, absl::string_view unit);

// `value` in the canonical unit.
double ToCanonical(const UnitConversion& conversion, double value);

}  // namespace casehub::myelosuppression
