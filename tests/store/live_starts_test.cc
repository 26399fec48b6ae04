// Scans of queue-like ranges seek past the deletions an earlier scan of the
// same prefix stepped over, and never past a key put since.
#include "services/store/live_starts.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/store/store.h"
#include "tests/support/deletions_stepped_over.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

std::string Task(int due) { return absl::StrCat("Wsite", std::string(1, '\0'), 10000 + due); }
const std::string kWorklist = absl::StrCat("Wsite", std::string(1, '\0'));

class ScanQueueTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = *Store::Open({.path = dir_.path()}); }

  void Put(int due) {
    WriteBatch batch = store_->NewBatch();
    batch.Put(Family::kIndex, Task(due), "task");
    ASSERT_TRUE(store_->Commit(batch).ok());
  }
  void Delete(int first, int last) {
    WriteBatch batch = store_->NewBatch();
    for (int due = first; due <= last; ++due) batch.Delete(Family::kIndex, Task(due));
    ASSERT_TRUE(store_->Commit(batch).ok());
  }
  // The first `count` keys of the worklist; sets stepped_over to the
  // deletions the scan passed (RocksDB's per-thread counters).
  std::vector<std::string> FirstKeys(size_t count) {
    std::vector<std::string> keys;
    stepped_over = testing::DeletionsSteppedOver([&] {
      EXPECT_TRUE(store_
                      ->ScanQueue(kWorklist,
                                  [&](absl::string_view key, absl::string_view) {
                                    keys.emplace_back(key);
                                    return keys.size() < count;
                                  })
                      .ok());
    });
    return keys;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  uint64_t stepped_over = 0;
};

TEST_F(ScanQueueTest, TheNextScanSeeksPastTheDeletionsTheLastOneSteppedOver) {
  WriteBatch batch = store_->NewBatch();
  for (int due = 0; due < 1000; ++due) batch.Put(Family::kIndex, Task(due), "task");
  ASSERT_TRUE(store_->Commit(batch).ok());
  Delete(0, 989);

  EXPECT_EQ(FirstKeys(2), (std::vector<std::string>{Task(990), Task(991)}));
  EXPECT_EQ(stepped_over, 990u);
  EXPECT_EQ(FirstKeys(2), (std::vector<std::string>{Task(990), Task(991)}));
  EXPECT_EQ(stepped_over, 0u);
  // Work done since: only its deletions are stepped over.
  Delete(990, 994);
  EXPECT_EQ(FirstKeys(1), (std::vector<std::string>{Task(995)}));
  EXPECT_EQ(stepped_over, 5u);
}

TEST_F(ScanQueueTest, AKeyPutBeforeTheStartIsFound) {
  for (int due : {5, 500, 600}) Put(due);
  Delete(5, 5);
  EXPECT_EQ(FirstKeys(1), (std::vector<std::string>{Task(500)}));
  Put(7);  // a task due earlier than any left
  EXPECT_EQ(FirstKeys(1), (std::vector<std::string>{Task(7)}));
}

TEST_F(ScanQueueTest, AnEmptyRangeFindsTheFirstKeyPutIntoIt) {
  EXPECT_TRUE(FirstKeys(1).empty());
  Put(42);
  EXPECT_EQ(FirstKeys(1), (std::vector<std::string>{Task(42)}));
}

// Work done among the live entries cannot be sought past: a range whose
// scan stepped over many deletions is compacted when asked, and later scans
// step over none. A range whose scan met few is left alone.
TEST_F(ScanQueueTest, ARangeWhoseScanSteppedOverManyDeletionsIsCompacted) {
  WriteBatch batch = store_->NewBatch();
  for (int due = 0; due < 3000; ++due) batch.Put(Family::kIndex, Task(due), "task");
  ASSERT_TRUE(store_->Commit(batch).ok());
  Delete(1, 2989);  // the first task is left: the scan starts before them

  ASSERT_TRUE(store_->CompactCrowdedQueues().ok());  // nothing scanned yet
  EXPECT_EQ(FirstKeys(2), (std::vector<std::string>{Task(0), Task(2990)}));
  EXPECT_EQ(stepped_over, 2989u);
  ASSERT_TRUE(store_->CompactCrowdedQueues().ok());
  EXPECT_EQ(FirstKeys(2), (std::vector<std::string>{Task(0), Task(2990)}));
  EXPECT_EQ(stepped_over, 0u);

  Delete(2990, 2990);
  EXPECT_EQ(FirstKeys(2), (std::vector<std::string>{Task(0), Task(2991)}));
  EXPECT_EQ(stepped_over, 1u);
  ASSERT_TRUE(store_->CompactCrowdedQueues().ok());
  FirstKeys(2);
  EXPECT_EQ(stepped_over, 1u) << "compacted for a single deletion";
}

// A scan that began before a commit may not have seen its key: it must not
// move the start past it.
TEST(LiveStartsTest, AScanDoesNotAdvancePastAKeyPutDuringIt) {
  LiveStarts starts;
  const LiveStarts::Start before = starts.Find("W");
  EXPECT_EQ(before.key, "W");
  starts.Put("W3");  // committed while the scan ran; it found W5 first
  starts.Advance("W", before, "W5");
  EXPECT_EQ(starts.Find("W").key, "W");

  const LiveStarts::Start again = starts.Find("W");
  starts.Put("X1");  // under another prefix: no reason to hold back
  starts.Advance("W", again, "W3");
  EXPECT_EQ(starts.Find("W").key, "W3");
  starts.Put("W1");
  EXPECT_EQ(starts.Find("W").key, "W1");
}

}  // namespace
}  // namespace casehub::store
