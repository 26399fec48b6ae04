// Restore: the offline half of backup. A backup is a checkpoint written by
// Store::Checkpoint; restoring copies it into a new data directory (leaving
// the backup untouched, so it can be restored again) and opens the copy once
// to check its schema version and replay its WAL.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace casehub::store {

// Copies the checkpoint in `backup_dir` to `data_dir`, which must be absent
// or empty (FAILED_PRECONDITION otherwise, and when `backup_dir` is not a
// data directory). The copy is made beside `data_dir` and renamed into
// place, so a failed restore leaves no half-written data directory.
absl::Status RestoreCheckpoint(const std::string& backup_dir, const std::string& data_dir);

}  // namespace casehub::store
