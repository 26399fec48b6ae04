// Free space under a directory, as an unprivileged process may use it.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace casehub::store {

// Bytes available to this process on the filesystem holding `path`.
absl::StatusOr<uint64_t> FreeBytes(const std::string& path);

}  // namespace casehub::store
