// ExecuteBatch: several commands, one synced commit; each command succeeds
// or fails on its own, and only the ones that succeed are written.
#include <atomic>
#include <limits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/audit_log.h"
#include "services/engine/ids.h"
#include "services/engine/verify.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

class ExecuteBatchTest : public EngineFixture {
 protected:
  // The myelosuppression module raises the alerts of critical values.
  ExecuteBatchTest() : EngineFixture({"libcasehub_lung.so", "libcasehub_myelosuppression.so"}) {}

  // The batch's results, one per command (the test fails otherwise, and
  // when the commit itself failed).
  std::vector<absl::StatusOr<v1::CommandOutcome>> Run(const std::vector<v1::Command>& commands,
                                                      const PatientGate& gate = {}) {
    Engine::BatchOutcome batch = engine_->ExecuteBatch(commands, gate);
    EXPECT_TRUE(batch.commit.ok()) << batch.commit;
    EXPECT_EQ(batch.results.size(), commands.size());
    if (batch.results.size() != commands.size()) {
      return std::vector<absl::StatusOr<v1::CommandOutcome>>(
          commands.size(), absl::InternalError("no result"));
    }
    return std::move(batch.results);
  }

  uint64_t VersionOf(const std::string& patient) { return engine_->LoadState(patient)->version(); }
};

TEST_F(ExecuteBatchTest, ResultsOfTwoPatientsAreRecordedInOrderAndSurviveARestart) {
  const std::string first = NewPatient("r1");
  const std::string second = NewPatient("r2");
  auto results = Run({RecordAnc("lab-1", first, 2.1), RecordAnc("lab-2", second, 3.0),
                      RecordAnc("lab-3", first, 1.6)});
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results) ASSERT_TRUE(result.ok()) << result.status();
  // The later result of the first patient follows the earlier one in the batch.
  EXPECT_EQ(results[0]->first_seq(), 2u);
  EXPECT_EQ(results[2]->first_seq(), results[0]->last_seq() + 1);
  EXPECT_EQ(results[1]->first_seq(), 2u);

  Restart();
  EXPECT_EQ(VersionOf(first), results[2]->last_seq());
  EXPECT_EQ(VersionOf(second), results[1]->last_seq());
  std::vector<v1::Event> events = *engine_->LoadEvents(first);
  ASSERT_EQ(events.size(), results[2]->last_seq());
  EXPECT_EQ(events[1].request_id(), "lab-1");
  EXPECT_EQ(events[1].lab_result_recorded().result().value(), 2.1);
  EXPECT_EQ(events[results[2]->first_seq() - 1].request_id(), "lab-3");
}

TEST_F(ExecuteBatchTest, AFailingCommandLeavesNoTraceAndDoesNotStopTheOthers) {
  const std::string patient = NewPatient("r1");
  auto results = Run({RecordAnc("lab-1", patient, 2.0), RecordAnc("lab-bad", patient, -1),
                      RecordAnc("lab-lost", "p0000000000zz", 1.0), RecordAnc("lab-2", patient, 2.2)});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(results[1].status().message()), HasSubstr("result.value"));
  EXPECT_EQ(results[2].status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(results[0].ok() && results[3].ok());
  EXPECT_EQ(results[3]->first_seq(), results[0]->last_seq() + 1) << "the refused result took no seq";
  EXPECT_EQ(VersionOf(patient), results[3]->last_seq());
  // The refused request ids were not stored: they can be used once the value is mended.
  EXPECT_TRUE(engine_->Execute(RecordAnc("lab-bad", patient, 1.1)).ok());
}

TEST_F(ExecuteBatchTest, ARequestGivenTwiceIsRecordedOnceAndBothGetItsOutcome) {
  const std::string patient = NewPatient("r1");
  auto results = Run({RecordAnc("lab-1", patient, 2.0), RecordAnc("lab-1", patient, 2.0)});
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  EXPECT_EQ(results[1]->first_seq(), results[0]->first_seq());
  EXPECT_EQ(VersionOf(patient), results[0]->last_seq());
}

TEST_F(ExecuteBatchTest, ARequestIdGivenAgainForAnotherRequestFailsItsLaterUse) {
  const std::string patient = NewPatient("r1");
  auto results = Run({RecordAnc("lab-1", patient, 2.0), RecordAnc("lab-1", patient, 2.4)});
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(results[1].status().message()),
              HasSubstr("meta.request_id: 'lab-1' was already used in this batch for a "
                        "different request"));
  EXPECT_EQ(VersionOf(patient), results[0]->last_seq());
}

