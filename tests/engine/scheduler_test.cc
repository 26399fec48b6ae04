// Time-driven work with a moved clock: a task past its due time becomes
// overdue, once.
#include "services/engine/scheduler.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/engine/ids.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"
#include "tests/support/deletions_stepped_over.h"

namespace casehub::engine {
namespace {

class SchedulerTest : public EngineFixture {};

TEST_F(SchedulerTest, MarksOnlyTasksPastTheirDueTimeAndOnlyOnce) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());  // staging task due in 7 days
  Scheduler scheduler(store_.get(), engine_.get());

  clock_.Advance(absl::Hours(24 * 7) - absl::Seconds(1));
  EXPECT_EQ(*scheduler.RunOnce(), 0);
  EXPECT_FALSE(engine_->LoadState(patient)->tasks(0).overdue());

  clock_.Advance(absl::Seconds(1));  // due_at itself counts as due
  EXPECT_EQ(*scheduler.RunOnce(), 1);
  v1::PatientState state = *engine_->LoadState(patient);
  EXPECT_TRUE(state.tasks(0).overdue());
  EXPECT_EQ(state.tasks(0).status(), v1::TASK_STATUS_OPEN) << "still on the worklist";

  uint64_t version = state.version();
  EXPECT_EQ(*scheduler.RunOnce(), 0);
  EXPECT_EQ(engine_->LoadState(patient)->version(), version);
}

// A hub started after weeks switched off: more tasks fell due than one
// commit of the scheduler carries (128); one pass marks every one of them,
// whatever is left over after the full commits included.
TEST_F(SchedulerTest, OnePassMarksMoreTasksThanOneCommitCarries) {
  constexpr int kPatients = 130;
  std::vector<std::string> patients;
  for (int i = 0; i < kPatients; ++i) {
    patients.push_back(NewPatient(absl::StrCat("register-", i)));
    ASSERT_TRUE(engine_->Execute(OpenCase(absl::StrCat("open-", i), patients.back())).ok());
  }
  clock_.Advance(absl::Hours(24 * 30));
  Scheduler scheduler(store_.get(), engine_.get());
  EXPECT_EQ(*scheduler.RunOnce(), kPatients);
  for (const std::string& patient : patients) {
    EXPECT_TRUE(engine_->LoadState(patient)->tasks(0).overdue()) << patient;
  }
  EXPECT_EQ(*scheduler.RunOnce(), 0);
}

TEST_F(SchedulerTest, CompletedTasksNeverBecomeOverdue) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  ASSERT_TRUE(engine_->Execute(CompleteTask("r3", EntityId(patient, EntityKind::kTask, 3))).ok());
  clock_.Advance(absl::Hours(24 * 30));
  Scheduler scheduler(store_.get(), engine_.get());
  EXPECT_EQ(*scheduler.RunOnce(), 0);
  EXPECT_FALSE(engine_->LoadState(patient)->tasks(0).overdue());
}

TEST_F(SchedulerTest, BackgroundLoopRunsUntilStopped) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  clock_.Advance(absl::Hours(24 * 8));
  Scheduler scheduler(store_.get(), engine_.get());
  scheduler.Start(absl::Milliseconds(5));
  for (int i = 0; i < 400 && !engine_->LoadState(patient)->tasks(0).overdue(); ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  scheduler.Stop();
  EXPECT_TRUE(engine_->LoadState(patient)->tasks(0).overdue());
}

// The deletions a queue scan of the range steps over.
uint64_t DeletionsSteppedOver(const store::Store& store, absl::string_view prefix) {
  return testing::DeletionsSteppedOver([&] {
    EXPECT_TRUE(
        store.ScanQueue(prefix, [](absl::string_view, absl::string_view) { return true; }).ok());
  });
}

// Work done among a worklist's live entries: the range its scan found
// crowded is compacted by the background loop, beside the passes.
TEST_F(SchedulerTest, BackgroundLoopCompactsACrowdedQueueRange) {
  const std::string prefix = store::WorklistPrefix("jc-hub", 0);
  store::WriteBatch writes = store_->NewBatch();
  for (int i = 0; i < 1200; ++i) writes.Put(store::Family::kIndex, absl::StrCat(prefix, 1000 + i), "");
  ASSERT_TRUE(store_->Commit(writes).ok());
  store::WriteBatch deletes = store_->NewBatch();
  for (int i = 1; i < 1199; ++i) deletes.Delete(store::Family::kIndex, absl::StrCat(prefix, 1000 + i));
  ASSERT_TRUE(store_->Commit(deletes).ok());
  ASSERT_EQ(DeletionsSteppedOver(*store_, prefix), 1198u);

  Scheduler scheduler(store_.get(), engine_.get());
  scheduler.Start(absl::Milliseconds(5));
  uint64_t stepped = 1198;
  for (int i = 0; i < 400 && stepped > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
    stepped = DeletionsSteppedOver(*store_, prefix);
  }
  scheduler.Stop();
  EXPECT_EQ(stepped, 0u);
}

}  // namespace
}  // namespace casehub::engine
