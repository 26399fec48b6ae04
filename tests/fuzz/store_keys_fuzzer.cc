// The key encoding of services/store/keys.h on arbitrary bytes: every parser
// of a stored key (a damaged or foreign key reaches them in scans) and the
// round trips that the scans rely on — what a *Key function writes, the
// matching parser reads back.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "services/store/keys.h"
#include "tests/fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::store;  // NOLINT: a fuzz entry point
  FuzzedDataProvider input(data, size);
  const uint64_t micros = input.ConsumeIntegral<uint64_t>();
  const uint64_t seq = input.ConsumeIntegral<uint64_t>();
  const char part = input.ConsumeIntegral<char>();
  const std::string id = input.ConsumeRandomLengthString(160);
  const std::string other = input.ConsumeRandomLengthString(160);
  const std::string key = input.ConsumeRemainingBytesAsString();

  // Parsers on whatever the bytes are.
  IsValidId(key);
  ReadUint64(key);
  EventKeySeq(key);
  AlertFeedKeyCursor(key);
  ParseDueTaskKey(key);
  ParseEscalationDueKey(key);
  ParseIndicatorKeyRest(key);
  ParseAuditKey(kAuditByTimePrefix, key);
  ParseAuditKey(AuditByPatientPrefix(id), key);

  // Round trips. Times are clamped to [0, max int64] microseconds.
  const absl::Time time = KeyMicrosToTime(micros);
  const uint64_t stored = TimeToKeyMicros(time);
  FUZZ_CHECK(TimeToKeyMicros(KeyMicrosToTime(stored)) == stored);
  std::string bytes;
  AppendUint64(&bytes, seq);
  FUZZ_CHECK(ReadUint64(bytes) == seq);

  if (IsValidId(id)) {
    FUZZ_CHECK(EventKeySeq(EventKey(id, seq)) == seq);
    FUZZ_CHECK(absl::StartsWith(EventKey(id, seq), EventPrefix(id)));
    FUZZ_CHECK(AlertFeedKeyCursor(AlertFeedKey(id, seq)) == seq);

    const std::optional<DueTask> due = ParseDueTaskKey(DueTaskKey(time, id));
    FUZZ_CHECK(due.has_value() && due->task_id == id && TimeToKeyMicros(due->due) == stored);
    const std::optional<DueTask> escalation = ParseEscalationDueKey(EscalationDueKey(time, id));
    FUZZ_CHECK(escalation.has_value() && escalation->task_id == id);
    FUZZ_CHECK(!ParseEscalationDueKey(DueTaskKey(time, id)).has_value());

    const std::string prefix = AuditByPrincipalPrefix(id);
    const std::optional<AuditKeyPosition> audit =
        ParseAuditKey(prefix, AuditKey(prefix, time, seq));
    FUZZ_CHECK(audit.has_value() && audit->seq == seq && TimeToKeyMicros(audit->time) == stored);
    // The bound sorts after every earlier key of the prefix and not after a
    // key of the same time.
    FUZZ_CHECK(AuditTimeBound(prefix, time) <= AuditKey(prefix, time, seq));

    if (IsValidId(other)) {
      const std::string date = "2026-11-02";
      const std::string indicator =
          IndicatorKey(id, other, date, "lung", part, other);
      const std::string indicator_prefix = IndicatorPrefix(id, other);
      FUZZ_CHECK(absl::StartsWith(indicator, indicator_prefix));
      const std::optional<IndicatorKeyParts> parts =
          ParseIndicatorKeyRest(absl::string_view(indicator).substr(indicator_prefix.size()));
      FUZZ_CHECK(parts.has_value() && parts->date == date && parts->tumor_type == "lung" &&
                 parts->part == part && parts->item_id == other);
      // A site's keys never fall under another site's prefix.
      if (id != other) {
        FUZZ_CHECK(!absl::StartsWith(PatientsBySiteKey(id, other), PatientsBySitePrefix(other)));
        FUZZ_CHECK(!absl::StartsWith(OpenAlertKey(id, time, other), OpenAlertPrefix(other)));
      }
      FUZZ_CHECK(absl::StartsWith(CasesBySiteKey(id, "lung", other), CasesBySitePrefix(id, "")));
      FUZZ_CHECK(
          absl::StartsWith(CasesBySiteKey(id, "lung", other), CasesBySitePrefix(id, "lung")));
    }
  }
  return 0;
}