TEST_F(ExecuteBatchTest, ACommandRefusedByARuleAfterAnEarlierWriteOfItsPatientLeavesThatWrite) {
  const std::string patient = NewPatient("r1");
  const std::string case_id = engine_->Execute(OpenCase("case-1", patient))->entity_id();
  // No assessment, no chemo: the cycle is refused after the result before it was staged.
  v1::Command start = As();
  v1::StartChemoCycleRequest& cycle = *start.mutable_start_chemo_cycle();
  cycle.mutable_meta()->set_request_id("cycle-1");
  cycle.set_case_id(case_id);
  cycle.set_cycle_number(1);
  cycle.set_regimen_id("lung.ep");
  cycle.set_planned_start_date(absl::FormatTime("%Y-%m-%d", clock_.Now(), absl::UTCTimeZone()));
  cycle.set_planned_cycles(4);
  cycle.set_cycle_length_days(21);
  v1::CycleDose& dose = *cycle.add_doses();
  dose.set_drug("etoposide");
  dose.set_unit("mg/m2");
  dose.set_planned_dose(100);
  dose.set_delivered_dose(100);
  auto results = Run({RecordAnc("lab-1", patient, 2.0), start, RecordAnc("lab-2", patient, 2.2)});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok() && results[2].ok());
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kFailedPrecondition)
      << results[1].status();
  EXPECT_EQ(results[2]->first_seq(), results[0]->last_seq() + 1);
  const v1::PatientState state = *engine_->LoadState(patient);
  EXPECT_EQ(state.version(), results[2]->last_seq());
  EXPECT_TRUE(state.chemo_cycles().empty());
}

TEST_F(ExecuteBatchTest, ARetriedBatchIsAnsweredFromTheStoredOutcomesAndWritesNothing) {
  const std::string patient = NewPatient("r1");
  const std::vector<v1::Command> batch = {RecordAnc("lab-1", patient, 2.0),
                                          RecordAnc("lab-2", patient, 2.4)};
  auto first = Run(batch);
  clock_.Advance(absl::Minutes(5));
  auto again = Run(batch);
  ASSERT_EQ(first.size(), 2u);
  ASSERT_EQ(again.size(), 2u);
  for (size_t i = 0; i < again.size(); ++i) {
    ASSERT_TRUE(first[i].ok() && again[i].ok());
    EXPECT_EQ(again[i]->first_seq(), first[i]->first_seq());
  }
  EXPECT_EQ(VersionOf(patient), first[1]->last_seq());
}

TEST_F(ExecuteBatchTest, ALaterCommandSeesThePatientAsTheEarlierOnesLeftIt) {
  const std::string patient = NewPatient("r1");
  // The case the batch's first command opens, named by the seq it will take.
  const std::string case_id = EntityId(patient, EntityKind::kCase, 2);
  v1::Command result_of_the_case = RecordAnc("lab-1", patient, 2.0);
  result_of_the_case.mutable_record_lab_result()->mutable_result()->set_case_id(case_id);
  v1::Command stale = RecordAnc("lab-2", patient, 2.0);
  stale.mutable_record_lab_result()->mutable_meta()->set_expected_version(1);
  auto results = Run({OpenCase("case-1", patient), result_of_the_case, stale});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(results[0]->entity_id(), case_id);
  EXPECT_TRUE(results[1].ok()) << results[1].status();
  EXPECT_EQ(results[2].status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(results[2].status().message()),
              HasSubstr(absl::StrCat("is at version ", results[1]->last_seq(), ", not 1")));
}

TEST_F(ExecuteBatchTest, CriticalValuesOfABatchReachTheAlertFeedInTheirOrder) {
  const std::string first = NewPatient("r1");
  const std::string second = NewPatient("r2");
  auto results = Run({RecordAnc("lab-1", first, 0.4), RecordAnc("lab-2", second, 2.5),
                      RecordAnc("lab-3", second, 0.7)});
  for (const auto& result : results) ASSERT_TRUE(result.ok()) << result.status();
  auto updates = alert_feed_->ReadAfter(kHub, 0, std::numeric_limits<uint64_t>::max(), 100);
  ASSERT_TRUE(updates.ok()) << updates.status();
  ASSERT_EQ(updates->size(), 2u);
  EXPECT_EQ((*updates)[0].alert().patient_id(), first);
  EXPECT_EQ((*updates)[1].alert().patient_id(), second);
  EXPECT_EQ(engine_->LoadState(second)->alerts_size(), 1);
}

