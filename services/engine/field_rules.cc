#include "services/engine/field_rules.h"

#include "absl/strings/str_cat.h"
#include "services/store/keys.h"

namespace casehub::engine {

absl::Status InvalidField(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_length, bool required) {
  if (required && value.empty()) return InvalidField(field, "is required");
  if (value.size() > max_length) {
    return InvalidField(field, absl::StrCat("must be at most ", max_length,
                                            " bytes, got ", value.size()));
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidField(field, "must not contain control characters");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckExplanation(absl::string_view field, absl::string_view value,
                              size_t min_length, size_t max_length) {
  if (absl::Status text = CheckText(field, value, max_length, true); !text.ok()) return text;
  if (value.size() < min_length) {
    return InvalidField(field, absl::StrCat("must say why in at least ", min_length,
                                            " characters, for whoever reads it later"));
  }
  return absl::OkStatus();
}

absl::Status CheckIdField(absl::string_view field, absl::string_view value) {
  if (value.empty()) return InvalidField(field, "is required");
  if (!store::IsValidId(value)) {
    return InvalidField(field, absl::StrCat("'", value,
                                            "' is not an id (1-128 of A-Z a-z 0-9 . _ : -)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPastDate(absl::string_view field, absl::string_view value,
                           absl::Time now) {
  absl::CivilDay day;
  if (value.size() != 10 || !absl::ParseCivilTime(value, &day)) {
    return InvalidField(field, absl::StrCat("must be a date YYYY-MM-DD, got '", value, "'"));
  }
  if (day < absl::CivilDay(1900, 1, 1)) {
    return InvalidField(field, "must not be before 1900-01-01");
  }
  if (day > absl::ToCivilDay(now, absl::UTCTimeZone())) {
    return InvalidField(field, absl::StrCat("must not be in the future, got ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckPastTimestamp(absl::string_view field,
                                const google::protobuf::Timestamp& value,
                                bool present, absl::Time now,
                                absl::Duration allowed_skew) {
  if (!present) return InvalidField(field, "is required");
  if (value.nanos() < 0 || value.nanos() > 999999999) {
    return InvalidField(field, "has invalid nanos");
  }
  if (ToAbslTime(value) > now + allowed_skew) {
    return InvalidField(field, absl::StrCat("must not be in the future, got ",
                                            absl::FormatTime(ToAbslTime(value))));
  }
  return absl::OkStatus();
}

absl::Time ToAbslTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

google::protobuf::Timestamp ToProtoTime(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t nanos = absl::ToUnixNanos(time);
  int64_t seconds = nanos / 1000000000;
  int64_t remainder = nanos % 1000000000;
  if (remainder < 0) {
    remainder += 1000000000;
    --seconds;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(remainder));
  return timestamp;
}

}  // namespace casehub::engine
