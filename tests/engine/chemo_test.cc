// The core rules of chemotherapy facts (without the myelosuppression module,
// whose gate is tested with it): coherent cycles, nothing recorded twice, and
// each cycle's worst ANC grade kept from the grades that fall in it.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

class ChemoTest : public EngineFixture {
 protected:
  void SetUp() override {
    patient_ = NewPatient("r1");
    case_ = engine_->Execute(OpenCase("r2", patient_))->entity_id();
  }

  v1::Command Assess(const std::string& request_id, uint32_t cycle) {
    v1::Command command = As();
    v1::RecordFnRiskAssessmentRequest* request = command.mutable_record_fn_risk_assessment();
    request->mutable_meta()->set_request_id(request_id);
    request->set_case_id(case_);
    request->set_cycle_number(cycle);
    request->set_regimen_id("lung.ep");
    v1::RiskFactorAnswer* answer = request->add_answers();
    answer->set_key("prior_chemo_or_rt");
    answer->set_present(true);
    return command;
  }
  v1::Command Consent(const std::string& request_id, uint32_t cycle) {
    v1::Command command = As();
    command.mutable_record_chemo_consent()->mutable_meta()->set_request_id(request_id);
    command.mutable_record_chemo_consent()->set_case_id(case_);
    command.mutable_record_chemo_consent()->set_cycle_number(cycle);
    return command;
  }
  v1::Command Start(const std::string& request_id, uint32_t cycle) {
    v1::Command command = As();
    command.mutable_start_chemo_cycle()->mutable_meta()->set_request_id(request_id);
    command.mutable_start_chemo_cycle()->set_case_id(case_);
    command.mutable_start_chemo_cycle()->set_cycle_number(cycle);
    command.mutable_start_chemo_cycle()->set_regimen_id("lung.ep");
    return command;
  }

  std::string patient_;
  std::string case_;
};

TEST_F(ChemoTest, RecordsAssessmentConsentAndCycleWithTheirActors) {
  absl::StatusOr<v1::CommandOutcome> assessed = engine_->Execute(Assess("a1", 1));
  ASSERT_TRUE(assessed.ok()) << assessed.status();
  EXPECT_EQ(assessed->entity_id(), EntityId(patient_, EntityKind::kAssessment, 4));
  ASSERT_TRUE(engine_->Execute(Consent("c1", 1)).ok());
  absl::StatusOr<v1::CommandOutcome> started = engine_->Execute(Start("s1", 1));
  ASSERT_TRUE(started.ok()) << started.status();

  v1::PatientState state = *engine_->LoadState(patient_);
  ASSERT_EQ(state.fn_risk_assessments_size(), 1);
  EXPECT_EQ(state.fn_risk_assessments(0).assessed_by().principal_id(), "nurse-li");
  EXPECT_EQ(state.fn_risk_assessments(0).answers(0).key(), "prior_chemo_or_rt");
  ASSERT_EQ(state.chemo_consents_size(), 1);
  ASSERT_EQ(state.chemo_cycles_size(), 1);
  EXPECT_EQ(state.chemo_cycles(0).id(), started->entity_id());
  EXPECT_EQ(ToAbslTime(state.chemo_cycles(0).started_at()), clock_.Now());
}

TEST_F(ChemoTest, CyclesStartInOrderAndOnce) {
  absl::Status early = engine_->Execute(Start("s2", 2)).status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(early.message()), HasSubstr("cannot start before cycle 1"));
  ASSERT_TRUE(engine_->Execute(Start("s1", 1)).ok());
  EXPECT_EQ(engine_->Execute(Start("s1-again", 1)).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(engine_->Execute(Assess("a1", 1)).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "an assessment is for a cycle still to come";
  EXPECT_EQ(engine_->Execute(Consent("c1", 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ChemoTest, BadFieldsAreRefusedNamingThem) {
  EXPECT_THAT(engine_->Execute(Start("s0", 0)).status().ToString(), HasSubstr("cycle_number"));
  v1::Command no_regimen = Assess("a0", 1);
  no_regimen.mutable_record_fn_risk_assessment()->clear_regimen_id();
  EXPECT_THAT(engine_->Execute(no_regimen).status().ToString(), HasSubstr("regimen_id"));
  v1::Command twice = Assess("a2", 1);
  *twice.mutable_record_fn_risk_assessment()->add_answers() =
      twice.record_fn_risk_assessment().answers(0);
  EXPECT_THAT(engine_->Execute(twice).status().ToString(), HasSubstr("answered twice"));
  ASSERT_TRUE(engine_->Execute(Consent("c1", 1)).ok());
  EXPECT_EQ(engine_->Execute(Consent("c1-again", 1)).status().code(),
            absl::StatusCode::kAlreadyExists);
  v1::Command other_case = Start("s9", 1);
  other_case.mutable_start_chemo_cycle()->set_case_id(patient_ + "-c9");
  EXPECT_EQ(engine_->Execute(other_case).status().code(), absl::StatusCode::kNotFound);
}

// Apply alone: a grade lands on the cycle of its case that ran at the time.
TEST(ChemoApplyTest, WorstAncGradeGoesToTheCycleRunningWhenObserved) {
  const absl::Time day0 = absl::FromUnixSeconds(1'790'000'000);
  v1::PatientState state;
  state.set_version(2);
  for (uint32_t n : {1u, 2u}) {
    v1::ChemoCycle* cycle = state.add_chemo_cycles();
    cycle->set_case_id("case");
    cycle->set_cycle_number(n);
    *cycle->mutable_started_at() = ToProtoTime(day0 + absl::Hours(24 * 21 * (n - 1)));
  }
  auto grade = [&](uint64_t seq, int value, absl::Duration after_day0, const char* analyte) {
    v1::Event event;
    event.set_seq(seq);
    v1::LabResultGraded* graded = event.mutable_lab_result_graded();
    graded->set_analyte(analyte);
    graded->set_grade(value);
    graded->set_case_id("case");
    *graded->mutable_observed_at() = ToProtoTime(day0 + after_day0);
    ASSERT_TRUE(Apply(event, &state).ok());
  };
  grade(3, 3, absl::Hours(24 * 10), "anc");       // cycle 1, day 10
  grade(4, 2, absl::Hours(24 * 12), "anc");       // cycle 1: a milder one keeps G3
  grade(5, 4, absl::Hours(24 * 30), "anc");       // cycle 2, day 9
  grade(6, 4, absl::Hours(24 * 11), "platelets"); // not an ANC
  grade(7, 4, -absl::Hours(24), "anc");           // before any cycle
  EXPECT_EQ(state.chemo_cycles(0).worst_anc_grade(), 3);
  EXPECT_EQ(state.chemo_cycles(1).worst_anc_grade(), 4);

  // A result sent without a case counts for the cycle running at the time.
  v1::Event caseless;
  caseless.set_seq(8);
  caseless.mutable_lab_result_graded()->set_analyte("anc");
  caseless.mutable_lab_result_graded()->set_grade(4);
  *caseless.mutable_lab_result_graded()->mutable_observed_at() =
      ToProtoTime(day0 + absl::Hours(24 * 5));
  ASSERT_TRUE(Apply(caseless, &state).ok());
  EXPECT_EQ(state.chemo_cycles(0).worst_anc_grade(), 4);
}

}  // namespace
}  // namespace casehub::engine