TEST_F(ExecuteBatchTest, TheGateRefusesOnePatientWithoutStoppingTheOthers) {
  const std::string allowed = NewPatient("r1");
  const std::string refused = NewPatient("r2");
  const PatientGate gate = [&](const v1::PatientState& state) -> absl::Status {
    if (state.patient().id() == refused) return absl::PermissionDeniedError("not reachable");
    return absl::OkStatus();
  };
  auto results = Run({RecordAnc("lab-1", refused, 2.0), RecordAnc("lab-2", allowed, 2.0)}, gate);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(results[1].ok());
  EXPECT_EQ(VersionOf(refused), 1u);
  EXPECT_EQ(VersionOf(allowed), results[1]->last_seq());
}

// Batches naming the same patients in opposite orders, and single writes to
// them, at once: none waits on another for ever, and every write is counted.
TEST_F(ExecuteBatchTest, OverlappingBatchesAndSingleWritesNeitherDeadlockNorLoseAWrite) {
  const std::string a = NewPatient("r1");
  const std::string b = NewPatient("r2");
  constexpr int kRounds = 15;
  std::atomic<int> failed{0};
  auto batches = [&](const std::string& name, const std::string& first,
                     const std::string& second) {
    for (int i = 0; i < kRounds; ++i) {
      Engine::BatchOutcome batch = engine_->ExecuteBatch(
          {RecordAnc(absl::StrCat(name, i, "-1"), first, 2.0),
           RecordAnc(absl::StrCat(name, i, "-2"), second, 2.0)});
      for (const auto& result : batch.results) failed += result.ok() ? 0 : 1;
    }
  };
  std::thread forward(batches, "ab", a, b);
  std::thread backward(batches, "ba", b, a);
  std::thread singles([&] {
    for (int i = 0; i < kRounds; ++i) {
      failed += engine_->Execute(RecordAnc(absl::StrCat("single", i), i % 2 ? a : b, 2.0)).ok()
                    ? 0
                    : 1;
    }
  });
  forward.join();
  backward.join();
  singles.join();
  EXPECT_EQ(failed, 0);
  // Each patient's stream has no gap: its version is its number of events.
  for (const std::string& patient : {a, b}) {
    const std::vector<v1::Event> events = *engine_->LoadEvents(patient);
    EXPECT_EQ(events.size(), VersionOf(patient));
    int results = 0;
    for (const v1::Event& event : events) {
      results += event.has_lab_result_recorded() ? 1 : 0;
    }
    EXPECT_EQ(results, 2 * kRounds + (patient == a ? kRounds / 2 : kRounds - kRounds / 2));
  }
}

TEST_F(ExecuteBatchTest, ARegistrationAndACommandNamingNoRequestIdAreEachDecidedAlone) {
  v1::Command unnamed = RecordAnc("", NewPatient("r1"), 2.0);
  auto results = Run({Register("reg-1"), unnamed});
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(VersionOf(results[0]->patient_id()), 1u);
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(results[1].status().message()), HasSubstr("meta.request_id"));
}

