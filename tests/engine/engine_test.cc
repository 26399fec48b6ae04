// The write path: commands, their events, their refusals, idempotency and
// optimistic concurrency.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

class EngineTest : public EngineFixture {};

TEST_F(EngineTest, RegisterAssignsIdAndRecordsTheRegisteringSite) {
  absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(Register("r1"));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(IsPatientId(outcome->patient_id()));
  EXPECT_EQ(outcome->first_seq(), 1u);

  absl::StatusOr<v1::PatientState> state = engine_->LoadState(outcome->patient_id());
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->patient().name(), "王建国");
  EXPECT_EQ(state->patient().registering_site_id(), kHub);
  EXPECT_EQ(state->version(), 1u);
}

TEST_F(EngineTest, OpenCaseRoutesToLungPluginWhichCreatesAStagingTask) {
  std::string patient = NewPatient("r1");
  absl::StatusOr<v1::CommandOutcome> opened = engine_->Execute(OpenCase("r2", patient, "c34.1"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->entity_id(), EntityId(patient, EntityKind::kCase, 2));
  // The case event, then the lung plugin's derived task.
  EXPECT_EQ(opened->first_seq(), 2u);
  EXPECT_EQ(opened->last_seq(), 3u);

  v1::PatientState state = *engine_->LoadState(patient);
  ASSERT_EQ(state.cases_size(), 1);
  EXPECT_EQ(state.cases(0).tumor_type(), "lung");
  EXPECT_EQ(state.cases(0).diagnosis().code(), "C34.1");
  EXPECT_EQ(state.cases(0).stage(), "diagnosis");
  ASSERT_EQ(state.tasks_size(), 1);
  const v1::Task& task = state.tasks(0);
  EXPECT_EQ(task.id(), EntityId(patient, EntityKind::kTask, 3));
  EXPECT_EQ(task.kind(), "lung.staging");
  EXPECT_EQ(task.created_by_plugin(), "lung");
  EXPECT_EQ(task.site_id(), kHub);
  EXPECT_EQ(ToAbslTime(task.due_at()), clock_.Now() + absl::Hours(24 * 7));

  std::vector<v1::Event> events = *engine_->LoadEvents(patient);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].caused_by_seq(), 2u);
  EXPECT_EQ(events[2].plugin_id(), "lung");
  EXPECT_EQ(events[2].request_id(), "r2");
}

TEST_F(EngineTest, DiagnosisNoPluginClaimsIsFailedPreconditionNamingInstalledTypes) {
  std::string patient = NewPatient("r1");
  absl::StatusOr<v1::CommandOutcome> opened = engine_->Execute(OpenCase("r2", patient, "C18.7"));
  ASSERT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(opened.status().message()), HasSubstr("C18.7"));
  EXPECT_THAT(std::string(opened.status().message()), HasSubstr("lung (C33-C34"));
  EXPECT_EQ(engine_->LoadState(patient)->version(), 1u) << "nothing written";
}

TEST_F(EngineTest, SecondOpenLungCaseIsRefused) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  EXPECT_EQ(engine_->Execute(OpenCase("r3", patient, "C34.3")).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(EngineTest, RetryWithSameRequestIdReturnsFirstOutcomeAndWritesNothing) {
  std::string patient = NewPatient("r1");
  v1::Command lab = RecordAnc("lab-1", patient, 0.8);
  absl::StatusOr<v1::CommandOutcome> first = engine_->Execute(lab);
  ASSERT_TRUE(first.ok());
  clock_.Advance(absl::Minutes(3));
  absl::StatusOr<v1::CommandOutcome> retry = engine_->Execute(lab);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(engine_->LoadEvents(patient)->size(), 2u);

  // A registration retried must not create a second patient either.
  absl::StatusOr<v1::CommandOutcome> again = engine_->Execute(Register("r1"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->patient_id(), patient);
}

TEST_F(EngineTest, RetrySurvivesRestart) {
  std::string patient = NewPatient("r1");
  Restart();
  absl::StatusOr<v1::CommandOutcome> again = engine_->Execute(Register("r1"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->patient_id(), patient);
}

TEST_F(EngineTest, RequestIdReusedForADifferentBodyIsRefused) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(RecordAnc("lab-1", patient, 0.8)).ok());
  absl::StatusOr<v1::CommandOutcome> reused = engine_->Execute(RecordAnc("lab-1", patient, 1.9));
  ASSERT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reused.status().message()), HasSubstr("meta.request_id"));
  EXPECT_EQ(engine_->LoadEvents(patient)->size(), 2u);
}

