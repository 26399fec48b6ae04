// The spool's files as a crash leaves them: what was appended and not
// cleared is read back at the next open, a frame cut short or damaged ends
// its file, and a cleared file is empty. And as a full disk leaves them: an
// append cut short fails, and the next one writes over what it left.
#include "services/engine/audit_spool.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

SpooledRecord Record(uint64_t seq, const std::string& patient) {
  SpooledRecord spooled{.seq = seq, .record = {}};
  spooled.record.set_method("/casehub.v1.PatientService/GetPatient");
  spooled.record.set_patient_id(patient);
  spooled.record.mutable_time()->set_seconds(1'790'000'000 + static_cast<int64_t>(seq));
  return spooled;
}

// "<seq>:<patient>" of each record left, in the order read.
std::vector<std::string> Left(const std::string& dir) {
  std::vector<SpooledRecord> left;
  absl::StatusOr<std::unique_ptr<AuditSpool>> spool = AuditSpool::Open(dir, &left);
  EXPECT_TRUE(spool.ok()) << spool.status();
  std::vector<std::string> described;
  for (const SpooledRecord& spooled : left) {
    described.push_back(std::to_string(spooled.seq) + ":" + spooled.record.patient_id());
  }
  return described;
}

// Opens the spool in `dir`, appends the records, then drops it as a dying
// process would: nothing cleared.
void AppendAndDrop(const std::string& dir, const std::vector<SpooledRecord>& records) {
  std::vector<SpooledRecord> left;
  absl::StatusOr<std::unique_ptr<AuditSpool>> spool = AuditSpool::Open(dir, &left);
  ASSERT_TRUE(spool.ok()) << spool.status();
  for (const SpooledRecord& record : records) ASSERT_TRUE((*spool)->Append({record}).ok());
}

TEST(AuditSpoolTest, WhatWasAppendedAndNotClearedIsReadBackAtTheNextOpen) {
  testing::TempDir dir;
  AppendAndDrop(dir.path(), {Record(1, "p-1"), Record(2, "p-2")});
  EXPECT_THAT(Left(dir.path()), ElementsAre("1:p-1", "2:p-2"));
}

TEST(AuditSpoolTest, AClearedFileIsEmptyAndTheOtherKeepsWhatWasAppendedAfterTheSwitch) {
  testing::TempDir dir;
  {
    std::vector<SpooledRecord> left;
    absl::StatusOr<std::unique_ptr<AuditSpool>> spool = AuditSpool::Open(dir.path(), &left);
    ASSERT_TRUE(spool.ok()) << spool.status();
    ASSERT_TRUE((*spool)->Append({Record(1, "p-1")}).ok());
    const int moved = (*spool)->Switch();
    ASSERT_TRUE((*spool)->Append({Record(2, "p-2")}).ok());
    ASSERT_TRUE((*spool)->Clear(moved).ok());
    EXPECT_EQ(fs::file_size(fs::path(dir.path()) / AuditSpool::kFileNames[moved]), 0u);
  }
  EXPECT_THAT(Left(dir.path()), ElementsAre("2:p-2"));
}

TEST(AuditSpoolTest, AFrameCutInsideItsHeaderEndsItsFile) {
  testing::TempDir dir;
  AppendAndDrop(dir.path(), {Record(1, "p-1")});
  const fs::path file = fs::path(dir.path()) / AuditSpool::kFileNames[0];
  const uintmax_t first = fs::file_size(file);
  AppendAndDrop(dir.path(), {Record(2, "p-2")});
  // The second frame keeps 5 of its 12 header bytes.
  fs::resize_file(file, first + 5);
  EXPECT_THAT(Left(dir.path()), ElementsAre("1:p-1"));
}

// The whole frames before a frame cut short are kept, the file is copied
// aside, and the next append goes over the cut frame.
TEST(AuditSpoolTest, AFrameCutShortEndsItsFileWhichIsKeptAsideAndAppendedOver) {
  testing::TempDir dir;
  AppendAndDrop(dir.path(), {Record(1, "p-1"), Record(2, "p-2")});
  const fs::path file = fs::path(dir.path()) / AuditSpool::kFileNames[0];
  fs::resize_file(file, fs::file_size(file) - 3);
  AppendAndDrop(dir.path(), {Record(3, "p-3")});
  EXPECT_THAT(Left(dir.path()), ElementsAre("1:p-1", "3:p-3"));
  int kept = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir.path())) {
    if (entry.path().filename().string().starts_with(std::string(AuditSpool::kFileNames[0]) +
                                                     AuditSpool::kDamagedSuffix)) {
      ++kept;
    }
  }
  EXPECT_EQ(kept, 1);
}

TEST(AuditSpoolTest, ADamagedFrameEndsItsFile) {
  testing::TempDir dir;
  AppendAndDrop(dir.path(), {Record(1, "p-1"), Record(2, "p-2"), Record(3, "p-3")});
  const fs::path file = fs::path(dir.path()) / AuditSpool::kFileNames[0];
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The second frame's patient id: its payload no longer matches its sum.
  const size_t at = bytes.find("p-2");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 2] = '9';
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  EXPECT_THAT(Left(dir.path()), ElementsAre("1:p-1"));
}

TEST(AuditSpoolTest, AnAppendTheDiskCutsShortFailsAndTheNextOneWritesOverIt) {
  testing::TempDir dir;
  const fs::path file = fs::path(dir.path()) / AuditSpool::kFileNames[0];
  {
    std::vector<SpooledRecord> left;
    absl::StatusOr<std::unique_ptr<AuditSpool>> spool = AuditSpool::Open(dir.path(), &left);
    ASSERT_TRUE(spool.ok()) << spool.status();
    ASSERT_TRUE((*spool)->Append({Record(1, "p-1")}).ok());
    const uintmax_t whole = fs::file_size(file);
    {
      // Room for ten bytes more: the second frame is cut inside its header.
      const casehub::testing::FileSizeLimit full(whole + 10);
      const absl::Status refused = (*spool)->Append({Record(2, "p-2")});
      EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
      EXPECT_THAT(std::string(refused.message()), HasSubstr(AuditSpool::kFileNames[0]));
    }
    EXPECT_EQ(fs::file_size(file), whole + 10);
    ASSERT_TRUE((*spool)->Append({Record(3, "p-3")}).ok());
  }
  // The refused record is not there, the next one is whole in its place,
  // and nothing had to be set aside as damaged.
  EXPECT_THAT(Left(dir.path()), ElementsAre("1:p-1", "3:p-3"));
  for (const fs::directory_entry& entry : fs::directory_iterator(dir.path())) {
    EXPECT_THAT(entry.path().filename().string(),
                ::testing::Not(HasSubstr(AuditSpool::kDamagedSuffix)));
  }
}

TEST(AuditSpoolTest, NothingIsLeftInAFreshDirectory) {
  testing::TempDir dir;
  EXPECT_THAT(Left(dir.path()), IsEmpty());
}

}  // namespace
}  // namespace casehub::engine