// The service edge files a write's audit records this way: they commit with
// the commands, given each command's result, or not at all.
TEST_F(ExecuteBatchTest, WritesAddedBeforeTheCommitAreWrittenWithTheCommands) {
  const std::string patient = NewPatient("r1");
  absl::StatusOr<std::unique_ptr<AuditLog>> log = AuditLog::Open(store_.get(), &clock_);
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<absl::StatusCode> seen;
  const WithCommit with_records = [&](absl::Span<const absl::StatusOr<v1::CommandOutcome>> results,
                                      store::WriteBatch& batch) {
    std::vector<v1::AuditRecord> records;
    for (const absl::StatusOr<v1::CommandOutcome>& result : results) {
      seen.push_back(result.status().code());
      v1::AuditRecord& record = records.emplace_back();
      record.set_patient_id(patient);
      record.set_site_id("jc-hub");
      record.set_status_code(static_cast<int>(result.status().code()));
    }
    (*log)->AddAll(std::move(records), batch);
  };
  Engine::BatchOutcome batch = engine_->ExecuteBatch(
      {RecordAnc("lab-1", patient, 2.0), RecordAnc("lab-bad", patient, -1),
       RecordAnc("lab-1", patient, 2.0)},
      {}, with_records);
  ASSERT_TRUE(batch.commit.ok()) << batch.commit;
  // Each result as it stands before the commit; the repeat has its first use's.
  EXPECT_THAT(seen, ::testing::ElementsAre(absl::StatusCode::kOk,
                                           absl::StatusCode::kInvalidArgument,
                                           absl::StatusCode::kOk));

  // Nothing to commit: all refused, or all answered from stored outcomes.
  seen.clear();
  EXPECT_FALSE(engine_->Execute(RecordAnc("lab-bad", patient, -1), {}, with_records).ok());
  EXPECT_TRUE(engine_->Execute(RecordAnc("lab-1", patient, 2.0), {}, with_records).ok());
  EXPECT_TRUE(seen.empty());

  log->reset();
  Restart();
  absl::StatusOr<std::unique_ptr<AuditLog>> reopened = AuditLog::Open(store_.get(), &clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  v1::QueryAuditRequest query;
  query.set_site_id("jc-hub");
  query.set_patient_id(patient);
  absl::StatusOr<v1::QueryAuditResponse> trail = (*reopened)->Query(query);
  ASSERT_TRUE(trail.ok()) << trail.status();
  std::vector<int> codes;
  for (const v1::AuditRecord& record : trail->records()) codes.push_back(record.status_code());
  EXPECT_THAT(codes, ::testing::ElementsAre(0, static_cast<int>(absl::StatusCode::kInvalidArgument), 0));
}

TEST_F(ExecuteBatchTest, APatientsResultsInOneBatchLeaveTheStoreAsReplayingTheLogDoes) {
  // Their state and index entries are written once for the patient's
  // results together; what the store holds must still be the log's.
  const std::string first = NewPatient("r1");
  const std::string second = NewPatient("r2");
  ASSERT_TRUE(engine_->Execute(OpenCase("case-1", first)).ok());
  auto results = Run({RecordAnc("lab-1", first, 0.4), RecordAnc("lab-2", second, 2.0),
                      RecordAnc("lab-3", first, 0.6), RecordAnc("lab-4", first, 3.0),
                      RecordAnc("lab-5", second, 0.5)});
  for (const auto& result : results) ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(engine_->LoadState(first)->alerts_size(), 2);
  EXPECT_EQ(engine_->LoadState(second)->alerts_size(), 1);
  absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->patients_checked(), 2u);
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();

  // The next command on the patient starts from the entries the batch left.
  ASSERT_TRUE(engine_->Execute(RecordAnc("lab-6", first, 0.3)).ok());
  verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();
}

// With a module whose indicator items are refused once a patient has a
// second alert (tests/plugins/fixtures/one_alert_module_plugin.cc).
class ExecuteBatchWithAFaultyModuleTest : public EngineFixture {
 protected:
  ExecuteBatchWithAFaultyModuleTest()
      : EngineFixture({"libcasehub_lung.so", "libcasehub_myelosuppression.so",
                       std::string(CASEHUB_TEST_PLUGIN_DIR) + "/libone_alert_module_plugin.so"}) {}
};

TEST_F(ExecuteBatchWithAFaultyModuleTest, AStateThatCannotBeIndexedFailsAllItsPatientsCommandsAlone) {
  const std::string first = NewPatient("r1");
  const std::string second = NewPatient("r2");
  ASSERT_TRUE(engine_->Execute(OpenCase("case-1", first)).ok());
  ASSERT_TRUE(engine_->Execute(OpenCase("case-2", second)).ok());
  const uint64_t first_version = engine_->LoadState(first)->version();
  // The first patient's two critical values would give it a second alert.
  Engine::BatchOutcome batch = engine_->ExecuteBatch(
      {RecordAnc("lab-1", first, 0.4), RecordAnc("lab-2", second, 0.5),
       RecordAnc("lab-3", first, 0.6)});
  ASSERT_TRUE(batch.commit.ok()) << batch.commit;
  ASSERT_EQ(batch.results.size(), 3u);
  for (size_t i : {0u, 2u}) {
    EXPECT_EQ(batch.results[i].status().code(), absl::StatusCode::kInternal);
    EXPECT_THAT(std::string(batch.results[i].status().message()),
                HasSubstr("plugin one_alert reported indicator item"));
  }
  EXPECT_TRUE(batch.results[1].ok()) << batch.results[1].status();

  // Nothing of the first patient was written: not its events, its state,
  // its alert or its request ids; the second patient's result was.
  EXPECT_EQ(engine_->LoadState(first)->version(), first_version);
  EXPECT_EQ(engine_->LoadEvents(first)->size(), first_version);
  auto updates = alert_feed_->ReadAfter(kHub, 0, std::numeric_limits<uint64_t>::max(), 100);
  ASSERT_TRUE(updates.ok()) << updates.status();
  ASSERT_EQ(updates->size(), 1u);
  EXPECT_EQ((*updates)[0].alert().patient_id(), second);
  EXPECT_TRUE(engine_->Execute(RecordAnc("lab-1", first, 0.4)).ok())
      << "one alert is indexed; the request id was not taken";
  absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();
}

