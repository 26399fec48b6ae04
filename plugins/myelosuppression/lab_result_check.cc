#include "plugins/myelosuppression/lab_result_check.h"

#include "absl/strings/str_cat.h"
#include "plugins/myelosuppression/number_format.h"
#include "plugins/myelosuppression/units.h"

namespace casehub::myelosuppression {

absl::Status CheckLabResult(const Analyte& analyte, const v1::LabResult& result) {
  absl::StatusOr<const UnitConversion*> unit = FindUnit(analyte, result.unit());
  if (!unit.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("result.unit: ", unit.status().message()));
  }
  if (ToCanonical(**unit, result.value()) > analyte.plausible_max()) {
    // The value as given (display_decimals are for the canonical unit).
    return absl::InvalidArgumentError(absl::StrCat(
        "result.value: ", FormatNumber(result.value(), 0), " ", result.unit(),
        " is not a plausible ", analyte.symbol(), " (at most ",
        FormatNumber(analyte.plausible_max(), analyte.display_decimals()), " ",
        analyte.canonical_unit(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace casehub::myelosuppression
