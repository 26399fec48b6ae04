#include "tools/bench/data_dir_size.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "services/store/column_families.h"
#include "services/store/rocksdb_status.h"

namespace casehub::bench {

using store::FromRocksDb;

absl::StatusOr<uint64_t> DirectoryBytes(const std::string& path) {
  std::error_code error;
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  if (error) return absl::NotFoundError(absl::StrCat("reading ", path, ": ", error.message()));
  return bytes;
}

// The store has no compaction of its own (casehub never needed one); this
// opens the directory as services/store/store.cc does: default options and
// every family of column_families.h next to RocksDB's default one.
absl::Status CompactDataDir(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
  for (absl::string_view name : store::kFamilyNames) {
    families.emplace_back(std::string(name), rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* opened = nullptr;
  if (absl::Status status = FromRocksDb(
          rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &opened),
          absl::StrCat("opening ", path));
      !status.ok()) {
    return status;
  }
  std::unique_ptr<rocksdb::DB> db(opened);
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  absl::Status result = absl::OkStatus();
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    if (result.ok()) {
      result = FromRocksDb(db->CompactRange(options, handle, nullptr, nullptr),
                           absl::StrCat("compacting ", handle->GetName()));
    }
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  return result;
}

}  // namespace casehub::bench
