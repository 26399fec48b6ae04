// The resident memory of a running process, as the kernel counts it.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace casehub::bench {

// VmRSS of process `pid` in bytes, from /proc/PID/status.
absl::StatusOr<int64_t> ResidentBytes(int pid);

}  // namespace casehub::bench
