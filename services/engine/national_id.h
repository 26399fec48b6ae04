// The resident identity card number of the People's Republic of China
// (GB 11643-1999): 6 digits of region, the birth date YYYYMMDD, 3 digits of
// sequence, and a check character (ISO 7064 MOD 11-2: '0'-'9' or 'X').
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::engine {

// The number in its one canonical form (upper-case 'X'), or
// INVALID_ARGUMENT naming `field` and the rule it breaks: 18 characters, a
// real birth date, the check character.
absl::StatusOr<std::string> NormalizeNationalId(absl::string_view field, absl::string_view value);

// The birth date a normalized number holds, "YYYY-MM-DD".
std::string NationalIdBirthDate(absl::string_view normalized);

}  // namespace casehub::engine
