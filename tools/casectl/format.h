// Contract values rendered as text for tables, and the reverse conversions
// the commands need.
#ifndef CASEHUB_TOOLS_CASECTL_FORMAT_H_
#define CASEHUB_TOOLS_CASECTL_FORMAT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace casehub::casectl {

// RFC 3339 in UTC without sub-seconds, e.g. "2024-05-01T08:30:00Z"; empty for
// an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp ToTimestamp(absl::Time time);

// A measured value without float noise: 0.8, not 0.80000000000000004.
std::string FormatNumber(double value);

// Enum values as users type them: the value name without the enum's prefix,
// in lower case (ROLE_CASE_MANAGER is "case_manager"). The UNSPECIFIED value
// is the empty word; a number this build does not know prints as digits.
std::string EnumWord(const google::protobuf::EnumDescriptor& type, int number);
// Every word but the UNSPECIFIED one, in declaration order.
std::vector<std::string> EnumWords(
    const google::protobuf::EnumDescriptor& type);
std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 absl::string_view word);

template <typename Enum>
std::string EnumWord(Enum value) {
  return EnumWord(*google::protobuf::GetEnumDescriptor<Enum>(),
                  static_cast<int>(value));
}

template <typename Enum>
std::vector<std::string> EnumWords() {
  return EnumWords(*google::protobuf::GetEnumDescriptor<Enum>());
}

// For words already checked against EnumWords<Enum>(); any other word reads
// as the UNSPECIFIED value.
template <typename Enum>
Enum ParseEnumWord(absl::string_view word) {
  return static_cast<Enum>(
      ParseEnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), word)
          .value_or(0));
}

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_FORMAT_H_
