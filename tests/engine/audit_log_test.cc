// Where the audit log puts a record, on a real store: a write's is in the
// store when Append returns; any other waits in the spool, where a query, a
// closing log or the log's own mover takes it into the store, and where a
// process that dies leaves it for the next open.
#include "services/engine/audit_log.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "services/store/keys.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {
namespace {

namespace fs = std::filesystem;

constexpr char kPatient[] = "p-1";
// Long enough that the mover never moves a record while a test looks.
constexpr absl::Duration kNever = absl::Hours(1);

class AuditLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::Store> OpenStore() {
    absl::StatusOr<std::unique_ptr<store::Store>> store = store::Store::Open({.path = data_});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  std::unique_ptr<AuditLog> OpenLog(store::Store* store, absl::Duration move_after) {
    absl::StatusOr<std::unique_ptr<AuditLog>> log = AuditLog::Open(store, &clock_, move_after);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? *std::move(log) : nullptr;
  }

  static v1::AuditRecord ReadRecord() {
    v1::AuditRecord record;
    record.set_method("/casehub.v1.PatientService/GetPatient");
    record.set_site_id("jc-hub");
    record.set_principal_id("nurse-1");
    record.set_patient_id(kPatient);
    return record;
  }

  // The records on the patient's trail in the store itself, read without
  // the log (which would move the spooled ones first).
  static int Stored(store::Store& store) {
    int records = 0;
    EXPECT_TRUE(store
                    .Scan(store::Family::kAudit, store::AuditByPatientPrefix(kPatient), "",
                          [&](absl::string_view, absl::string_view) {
                            ++records;
                            return true;
                          })
                    .ok());
    return records;
  }

  // The patient's trail as an auditor of jc-hub queries it: each record's method.
  static std::vector<std::string> Queried(AuditLog& log) {
    v1::QueryAuditRequest query;
    query.set_site_id("jc-hub");
    query.set_patient_id(kPatient);
    absl::StatusOr<v1::QueryAuditResponse> page = log.Query(query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> methods;
    if (page.ok()) {
      for (const v1::AuditRecord& record : page->records()) methods.push_back(record.method());
    }
    return methods;
  }

  uintmax_t SpoolBytes() const {
    return fs::file_size(fs::path(data_) / AuditSpool::kFileNames[0]) +
           fs::file_size(fs::path(data_) / AuditSpool::kFileNames[1]);
  }

  testing::TempDir dir_;
  const std::string data_ = dir_.Sub("data");
  ManualClock clock_{absl::FromUnixSeconds(1'790'000'000)};
};

TEST_F(AuditLogTest, AWritesRecordIsInTheStoreWhenAppendReturns) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  v1::AuditRecord write = ReadRecord();
  write.set_method("/casehub.v1.ClinicalService/RecordLabResult");
  write.set_request_id("lab-1");
  ASSERT_TRUE(log->Append(write).ok());
  EXPECT_EQ(Stored(*store), 1);
  EXPECT_EQ(SpoolBytes(), 0u);
}

TEST_F(AuditLogTest, AReadsRecordWaitsInTheSpoolAndAQueryMovesItFirst) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  ASSERT_TRUE(log->Append(ReadRecord()).ok());
  EXPECT_EQ(Stored(*store), 0);
  EXPECT_GT(SpoolBytes(), 0u);

  EXPECT_EQ(Queried(*log), std::vector<std::string>{"/casehub.v1.PatientService/GetPatient"});
  EXPECT_EQ(Stored(*store), 1);
  EXPECT_EQ(SpoolBytes(), 0u);
}

TEST_F(AuditLogTest, ARecordTheSpoolCannotTakeIsRefusedAndNeverReachesTheTrail) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  ASSERT_TRUE(log->Append(ReadRecord()).ok());
  v1::AuditRecord refused = ReadRecord();
  refused.set_method("/casehub.v1.PatientService/ListPatients");
  {
    // The disk is full for the spool (and for the store, which does not
    // write meanwhile).
    const casehub::testing::FileSizeLimit full(SpoolBytes());
    EXPECT_EQ(log->Append(refused).code(), absl::StatusCode::kResourceExhausted);
  }
  // Only the record that was taken, once the spool has room again.
  EXPECT_EQ(Queried(*log), std::vector<std::string>{"/casehub.v1.PatientService/GetPatient"});
}

TEST_F(AuditLogTest, TheMoverTakesASpooledRecordIntoTheStoreUnasked) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), absl::ZeroDuration());
  ASSERT_TRUE(log->Append(ReadRecord()).ok());
  for (int wait = 0; wait < 1000 && (Stored(*store) == 0 || SpoolBytes() > 0); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Stored(*store), 1);
  EXPECT_EQ(SpoolBytes(), 0u);
}

