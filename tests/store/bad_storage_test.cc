// A data directory that casehub cannot trust: read-only, or with a damaged
// file. Each is refused with a message that says what is wrong and where;
// none is opened as if the damaged data were simply absent.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/store/free_space.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

namespace fs = std::filesystem;

// A store whose events span many blocks of one SST file, closed cleanly.
void WriteFlushedStore(const std::string& path) {
  auto store = *Store::Open({.path = path});
  WriteBatch batch = store->NewBatch();
  for (uint64_t seq = 1; seq <= 2000; ++seq) {
    batch.Put(Family::kEvents, EventKey("p1", seq), std::string(100, 'e'));
  }
  ASSERT_TRUE(store->Commit(batch).ok());
  ASSERT_TRUE(store->Flush().ok());
}

// The largest file whose name ends with `suffix` (or starts with it, for
// MANIFEST-000005).
fs::path LargestFile(const std::string& dir, const std::string& name_part) {
  fs::path largest;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find(name_part) == std::string::npos) continue;
    if (largest.empty() || entry.file_size() > fs::file_size(largest)) largest = entry.path();
  }
  return largest;
}

void Overwrite(const fs::path& file, std::uintmax_t offset, size_t length) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(static_cast<std::streamoff>(offset));
  stream << std::string(length, '\x5a');
}

// What a damaged store gives: the open error, or else the checksum check's.
absl::Status OpenAndCheck(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = path});
  if (!store.ok()) return store.status();
  return (*store)->VerifyChecksums();
}

TEST(BadStorageTest, ReadOnlyDataDirectoryIsRefusedNamingIt) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  { ASSERT_TRUE(Store::Open({.path = data}).ok()); }
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  ASSERT_EQ(chmod(data.c_str(), 0555), 0);
  // Root writes anywhere, so the check runs as an unprivileged user in a
  // child process; a re-executed one, as RocksDB has threads running.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) std::_Exit(3);
        absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = data});
        std::cerr << store.status();
        std::_Exit(store.status().code() == absl::StatusCode::kFailedPrecondition ? 1 : 2);
      },
      ::testing::ExitedWithCode(1), "data directory .*/data is not writable");
}

TEST(BadStorageTest, OverwrittenSstBlockIsDataLossNotMissingData) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  WriteFlushedStore(data);
  fs::path sst = LargestFile(data, ".sst");
  ASSERT_FALSE(sst.empty());
  Overwrite(sst, fs::file_size(sst) / 3, 64);

  absl::Status status = OpenAndCheck(data);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_NE(status.message().find(sst.filename().string()), absl::string_view::npos) << status;
}

TEST(BadStorageTest, TruncatedSstIsRefusedAtOpen) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  WriteFlushedStore(data);
  fs::path sst = LargestFile(data, ".sst");
  fs::resize_file(sst, fs::file_size(sst) / 2);

  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = data});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
  EXPECT_NE(store.status().message().find(data), absl::string_view::npos) << store.status();
}

TEST(BadStorageTest, OverwrittenManifestIsRefusedAtOpen) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  WriteFlushedStore(data);
  fs::path manifest = LargestFile(data, "MANIFEST-");
  ASSERT_FALSE(manifest.empty());
  Overwrite(manifest, 0, 32);

  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = data});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
  EXPECT_NE(store.status().message().find(data), absl::string_view::npos) << store.status();
}

constexpr uint64_t kLoggedEvents = 200;

// A store with kLoggedEvents events of about 500 bytes, each committed
// (synced) on its own, closed without a flush: they are all in the
// write-ahead log, none in a table. Returns the log's file.
fs::path WriteLoggedStore(const std::string& path) {
  {
    auto store = *Store::Open({.path = path});
    for (uint64_t seq = 1; seq <= kLoggedEvents; ++seq) {
      WriteBatch batch = store->NewBatch();
      batch.Put(Family::kEvents, EventKey("p1", seq), std::string(500, 'e'));
      EXPECT_TRUE(store->Commit(batch).ok());
    }
  }
  return LargestFile(path, ".log");
}

// The sequence numbers of the logged events a store holds.
std::vector<uint64_t> LoggedEvents(Store& store) {
  std::vector<uint64_t> present;
  for (uint64_t seq = 1; seq <= kLoggedEvents; ++seq) {
    absl::StatusOr<std::optional<std::string>> event = store.Get(Family::kEvents, EventKey("p1", seq));
    if (event.ok() && event->has_value()) present.push_back(seq);
  }
  return present;
}

// Damage inside the log, with acknowledged writes after it, is not a crash
// in the middle of a write: replaying up to it and dropping the rest would
// lose acknowledged writes without a word. The open is refused instead.
TEST(BadStorageTest, WalDamagedBeforeItsEndIsRefusedNotCutShort) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  fs::path wal = WriteLoggedStore(data);
  ASSERT_GT(fs::file_size(wal), 100u * 1024);
  Overwrite(wal, fs::file_size(wal) / 3, 16);

  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = data});
  ASSERT_FALSE(store.ok()) << "opened with events "
                           << ::testing::PrintToString(LoggedEvents(**store));
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
  EXPECT_NE(store.status().message().find(data), absl::string_view::npos) << store.status();
}

// A last record cut short is what a crash in the middle of a write leaves:
// that write was never acknowledged, so it is dropped and every earlier one
// kept.
TEST(BadStorageTest, WalCutShortInItsLastRecordKeepsEveryEarlierWrite) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  fs::path wal = WriteLoggedStore(data);
  ASSERT_FALSE(wal.empty());
  fs::resize_file(wal, fs::file_size(wal) - 100);

  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.path = data});
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<uint64_t> expected(kLoggedEvents - 1);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(LoggedEvents(**store), expected);
}

// A disk nearly full is measured, not waited for: below the reserve the
// store says so, naming the directory and the setting, before RocksDB
// would meet ENOSPC.
TEST(BadStorageTest, LessFreeSpaceThanTheReserveIsRefusedNamingTheSetting) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  absl::StatusOr<uint64_t> free = FreeBytes(dir.path());
  ASSERT_TRUE(free.ok()) << free.status();
  {
    auto store = *Store::Open({.path = data, .min_free_bytes = *free + (1ull << 40)});
    absl::Status refused = store->CheckFreeSpace();
    EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
    EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr("min_free_disk_bytes"));
    EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr(data));
  }
  auto roomy = *Store::Open({.path = data, .min_free_bytes = 1});
  EXPECT_TRUE(roomy->CheckFreeSpace().ok());
}

}  // namespace
}  // namespace casehub::store
