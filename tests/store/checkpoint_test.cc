// Store::Checkpoint (the online backup) and RestoreCheckpoint (its offline
// restore): what they refuse, and that a restored copy holds the data.
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "services/store/keys.h"
#include "services/store/restore.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

TEST(CheckpointTest, RefusesAnEmptyOrRelativeDestination) {
  testing::TempDir dir;
  auto store = *Store::Open({.path = dir.Sub("data")});
  EXPECT_EQ(store->Checkpoint("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Checkpoint("backups/today").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckpointTest, RefusesANonEmptyDirectoryAndLeavesItAlone) {
  testing::TempDir dir;
  auto store = *Store::Open({.path = dir.Sub("data")});
  std::filesystem::create_directory(dir.Sub("taken"));
  std::ofstream(dir.Sub("taken/keep-me")) << "x";
  auto taken = store->Checkpoint(dir.Sub("taken"));
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kFailedPrecondition) << taken.status();
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("taken/keep-me")));
}

TEST(CheckpointTest, RestoredCheckpointHoldsTheDataAndTheBackupStaysReusable) {
  testing::TempDir dir;
  auto store = *Store::Open({.path = dir.Sub("data")});
  WriteBatch batch = store->NewBatch();
  batch.Put(Family::kEvents, EventKey("p1", 1), "e1");
  ASSERT_TRUE(store->Commit(batch).ok());
  // An empty directory is accepted, and a trailing slash too.
  std::filesystem::create_directory(dir.Sub("backup"));
  auto sequence = store->Checkpoint(dir.Sub("backup") + "/");
  ASSERT_TRUE(sequence.ok()) << sequence.status();
  EXPECT_GT(*sequence, 0u);

  ASSERT_TRUE(RestoreCheckpoint(dir.Sub("backup"), dir.Sub("restored")).ok());
  EXPECT_EQ(RestoreCheckpoint(dir.Sub("backup"), dir.Sub("restored")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RestoreCheckpoint(dir.Sub("nothing-here"), dir.Sub("other")).code(),
            absl::StatusCode::kFailedPrecondition);
  auto restored = Store::Open({.path = dir.Sub("restored")});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(*(*restored)->Get(Family::kEvents, EventKey("p1", 1)), "e1");
  // Restoring did not touch the backup: it restores again.
  EXPECT_TRUE(RestoreCheckpoint(dir.Sub("backup"), dir.Sub("restored-again")).ok());
}

}  // namespace
}  // namespace casehub::store
