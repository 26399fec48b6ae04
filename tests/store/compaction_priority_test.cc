// Compactions yield the CPU to calls: the threads RocksDB runs them on work
// at the lowest priority, its flushes at the process's (store.cc, Open).
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

// The nice values of this process's threads named `name`.
std::vector<int> NiceOfThreads(const std::string& name) {
  std::vector<int> nice;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::string comm;
    std::getline(std::ifstream(task.path() / "comm"), comm);
    if (comm != name) continue;
    errno = 0;
    const int value = getpriority(PRIO_PROCESS, std::stoi(task.path().filename().string()));
    if (errno == 0) nice.push_back(value);
  }
  return nice;
}

// A compaction and a flush of `store`, each run on RocksDB's threads.
void CompactAndFlush(Store& store) {
  for (const char* value : {"first", "second"}) {
    WriteBatch batch = store.NewBatch();
    batch.Put(Family::kState, StateKey("p1"), value);
    ASSERT_TRUE(store.Commit(batch).ok());
    ASSERT_TRUE(store.Flush().ok());
  }
  ASSERT_TRUE(store.CompactAll().ok());
}

TEST(CompactionPriorityTest, CompactionThreadsRunAtTheLowestPriorityAndFlushesDoNot) {
  testing::TempDir dir;
  auto store = Store::Open({.path = dir.path()});
  ASSERT_TRUE(store.ok()) << store.status();
  CompactAndFlush(**store);

  const std::vector<int> compaction_threads = NiceOfThreads("rocksdb:low");
  ASSERT_FALSE(compaction_threads.empty());
  for (int nice : compaction_threads) EXPECT_EQ(nice, 19);
  const int process_nice = getpriority(PRIO_PROCESS, getpid());
  const std::vector<int> flush_threads = NiceOfThreads("rocksdb:high");
  ASSERT_FALSE(flush_threads.empty());
  for (int nice : flush_threads) EXPECT_EQ(nice, process_nice);
}

}  // namespace
}  // namespace casehub::store
