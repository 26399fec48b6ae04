// A high-water mark in meta (WriteBatch::RaiseMeta) only rises: commits that
// land in any order leave the largest value, also across a reopen, and a
// value stored with Put before is raised from.
#include "services/store/raise_merge.h"

#include <optional>

#include "gtest/gtest.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

std::optional<uint64_t> Mark(const Store& store) {
  absl::StatusOr<std::optional<std::string>> value = store.Get(Family::kMeta, "mark");
  if (!value.ok() || !value->has_value()) return std::nullopt;
  return ReadUint64(**value);
}

absl::Status Raise(Store& store, uint64_t value) {
  WriteBatch batch = store.NewBatch();
  batch.RaiseMeta("mark", value);
  return store.Commit(batch);
}

TEST(RaiseMergeTest, TheLargestValueStaysWhateverOrderTheCommitsLandIn) {
  testing::TempDir dir;
  {
    auto store = Store::Open({.path = dir.Sub("data")});
    ASSERT_TRUE(store.ok()) << store.status();
    // A value written with Put, as before the mark was raised by merges.
    std::string stored;
    AppendUint64(&stored, 4);
    WriteBatch put = (*store)->NewBatch();
    put.Put(Family::kMeta, "mark", stored);
    ASSERT_TRUE((*store)->Commit(put).ok());
    for (uint64_t value : {7, 5, 9, 8}) ASSERT_TRUE(Raise(**store, value).ok());
    EXPECT_EQ(Mark(**store), 9u);
    ASSERT_TRUE(Raise(**store, 3).ok());
    EXPECT_EQ(Mark(**store), 9u) << "a lower value does not lower the mark";
  }
  auto reopened = Store::Open({.path = dir.Sub("data")});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(Mark(**reopened), 9u);
  ASSERT_TRUE(Raise(**reopened, 10).ok());
  EXPECT_EQ(Mark(**reopened), 10u);
}

}  // namespace
}  // namespace casehub::store
