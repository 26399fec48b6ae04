// The field checks every request goes through (services/engine/field_rules.h):
// text, ids, past dates and timestamps from any bytes, and the conversion
// between protobuf and absl times at the extremes a client can send.
// Properties: a check refuses only with INVALID_ARGUMENT naming the field;
// an accepted text has no control characters; an accepted date parses.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "services/engine/field_rules.h"
#include "tests/fuzz/check.h"

namespace {

void CheckRefusal(const absl::Status& status) {
  if (status.ok()) return;
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  FUZZ_CHECK(absl::StartsWith(status.message(), "field: "));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::engine;  // NOLINT: a fuzz entry point
  FuzzedDataProvider input(data, size);
  const absl::Time now = absl::FromUnixSeconds(input.ConsumeIntegral<int64_t>());
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(input.ConsumeIntegral<int64_t>());
  timestamp.set_nanos(input.ConsumeIntegral<int32_t>());
  const size_t max_length = input.ConsumeIntegralInRange<size_t>(0, 600);
  const bool flag = input.ConsumeBool();
  const std::string text = input.ConsumeRemainingBytesAsString();

  const absl::Status checked = CheckText("field", text, max_length, flag);
  CheckRefusal(checked);
  if (checked.ok()) {
    FUZZ_CHECK(text.size() <= max_length);
    for (unsigned char c : text) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
  }
  CheckRefusal(CheckIdField("field", text));
  const absl::Status date = CheckPastDate("field", text, now);
  CheckRefusal(date);
  if (date.ok()) {
    absl::CivilDay day;
    FUZZ_CHECK(absl::ParseCivilTime(text, &day) && day <= absl::ToCivilDay(now, absl::UTCTimeZone()));
  }
  CheckRefusal(CheckPastTimestamp("field", timestamp, flag, now, absl::Minutes(5)));

  const absl::Time time = ToAbslTime(timestamp);
  const google::protobuf::Timestamp back = ToProtoTime(time);
  FUZZ_CHECK(back.nanos() >= 0 && back.nanos() <= 999999999);
  // Times that fit in int64 nanoseconds survive the round trip.
  if (timestamp.nanos() >= 0 && timestamp.nanos() <= 999999999 &&
      timestamp.seconds() > -9223372035 && timestamp.seconds() < 9223372035) {
    FUZZ_CHECK(back.seconds() == timestamp.seconds() && back.nanos() == timestamp.nanos());
  }
  return 0;
}
