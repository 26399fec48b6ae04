#include "plugins/myelosuppression/number_format.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace casehub::myelosuppression {

std::string FormatNumber(double value, int min_decimals) {
  constexpr int kMaxDecimals = 6;
  for (int decimals = min_decimals; decimals < kMaxDecimals; ++decimals) {
    // Shown exactly when no more than a millionth of the last digit is cut.
    const double scaled = value * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) <= 1e-6) {
      return absl::StrFormat("%.*f", decimals, value);
    }
  }
  return absl::StrFormat("%.*f", kMaxDecimals, value);
}

}  // namespace casehub::myelosuppression
