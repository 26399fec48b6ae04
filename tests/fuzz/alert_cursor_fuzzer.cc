// Alert feed cursors as clients send them (WatchAlerts' after_cursor, and
// the cursor named when a slow watcher is cut off): ParseCursor on any text,
// and FormatCursor's text parsing back to the same cursor.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "services/engine/alert_feed.h"
#include "tests/fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::engine;  // NOLINT: a fuzz entry point
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<uint64_t> cursor = ParseCursor(text);
  if (cursor.ok()) {
    // What parses is a cursor that formats and parses to itself.
    absl::StatusOr<uint64_t> again = ParseCursor(FormatCursor(*cursor));
    FUZZ_CHECK(again.ok() && *again == *cursor);
  } else {
    FUZZ_CHECK(cursor.status().code() == absl::StatusCode::kInvalidArgument);
  }
  if (size >= sizeof(uint64_t)) {
    uint64_t value;
    std::memcpy(&value, data, sizeof(value));
    absl::StatusOr<uint64_t> parsed = ParseCursor(FormatCursor(value));
    FUZZ_CHECK(parsed.ok() && *parsed == value);
  }
  return 0;
}
