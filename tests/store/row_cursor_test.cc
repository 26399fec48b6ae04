// A cursor walks every row of a family in key order across its chunks,
// whether the rows fill the last chunk or not, and only that family's; in
// a store of vector memtables (write_once) too.
#include "services/store/row_cursor.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

class RowCursorTest : public ::testing::Test {
 protected:
  RowCursorTest() : store_(*Store::Open({.path = dir_.path(), .sync_writes = false})) {}

  // Rows "k00".."k<count-1>" in the index family, each in a commit of its
  // own from the last (a commit sorts its own batch), and one row in
  // another family.
  std::vector<std::string> WriteRows(int count) {
    for (int i = count - 1; i >= 0; --i) {
      WriteBatch batch = store_->NewBatch();
      batch.Put(Family::kIndex, absl::StrCat("k", i / 10, i % 10), absl::StrCat("v", i));
      EXPECT_TRUE(store_->Commit(batch).ok());
    }
    WriteBatch other = store_->NewBatch();
    other.Put(Family::kState, "k-other-family", "x");
    EXPECT_TRUE(store_->Commit(other).ok());
    std::vector<std::string> keys;
    for (int i = 0; i < count; ++i) keys.push_back(absl::StrCat("k", i / 10, i % 10));
    return keys;
  }

  std::vector<std::string> Walk(size_t rows_per_chunk) {
    RowCursor cursor(*store_, Family::kIndex, nullptr, rows_per_chunk);
    std::vector<std::string> keys;
    for (;;) {
      absl::StatusOr<const RowCursor::Row*> row = cursor.Current();
      EXPECT_TRUE(row.ok()) << row.status();
      if (!row.ok() || *row == nullptr) return keys;
      keys.push_back((*row)->first);
      cursor.Next();
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RowCursorTest, WalksEveryRowInKeyOrderWhenTheLastChunkIsPartial) {
  const std::vector<std::string> keys = WriteRows(10);
  EXPECT_THAT(Walk(3), ElementsAreArray(keys));
}

TEST_F(RowCursorTest, WalksEveryRowInKeyOrderWhenTheChunksAreFull) {
  const std::vector<std::string> keys = WriteRows(9);
  EXPECT_THAT(Walk(3), ElementsAreArray(keys));
  EXPECT_THAT(Walk(1), ElementsAreArray(keys));
}

TEST_F(RowCursorTest, AnEmptyFamilyHasNoRow) { EXPECT_THAT(Walk(3), IsEmpty()); }

// Verify's scratch store: memtables that are vectors, sorted at the flush.
TEST_F(RowCursorTest, WalksAWriteOnceStoreInKeyOrderBeforeAndAfterItsFlush) {
  store_.reset();
  testing::TempDir write_once_dir;
  store_ = *Store::Open({.path = write_once_dir.path(), .sync_writes = false, .write_once = true});
  const std::vector<std::string> keys = WriteRows(10);
  EXPECT_THAT(Walk(4), ElementsAreArray(keys));
  ASSERT_TRUE(store_->Flush().ok());
  EXPECT_THAT(Walk(4), ElementsAreArray(keys));
}

}  // namespace
}  // namespace casehub::store
