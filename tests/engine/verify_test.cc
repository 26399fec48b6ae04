// Verify finds every kind of drift between the log and the derived rows, and
// Rebuild repairs it.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/store/counter_merge.h"
#include "services/engine/apply.h"
#include "services/engine/ids.h"
#include "services/engine/verify.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

class VerifyTest : public EngineFixture {
 protected:
  void SetUp() override {
    patient_ = NewPatient("r1");
    ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient_)).ok());
    ASSERT_TRUE(engine_->Execute(RecordAnc("r3", patient_, 1.2)).ok());
    other_ = NewPatient("r4");
  }

  v1::VerifyResponse MustVerify() {
    absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified.ok() ? *verified : v1::VerifyResponse();
  }

  void Tamper(store::Family family, const std::string& key, const std::string* value) {
    store::WriteBatch batch = store_->NewBatch();
    if (value == nullptr) {
      batch.Delete(family, key);
    } else {
      batch.Put(family, key, *value);
    }
    ASSERT_TRUE(store_->Commit(batch).ok());
  }

  std::string patient_;
  std::string other_;
};

TEST_F(VerifyTest, CleanStoreHasNoProblems) {
  v1::VerifyResponse verified = MustVerify();
  EXPECT_EQ(verified.patients_checked(), 2u);
  EXPECT_EQ(verified.events_checked(), 5u);  // 1 + case + task + lab, and 1
  EXPECT_GT(verified.index_entries_checked(), 0u);
  EXPECT_EQ(verified.problems_size(), 0) << verified.DebugString();
}

TEST_F(VerifyTest, DetectsStateThatDiffersFromTheLog) {
  v1::PatientState state = *engine_->LoadState(patient_);
  state.mutable_patient()->set_name("someone else");
  std::string bytes = state.SerializeAsString();
  Tamper(store::Family::kState, store::StateKey(patient_), &bytes);
  v1::VerifyResponse verified = MustVerify();
  ASSERT_EQ(verified.problems_size(), 1);
  EXPECT_NE(verified.problems(0).find("stored state differs"), std::string::npos);
}

TEST_F(VerifyTest, DetectsMissingAndExtraIndexEntries) {
  Tamper(store::Family::kIndex, store::PatientsBySiteKey(kHub, other_), nullptr);
  std::string empty;
  Tamper(store::Family::kIndex, store::PatientsBySiteKey(kHub, "pzzzzzzzzzzzz"), &empty);
  v1::VerifyResponse verified = MustVerify();
  ASSERT_EQ(verified.problems_size(), 2) << verified.DebugString();
  EXPECT_THAT(verified.problems(), ::testing::UnorderedElementsAre(
                                      ::testing::HasSubstr("is missing"),
                                      ::testing::HasSubstr("is not derived from any state")));
}

// Every stored row of `family`, in key order.
std::vector<std::pair<std::string, std::string>> Rows(const store::Store& store,
                                                      store::Family family) {
  std::vector<std::pair<std::string, std::string>> rows;
  EXPECT_TRUE(store
                  .Scan(family, "", "",
                        [&](absl::string_view key, absl::string_view value) {
                          rows.emplace_back(std::string(key), std::string(value));
                          return true;
                        })
                  .ok());
  return rows;
}

TEST_F(VerifyTest, DetectsEveryMissingEntryOfARunAndAStaleValue) {
  const auto rows = Rows(*store_, store::Family::kIndex);
  ASSERT_GE(rows.size(), 4u);
  const size_t checked = MustVerify().index_entries_checked();
  EXPECT_EQ(checked, rows.size());
  // Two entries in a row gone, the last one too, and one entry's value wrong.
  Tamper(store::Family::kIndex, rows[0].first, nullptr);
  Tamper(store::Family::kIndex, rows[1].first, nullptr);
  Tamper(store::Family::kIndex, rows.back().first, nullptr);
  const std::string wrong = rows[2].second + "-changed";
  Tamper(store::Family::kIndex, rows[2].first, &wrong);
  v1::VerifyResponse verified = MustVerify();
  EXPECT_EQ(verified.index_entries_checked(), checked - 3);
  EXPECT_THAT(verified.problems(),
              ::testing::ElementsAre(::testing::HasSubstr("is missing"),
                                     ::testing::HasSubstr("is missing"),
                                     ::testing::HasSubstr("has a stale value"),
                                     ::testing::HasSubstr("is missing")));
}