TEST_F(EngineTest, StaleExpectedVersionIsAborted) {
  std::string patient = NewPatient("r1");
  v1::Command lab = RecordAnc("lab-1", patient, 2.5);
  lab.mutable_record_lab_result()->mutable_meta()->set_expected_version(1);
  ASSERT_TRUE(engine_->Execute(lab).ok());

  v1::Command stale = RecordAnc("lab-2", patient, 2.6);
  stale.mutable_record_lab_result()->mutable_meta()->set_expected_version(1);
  absl::StatusOr<v1::CommandOutcome> refused = engine_->Execute(stale);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("at version 2"));
  EXPECT_EQ(engine_->LoadState(patient)->version(), 2u);
}

TEST_F(EngineTest, UnknownIdsAreNotFound) {
  EXPECT_EQ(engine_->Execute(RecordAnc("x", "p0000000000zz", 1.0)).status().code(),
            absl::StatusCode::kNotFound);
  std::string patient = NewPatient("r1");
  EXPECT_EQ(engine_->Execute(ChangeStage("y", patient + "-c9", "staging")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->Execute(CompleteTask("z", patient + "-t9")).status().code(),
            absl::StatusCode::kNotFound);
}

struct BadField {
  const char* name;
  std::function<void(v1::Command&)> spoil;
  const char* field;
};

class RegisterValidationTest : public EngineFixture,
                               public ::testing::WithParamInterface<BadField> {};

TEST_P(RegisterValidationTest, IsInvalidArgumentNamingTheField) {
  v1::Command command = Register("bad");
  GetParam().spoil(command);
  absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(command);
  ASSERT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument) << outcome.status();
  EXPECT_THAT(std::string(outcome.status().message()), HasSubstr(GetParam().field));
}

v1::Patient& PatientOf(v1::Command& command) {
  return *command.mutable_register_patient()->mutable_patient();
}