// With a module whose reaction to a result of 99 fails once the hub has
// applied the result to the state it was handed
// (tests/plugins/fixtures/failing_reaction_module_plugin.cc).
class ExecuteBatchWithAFailingReactionTest : public EngineFixture {
 protected:
  ExecuteBatchWithAFailingReactionTest()
      : EngineFixture(
            {"libcasehub_lung.so", "libcasehub_myelosuppression.so",
             std::string(CASEHUB_TEST_PLUGIN_DIR) + "/libfailing_reaction_module_plugin.so"}) {}
};

TEST_F(ExecuteBatchWithAFailingReactionTest,
       ACommandFailingAfterItsEventWasAppliedLeavesTheNextOnesThePatientAsTheEarlierLeftIt) {
  const std::string other = NewPatient("r0");
  const std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("case-0", other)).ok());
  ASSERT_TRUE(engine_->Execute(OpenCase("case-1", patient)).ok());
  // The other patient's result is staged first, in the same WriteBatch;
  // the two failures of the patient's come after its staged results.
  Engine::BatchOutcome batch = engine_->ExecuteBatch(
      {RecordAnc("lab-0", other, 0.5), RecordAnc("lab-1", patient, 0.4),
       RecordAnc("lab-bad", patient, 99), RecordAnc("lab-2", patient, 0.6),
       RecordAnc("lab-bad-2", patient, 99), RecordAnc("lab-3", patient, 2.2)});
  ASSERT_TRUE(batch.commit.ok()) << batch.commit;
  const auto& results = batch.results;
  ASSERT_EQ(results.size(), 6u);
  for (size_t failed : {2u, 4u}) {
    EXPECT_FALSE(results[failed].ok());
    EXPECT_THAT(std::string(results[failed].status().message()),
                HasSubstr("plugin failing_reaction: react failed"));
  }
  for (size_t written : {0u, 1u, 3u, 5u}) {
    ASSERT_TRUE(results[written].ok()) << results[written].status();
  }
  // Each result follows the one written before it: the failed ones took no
  // seq and left nothing in the state the later ones were staged on.
  EXPECT_EQ(results[3]->first_seq(), results[1]->last_seq() + 1);
  EXPECT_EQ(results[5]->first_seq(), results[3]->last_seq() + 1);
  const v1::PatientState state = *engine_->LoadState(patient);
  EXPECT_EQ(state.version(), results[5]->last_seq());
  EXPECT_EQ(state.alerts_size(), 2) << "the two critical values written, each its alert";
  absl::StatusOr<std::vector<v1::Event>> events = engine_->LoadEvents(patient);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), results[5]->last_seq()) << "no event of a failed result";
  for (const v1::Event& event : *events) {
    EXPECT_THAT(event.request_id(), ::testing::Not(HasSubstr("lab-bad")));
  }
  EXPECT_EQ(engine_->LoadState(other)->version(), results[0]->last_seq());
  // Each alert reached the feed once, the other patient's first.
  auto updates = alert_feed_->ReadAfter(kHub, 0, std::numeric_limits<uint64_t>::max(), 100);
  ASSERT_TRUE(updates.ok()) << updates.status();
  std::vector<std::string> alerted;
  for (const v1::AlertUpdate& update : *updates) alerted.push_back(update.alert().patient_id());
  EXPECT_THAT(alerted, ::testing::ElementsAre(other, patient, patient));
  absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();
}

}  // namespace
}  // namespace casehub::engine
