#include "plugins/myelosuppression/units.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace casehub::myelosuppression {

absl::StatusOr<const UnitConversion*> FindUnit(const Analyte& analyte, absl::string_view unit) {
  for (const UnitConversion& conversion : analyte.units()) {
    if (conversion.unit() == unit) return &conversion;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "'", unit, "' is not a unit of ", analyte.symbol(), " (accepted: ",
      absl::StrJoin(analyte.units(), ", ",
                    [](std::string* out, const UnitConversion& conversion) {
                      out->append(conversion.unit());
                    }),
      ")"));
}

double ToCanonical(const UnitConversion& conversion, double value) {
  // Multiply first, divide last: 1500 * 1 / 1000 is exactly 1.5, where
  // 1500 * 0.001 need not be.
  return value * conversion.numerator() / conversion.denominator();
}

}  // namespace casehub::myelosuppression
