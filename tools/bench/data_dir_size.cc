#include "tools/bench/data_dir_size.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/store/store.h"

namespace casehub::bench {

absl::StatusOr<uint64_t> DirectoryBytes(const std::string& path) {
  std::error_code error;
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  if (error) return absl::NotFoundError(absl::StrCat("reading ", path, ": ", error.message()));
  return bytes;
}

absl::Status CompactDataDir(const std::string& path) {
  absl::StatusOr<std::unique_ptr<store::Store>> opened = store::Store::Open({.path = path});
  if (!opened.ok()) return opened.status();
  return (*opened)->CompactAll();
}

}  // namespace casehub::bench
