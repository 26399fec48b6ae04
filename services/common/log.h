// Minimal structured logging to stderr, one line per call:
//   2026-11-25T08:40:07.123Z INFO  listening on 127.0.0.1:7443
// (Debian's abseil has no absl/log yet.) Thread-safe: each line is written
// with a single write.
#pragma once

#include "absl/strings/string_view.h"

#include "absl/strings/str_format.h"

namespace casehub {

enum class LogLevel { kInfo, kWarning, kError };

void LogLine(LogLevel level, absl::string_view message);

template <typename... Args>
void LogInfo(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kInfo, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogWarning(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kWarning, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kError, absl::StrFormat(format, args...));
}

}  // namespace casehub
