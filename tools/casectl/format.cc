#include "tools/casectl/format.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace casehub::casectl {
namespace {

// "ROLE_" for Role: what its UNSPECIFIED value (number 0) puts before it.
absl::string_view ValuePrefix(const google::protobuf::EnumDescriptor& type) {
  const google::protobuf::EnumValueDescriptor* zero = type.FindValueByNumber(0);
  if (zero == nullptr) return "";
  absl::string_view name = zero->name();
  return absl::ConsumeSuffix(&name, "UNSPECIFIED") ? name : "";
}

}  // namespace

std::string FormatTime(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  // ToUnixSeconds rounds down, so the nanoseconds are never negative.
  const int64_t seconds = absl::ToUnixSeconds(time);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(
      (time - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
  return timestamp;
}

std::string FormatNumber(double value) {
  return absl::StrFormat("%.10g", value);
}

std::string EnumWord(const google::protobuf::EnumDescriptor& type, int number) {
  if (number == 0) return "";
  const google::protobuf::EnumValueDescriptor* value =
      type.FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  return absl::AsciiStrToLower(
      absl::StripPrefix(value->name(), ValuePrefix(type)));
}

std::vector<std::string> EnumWords(
    const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> words;
  for (int i = 0; i < type.value_count(); ++i) {
    const int number = type.value(i)->number();
    if (number != 0) words.push_back(EnumWord(type, number));
  }
  return words;
}

std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 absl::string_view word) {
  const google::protobuf::EnumValueDescriptor* value = type.FindValueByName(
      absl::StrCat(ValuePrefix(type), absl::AsciiStrToUpper(word)));
  if (value == nullptr || value->number() == 0) return std::nullopt;
  return value->number();
}

}  // namespace casehub::casectl
