// What a data directory costs on disk, and the compaction that makes the
// figure mean something: a freshly written store holds its data in the WAL
// and in overlapping level-0 files.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace casehub::bench {

// The bytes of every file under `path`.
absl::StatusOr<uint64_t> DirectoryBytes(const std::string& path);

// Flushes and fully compacts every column family of the closed casehub
// data directory at `path`, with the options casehub opens it with.
absl::Status CompactDataDir(const std::string& path);

}  // namespace casehub::bench
