#include "services/engine/national_id.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {
namespace {

// GB 11643-1999: the weight of each of the first 17 digits (2^(17-i) mod 11)
// and the check character for each remainder of the weighted sum mod 11.
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheck[] = "10X98765432";

}  // namespace

absl::StatusOr<std::string> NormalizeNationalId(absl::string_view field,
                                                absl::string_view value) {
  std::string id = absl::AsciiStrToUpper(value);
  if (id.size() != 18) {
    return InvalidField(field, absl::StrCat("must be 18 characters, got ", id.size()));
  }
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(id[i]))) {
      return InvalidField(field, "must be 17 digits and a check character (a digit or X)");
    }
    sum += (id[i] - '0') * kWeights[i];
  }
  absl::CivilDay born;
  if (!absl::ParseCivilTime(NationalIdBirthDate(id), &born) ||
      absl::FormatCivilTime(born) != NationalIdBirthDate(id)) {
    return InvalidField(field, "characters 7-14 must be a real birth date YYYYMMDD");
  }
  if (id[17] != kCheck[sum % 11]) {
    return InvalidField(field, "the check character does not match (GB 11643): mistyped?");
  }
  return id;
}

std::string NationalIdBirthDate(absl::string_view normalized) {
  return absl::StrCat(normalized.substr(6, 4), "-", normalized.substr(10, 2), "-",
                      normalized.substr(12, 2));
}

}  // namespace casehub::engine