TEST_F(VerifyTest, DetectsStateWithoutEvents) {
  Tamper(store::Family::kEvents, store::EventKey(other_, 1), nullptr);
  v1::VerifyResponse verified = MustVerify();
  EXPECT_GE(verified.problems_size(), 1);
}

TEST_F(VerifyTest, RebuildRepairsDerivedRows) {
  Tamper(store::Family::kState, store::StateKey(patient_), nullptr);
  Tamper(store::Family::kIndex, store::PatientsBySiteKey(kHub, other_), nullptr);
  ASSERT_GT(MustVerify().problems_size(), 0);
  v1::PatientState before_damage = *Replay(*engine_->LoadEvents(patient_));

  ASSERT_TRUE(Rebuild(*store_, *plugins_).ok());
  EXPECT_EQ(MustVerify().problems_size(), 0);
  EXPECT_EQ(engine_->LoadState(patient_)->SerializeAsString(), before_damage.SerializeAsString());
}

TEST_F(VerifyTest, DetectsACounterThatDoesNotCountTheItemsAndRebuildRepairsIt) {
  // A day counter with one item more than the index holds (none).
  const std::string counter = *store::IndicatorCounterKey(
      store::IndicatorKey("fn_incidence", kHub, "2026-11-02", "lung", 'D', "x"), "");
  store::WriteBatch batch = store_->NewBatch();
  batch.AddToCounter(counter, +1);
  ASSERT_TRUE(store_->Commit(batch).ok());
  v1::VerifyResponse verified = MustVerify();
  ASSERT_EQ(verified.problems_size(), 1);
  EXPECT_NE(verified.problems(0).find("is 1, not 0"), std::string::npos) << verified.problems(0);
  ASSERT_TRUE(Rebuild(*store_, *plugins_).ok());
  EXPECT_EQ(MustVerify().problems_size(), 0);
}

// With the myelosuppression module, whose indicators count items.
class VerifyCountersTest : public EngineFixture {
 protected:
  VerifyCountersTest() : EngineFixture({"libcasehub_lung.so", "libcasehub_myelosuppression.so"}) {}
};

TEST_F(VerifyCountersTest, DetectsACounterCountingWrongAndOneMissing) {
  const std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  ASSERT_TRUE(engine_->Execute(RecordAnc("r3", patient, 0.4)).ok());
  const auto rows = Rows(*store_, store::Family::kCounters);
  ASSERT_GE(rows.size(), 2u);
  const int64_t first = *store::DecodeCount(rows[0].second);
  const int64_t second = *store::DecodeCount(rows[1].second);
  store::WriteBatch batch = store_->NewBatch();
  batch.AddToCounter(rows[0].first, +1);
  ASSERT_TRUE(store_->Commit(batch).ok());
  batch = store_->NewBatch();
  batch.Delete(store::Family::kCounters, rows[1].first);
  ASSERT_TRUE(store_->Commit(batch).ok());
  absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_THAT(verified->problems(),
              ::testing::ElementsAre(
                  ::testing::HasSubstr(absl::StrCat(" is ", first + 1, ", not ", first)),
                  ::testing::HasSubstr(absl::StrCat(" is missing (", second, " items)"))));
}

TEST_F(VerifyTest, LeavesNoScratchDirectoryAndTheStartRemovesOneACrashLeft) {
  namespace fs = std::filesystem;
  auto scratch_dirs = [&] {
    int found = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(store_->path())) {
      found += entry.path().filename().string().starts_with(kVerifyScratchPrefix) ? 1 : 0;
    }
    return found;
  };
  MustVerify();
  EXPECT_EQ(scratch_dirs(), 0);

  const fs::path left = fs::path(store_->path()) / (std::string(kVerifyScratchPrefix) + "a1b2c3");
  fs::create_directories(left / "inside");
  ASSERT_EQ(scratch_dirs(), 1);
  ASSERT_TRUE(RemoveVerifyScratch(store_->path()).ok());
  EXPECT_EQ(scratch_dirs(), 0);
  // The store's own files are untouched.
  EXPECT_EQ(MustVerify().problems_size(), 0);
}

}  // namespace
}  // namespace casehub::engine