INSTANTIATE_TEST_SUITE_P(
    Fields, RegisterValidationTest,
    ::testing::Values(
        BadField{"NoName", [](v1::Command& c) { PatientOf(c).clear_name(); }, "patient.name"},
        BadField{"ControlCharInName", [](v1::Command& c) { PatientOf(c).set_name("a\nb"); },
                 "patient.name"},
        BadField{"NoSex", [](v1::Command& c) { PatientOf(c).clear_sex(); }, "patient.sex"},
        BadField{"BadDate", [](v1::Command& c) { PatientOf(c).set_birth_date("1958-13-01"); },
                 "patient.birth_date"},
        BadField{"FutureDate", [](v1::Command& c) { PatientOf(c).set_birth_date("2030-01-01"); },
                 "patient.birth_date"},
        BadField{"BadPhone", [](v1::Command& c) { PatientOf(c).set_phone("call me"); },
                 "patient.phone"},
        BadField{"NoRequestId",
                 [](v1::Command& c) { c.mutable_register_patient()->clear_meta(); },
                 "meta.request_id"},
        BadField{"NoActor", [](v1::Command& c) { c.clear_actor(); }, "actor.principal_id"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(EngineTest, LabResultRulesNameTheField) {
  std::string patient = NewPatient("r1");
  auto refused = [&](std::function<void(v1::LabResult&)> spoil) {
    v1::Command command = RecordAnc("bad-lab", patient, 1.0);
    spoil(*command.mutable_record_lab_result()->mutable_result());
    return engine_->Execute(command).status();
  };
  EXPECT_THAT(refused([](v1::LabResult& r) { r.set_value(-0.1); }).ToString(),
              HasSubstr("result.value"));
  EXPECT_THAT(refused([](v1::LabResult& r) { r.set_value(std::nan("")); }).ToString(),
              HasSubstr("result.value"));
  EXPECT_THAT(refused([](v1::LabResult& r) { r.mutable_code()->set_code("ANC"); }).ToString(),
              HasSubstr("result.code.code"));
  EXPECT_THAT(refused([](v1::LabResult& r) { r.clear_unit(); }).ToString(),
              HasSubstr("result.unit"));
  EXPECT_THAT(refused([](v1::LabResult& r) { r.clear_observed_at(); }).ToString(),
              HasSubstr("result.observed_at"));
  EXPECT_THAT(refused([&](v1::LabResult& r) {
                *r.mutable_observed_at() = ToProtoTime(clock_.Now() + absl::Hours(1));
              }).ToString(),
              HasSubstr("future"));
  EXPECT_EQ(refused([&](v1::LabResult& r) { r.set_case_id(patient + "-c7"); }).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->LoadState(patient)->version(), 1u) << "nothing written";
}

TEST_F(EngineTest, StageTransitionsFollowThePluginPathway) {
  std::string patient = NewPatient("r1");
  std::string case_id = engine_->Execute(OpenCase("r2", patient))->entity_id();

  absl::Status skipped = engine_->Execute(ChangeStage("s1", case_id, "treatment")).status();
  ASSERT_EQ(skipped.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(skipped.message()), HasSubstr("diagnosis -> treatment"));
  EXPECT_THAT(std::string(skipped.message()), HasSubstr("staging"));

  EXPECT_EQ(engine_->Execute(ChangeStage("s2", case_id, "remission")).status().code(),
            absl::StatusCode::kInvalidArgument);

  absl::Status unmet = engine_->Execute(ChangeStage("s3", case_id, "staging")).status();
  ASSERT_EQ(unmet.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(unmet.message()), HasSubstr("histology"));
  ASSERT_TRUE(engine_->Execute(RecordCaseData("d1", case_id, {{"histology", "squamous"},
                                                              {"diagnosis_date", "2026-10-01"},
                                                              {"treatment_intent", "palliative"}}))
                  .ok());
  ASSERT_TRUE(engine_->Execute(ChangeStage("s3", case_id, "staging")).ok());
  ASSERT_TRUE(engine_->Execute(ChangeStage("s4", case_id, "palliative")).ok());
  EXPECT_EQ(engine_->LoadState(patient)->cases(0).stage(), "palliative");
}

TEST_F(EngineTest, CompletingATaskTwiceIsFailedPrecondition) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  std::string task = EntityId(patient, EntityKind::kTask, 3);
  ASSERT_TRUE(engine_->Execute(CompleteTask("c1", task)).ok());
  EXPECT_EQ(engine_->LoadState(patient)->tasks(0).status(), v1::TASK_STATUS_COMPLETED);
  EXPECT_EQ(engine_->Execute(CompleteTask("c2", task)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(EngineTest, IndexesFollowTheState) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  std::string task = EntityId(patient, EntityKind::kTask, 3);
  auto count = [&](const std::string& prefix) {
    int n = 0;
    EXPECT_TRUE(store_->Scan(store::Family::kIndex, prefix, "",
                             [&](absl::string_view, absl::string_view) { return ++n; })
                    .ok());
    return n;
  };
  EXPECT_EQ(count(store::PatientsBySitePrefix(kHub)), 1);
  EXPECT_EQ(count(store::CasesBySitePrefix(kHub, "lung")), 1);
  EXPECT_EQ(count(store::WorklistPrefix(kHub, 0)), 1);
  EXPECT_EQ(count(store::WorklistPrefix(kHub, v1::ROLE_CASE_MANAGER)), 1);
  ASSERT_TRUE(engine_->Execute(CompleteTask("c1", task)).ok());
  EXPECT_EQ(count(store::WorklistPrefix(kHub, 0)), 0) << "completed tasks leave the worklist";
  EXPECT_EQ(count(std::string(store::kDueTaskPrefix)), 0);
}

TEST_F(EngineTest, ConcurrentWritersToManyPatientsAllLand) {
  std::vector<std::string> patients;
  for (int i = 0; i < 8; ++i) patients.push_back(NewPatient(absl::StrCat("reg-", i)));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        // Every thread writes to every patient: per-patient serialization
        // must keep each stream gap-free.
        const std::string& patient = patients[(t + i) % patients.size()];
        EXPECT_TRUE(engine_->Execute(RecordAnc(absl::StrCat("lab-", t, "-", i), patient, 2.0)).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  int total = 0;
  for (const std::string& patient : patients) {
    std::vector<v1::Event> events = *engine_->LoadEvents(patient);
    for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq(), i + 1);
    total += static_cast<int>(events.size());
  }
  EXPECT_EQ(total, 8 + 8 * 20);
}

}  // namespace
}  // namespace casehub::engine