TEST_F(AuditLogTest, ConcurrentReadsEachLeaveOneRecordWhileTheMoverAndQueriesDrain) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), absl::ZeroDuration());
  constexpr int kThreads = 4;
  constexpr int kRecordsEach = 200;
  std::vector<std::thread> readers;
  for (int thread = 0; thread < kThreads; ++thread) {
    readers.emplace_back([&, thread] {
      for (int i = 0; i < kRecordsEach; ++i) {
        v1::AuditRecord record = ReadRecord();
        record.set_entity_id(absl::StrCat("read-", thread, "-", i));
        EXPECT_TRUE(log->Append(record).ok());
        // Queries drain beside the mover.
        if (i % 50 == 0) Queried(*log);
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  log.reset();

  std::set<std::string> entities;
  EXPECT_TRUE(store
                  ->Scan(store::Family::kAudit, store::kAuditByTimePrefix, "",
                         [&](absl::string_view, absl::string_view value) {
                           v1::AuditRecord record;
                           EXPECT_TRUE(record.ParseFromArray(value.data(),
                                                             static_cast<int>(value.size())));
                           entities.insert(record.entity_id());
                           return true;
                         })
                  .ok());
  // Each under a key of its own: none overwrote another.
  EXPECT_EQ(Stored(*store), kThreads * kRecordsEach);
  EXPECT_EQ(entities.size(), static_cast<size_t>(kThreads * kRecordsEach));
}

// Each order's entries: their keys, and whether each holds a value.
std::vector<std::pair<std::string, bool>> Entries(store::Store& store, absl::string_view prefix) {
  std::vector<std::pair<std::string, bool>> entries;
  EXPECT_TRUE(store
                  .Scan(store::Family::kAudit, prefix, "",
                        [&](absl::string_view key, absl::string_view value) {
                          entries.emplace_back(std::string(key), !value.empty());
                          return true;
                        })
                  .ok());
  return entries;
}

TEST_F(AuditLogTest, ARecordIsStoredOnceAndEveryOrderFindsIt) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  v1::AuditRecord emergency = ReadRecord();
  emergency.set_access_basis(v1::ACCESS_BASIS_EMERGENCY);
  emergency.add_patient_site_ids("qs-county");
  ASSERT_TRUE(log->Append(emergency).ok());
  ASSERT_TRUE(log->Drain().ok());

  // The record under its time; its patient, principal, two sites and their
  // emergency orders hold only keys.
  const std::vector<std::pair<std::string, bool>> by_time =
      Entries(*store, store::kAuditByTimePrefix);
  ASSERT_EQ(by_time.size(), 1u);
  EXPECT_TRUE(by_time[0].second);
  for (const std::string& order :
       {store::AuditByPatientPrefix(kPatient), store::AuditByPrincipalPrefix("nurse-1"),
        store::AuditBySitePrefix("jc-hub"), store::AuditBySitePrefix("qs-county"),
        store::AuditEmergencyBySitePrefix("jc-hub"),
        store::AuditEmergencyBySitePrefix("qs-county")}) {
    const std::vector<std::pair<std::string, bool>> entries = Entries(*store, order);
    ASSERT_EQ(entries.size(), 1u) << order;
    EXPECT_FALSE(entries[0].second) << order;
  }

  for (const char* site : {"jc-hub", "qs-county"}) {
    v1::QueryAuditRequest by_patient, by_principal, all, emergency_only;
    by_patient.set_patient_id(kPatient);
    by_principal.set_principal_id("nurse-1");
    emergency_only.set_emergency_only(true);
    for (v1::QueryAuditRequest* query : {&by_patient, &by_principal, &all, &emergency_only}) {
      query->set_site_id(site);
      absl::StatusOr<v1::QueryAuditResponse> page = log->Query(*query);
      ASSERT_TRUE(page.ok()) << page.status();
      ASSERT_EQ(page->records_size(), 1) << query->ShortDebugString();
      EXPECT_EQ(page->records(0).method(), emergency.method());
      EXPECT_EQ(page->records(0).access_basis(), v1::ACCESS_BASIS_EMERGENCY);
    }
  }
}

TEST_F(AuditLogTest, AnOrdersEntryWithACopyOfItsRecordIsReadAsStored) {
  // Directories written before 2026-12-04 kept the record under every order.
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  v1::AuditRecord earlier = ReadRecord();
  *earlier.mutable_time() = ToProtoTime(clock_.Now());
  store::WriteBatch batch = store->NewBatch();
  batch.Put(store::Family::kAudit,
            store::AuditKey(store::AuditByPatientPrefix(kPatient), clock_.Now(), 1),
            earlier.SerializeAsString());
  ASSERT_TRUE(store->Commit(batch).ok());
  EXPECT_EQ(Queried(*log), std::vector<std::string>{earlier.method()});
}

TEST_F(AuditLogTest, AnOrdersEntryWhoseRecordIsMissingIsDataLoss) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  store::WriteBatch batch = store->NewBatch();
  batch.Put(store::Family::kAudit,
            store::AuditKey(store::AuditByPatientPrefix(kPatient), clock_.Now(), 7), "");
  ASSERT_TRUE(store->Commit(batch).ok());
  v1::QueryAuditRequest query;
  query.set_site_id("jc-hub");
  query.set_patient_id(kPatient);
  absl::StatusOr<v1::QueryAuditResponse> page = log->Query(query);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(page.status().message()), ::testing::HasSubstr("#7"));
  EXPECT_THAT(std::string(page.status().message()), ::testing::HasSubstr("missing"));
}

