#include "services/store/restore.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/store/store.h"

namespace casehub::store {
namespace {

namespace fs = std::filesystem;

absl::Status FromErrorCode(const std::error_code& error, absl::string_view doing) {
  if (!error) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(doing, ": ", error.message()));
}

}  // namespace

absl::Status RestoreCheckpoint(const std::string& backup_dir, const std::string& data_dir) {
  std::error_code error;
  if (!fs::exists(fs::path(backup_dir) / "CURRENT", error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(backup_dir, " is not a casehub backup (it has no CURRENT file)"));
  }
  if (fs::exists(data_dir, error) && !fs::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", data_dir, " already exists and is not empty; restore into a new one"));
  }
  const fs::path staging = absl::StrCat(data_dir, ".restoring");
  fs::remove_all(staging, error);
  fs::create_directories(staging.parent_path(), error);
  fs::copy(backup_dir, staging, fs::copy_options::recursive, error);
  RETURN_IF_ERROR(FromErrorCode(error, absl::StrCat("copying ", backup_dir, " to ", staging.string())));
  // The copy keeps the backup's modes; a backup kept read-only must still
  // restore into a directory casehub can write.
  fs::permissions(staging, fs::perms::owner_all, fs::perm_options::add, error);
  RETURN_IF_ERROR(FromErrorCode(error, absl::StrCat("making ", staging.string(), " writable")));
  // rename(2) replaces an empty directory, so an empty data_dir is fine too.
  fs::rename(staging, data_dir, error);
  RETURN_IF_ERROR(FromErrorCode(error, absl::StrCat("moving the restored copy to ", data_dir)));
  // Opening checks the schema version and turns the copied WAL into files.
  absl::StatusOr<std::unique_ptr<Store>> restored = Store::Open({.path = data_dir});
  return restored.status();
}

}  // namespace casehub::store
