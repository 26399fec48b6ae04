// Checks of request fields. Each failure is INVALID_ARGUMENT with a message
// "<field>: <rule>", so a client can tell which field broke which rule.
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace casehub::engine {

absl::Status InvalidField(absl::string_view field, absl::string_view rule);

// Printable text (no control characters) of at most max_length bytes;
// `required` also refuses an empty one.
absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_length, bool required);

// A reason, note or summary a reviewer reads: CheckText with at least
// min_length bytes, so "x" does not pass for a reason.
absl::Status CheckExplanation(absl::string_view field, absl::string_view value,
                              size_t min_length, size_t max_length);

// An id reference: required and of the id alphabet (store/keys.h).
absl::Status CheckIdField(absl::string_view field, absl::string_view value);

// An ISO calendar date "YYYY-MM-DD", from 1900-01-01 up to today.
absl::Status CheckPastDate(absl::string_view field, absl::string_view value,
                           absl::Time now);

// A set timestamp, not later than now + allowed_skew.
absl::Status CheckPastTimestamp(absl::string_view field,
                                const google::protobuf::Timestamp& value,
                                bool present, absl::Time now,
                                absl::Duration allowed_skew);

absl::Time ToAbslTime(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp ToProtoTime(absl::Time time);

}  // namespace casehub::engine
