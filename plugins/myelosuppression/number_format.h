// Numbers as people read them in rules and alerts: "1.0", "0.45", "75".
#pragma once

#include <string>

namespace casehub::myelosuppression {

// `value` with at least `min_decimals` decimals and as many more (up to 6)
// as it needs to be shown exactly, so 0.45 never reads as 0.5.
std::string FormatNumber(double value, int min_decimals);

}  // namespace casehub::myelosuppression