TEST_F(AuditLogTest, ClosingTheLogMovesWhatIsSpooled) {
  std::unique_ptr<store::Store> store = OpenStore();
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  ASSERT_TRUE(log->Append(ReadRecord()).ok());
  log.reset();
  EXPECT_EQ(Stored(*store), 1);
  EXPECT_EQ(SpoolBytes(), 0u);
}

TEST_F(AuditLogTest, ARecordSpooledByAProcessThatDiedIsOnTheTrailAfterTheNextOpen) {
  // The child dies with the record in the spool alone: no destructor runs.
  // A re-executed child, as RocksDB and the mover have threads; it runs
  // this test from its start, so it finds the parent's directory in the
  // environment it inherits (a variable already set is kept).
  constexpr char kDirVariable[] = "CASEHUB_AUDIT_LOG_TEST_DATA";
  ASSERT_EQ(setenv(kDirVariable, data_.c_str(), /*overwrite=*/0), 0);
  const std::string data = std::getenv(kDirVariable);
  const bool in_child = data != data_;
  const std::string style = GTEST_FLAG_GET(death_test_style);
  const absl::Cleanup restore_style = [&] { GTEST_FLAG_SET(death_test_style, style); };
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        absl::StatusOr<std::unique_ptr<store::Store>> store = store::Store::Open({.path = data});
        if (!store.ok()) std::_Exit(2);
        std::unique_ptr<AuditLog> log = OpenLog(store->get(), kNever);
        const bool appended = log->Append(ReadRecord()).ok();
        // The child's own fixture directory, unused, goes; no destructor runs.
        if (in_child) fs::remove_all(dir_.path());
        std::_Exit(appended && Stored(**store) == 0 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  ASSERT_EQ(unsetenv(kDirVariable), 0);

  std::unique_ptr<store::Store> store = OpenStore();
  EXPECT_EQ(Stored(*store), 0);
  std::unique_ptr<AuditLog> log = OpenLog(store.get(), kNever);
  EXPECT_EQ(Stored(*store), 1);
  EXPECT_EQ(SpoolBytes(), 0u);
  // The log resumes after the record it moved: the next one follows it.
  v1::AuditRecord next = ReadRecord();
  next.set_method("/casehub.v1.PatientService/ListPatientEvents");
  ASSERT_TRUE(log->Append(next).ok());
  EXPECT_EQ(Queried(*log), (std::vector<std::string>{"/casehub.v1.PatientService/GetPatient",
                                                     "/casehub.v1.PatientService/ListPatientEvents"}));
}

}  // namespace
}  // namespace casehub::engine
