// "No assessment, no chemo; no informed consent, no chemo", over real gRPC
// with the real myelosuppression module: the gate, the FN risk result, nadir
// tasks, and secondary prophylaxis from an earlier cycle's grade 4 ANC.
// Rules: clinical-rules.md §2.2 (lung.topotecan HIGH, lung.ep INTERMEDIATE,
// lung.pemetrexed_platinum LOW), §2.4 (decision), §5 (nadir days 7-14).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class ChemoGateTest : public HubFixture {
 protected:
  void SetUp() override {
    patient_ = Register("reg-1");
    case_ = OpenLungCase(patient_, "case-1").id();
  }

  grpc::Status Assess(uint32_t cycle, const std::string& regimen,
                      std::set<std::string> present, v1::FnRiskAssessment* result,
                      const std::string& skip = "") {
    return AssessCycle(case_, cycle, regimen, std::move(present), result, skip);
  }
  grpc::Status Consent(uint32_t cycle) { return ConsentCycle(case_, cycle); }
  grpc::Status Start(uint32_t cycle, const std::string& regimen, v1::ChemoCycle* started) {
    return StartCycle(case_, cycle, regimen, started);
  }
  uint64_t Version() {
    v1::GetPatientRequest get;
    get.set_patient_id(patient_);
    v1::PatientView view;
    EXPECT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
    return view.state().version();
  }

  std::string patient_;
  std::string case_;
};

TEST_F(ChemoGateTest, NoAssessmentNoConsentNoChemo) {
  v1::ChemoCycle cycle;
  grpc::Status neither = Start(1, "lung.ep", &cycle);
  ASSERT_EQ(neither.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(neither.error_message(), HasSubstr("no assessment, no chemo"));
  EXPECT_THAT(neither.error_message(), HasSubstr("no informed consent, no chemo"));

  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.ep", {}, &assessment).ok());
  grpc::Status no_consent = Start(1, "lung.ep", &cycle);
  ASSERT_EQ(no_consent.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(no_consent.error_message(), HasSubstr("no informed consent"));
  EXPECT_THAT(no_consent.error_message(), ::testing::Not(HasSubstr("no assessment, no chemo")));

  ASSERT_TRUE(Consent(1).ok());
  ASSERT_TRUE(Start(1, "lung.ep", &cycle).ok());
  EXPECT_EQ(cycle.cycle_number(), 1u);
}

TEST_F(ChemoGateTest, ConsentWithoutAssessmentIsRefused) {
  ASSERT_TRUE(Consent(1).ok());
  v1::ChemoCycle cycle;
  grpc::Status refused = Start(1, "lung.ep", &cycle);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("no assessment, no chemo"));
  EXPECT_THAT(refused.error_message(), ::testing::Not(HasSubstr("no informed consent")));
}

TEST_F(ChemoGateTest, StaleAssessmentIsRefused) {
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.ep", {}, &assessment).ok());
  ASSERT_TRUE(Consent(1).ok());
  clock_.Advance(absl::Hours(24 * 8));  // older than the default 7 days
  v1::ChemoCycle cycle;
  grpc::Status stale = Start(1, "lung.ep", &cycle);
  ASSERT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(stale.error_message(), HasSubstr("more than 7 days old"));
}

TEST_F(ChemoGateTest, AssessmentResultsFollowTheDecisionRules) {
  v1::FnRiskAssessment high;
  ASSERT_TRUE(Assess(1, "lung.topotecan", {}, &high).ok());
  EXPECT_EQ(high.regimen_category(), v1::FN_RISK_LEVEL_HIGH);
  EXPECT_EQ(high.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY);
  EXPECT_FALSE(high.reasons().empty());

  v1::FnRiskAssessment observe;
  ASSERT_TRUE(Assess(1, "lung.ep", {}, &observe).ok());
  EXPECT_EQ(observe.regimen_category(), v1::FN_RISK_LEVEL_INTERMEDIATE);
  EXPECT_EQ(observe.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE);

  v1::FnRiskAssessment low;
  ASSERT_TRUE(Assess(1, "lung.pemetrexed_platinum", {}, &low).ok());
  EXPECT_EQ(low.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_NONE);
}

TEST_F(ChemoGateTest, BadAssessmentsAreRefusedAndNothingIsStored) {
  uint64_t version = Version();
  v1::FnRiskAssessment result;
  grpc::Status unknown = Assess(1, "lung.magic_bullet", {}, &result);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), HasSubstr("regimen catalogue"));
  grpc::Status missing = Assess(1, "lung.ep", {}, &result, "prior_FN");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(missing.error_message(), HasSubstr("prior_FN"));
  v1::ChemoCycle cycle;
  EXPECT_EQ(Start(1, "lung.magic_bullet", &cycle).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Version(), version);
}

// The catalogue's cycle length is the regimen's (clinical-rules.md §2.2: a
// category belongs to a regimen and its schedule): lung.ep is every 21 days;
// lung.cisplatin_vinorelbine has no standard length, so any plan goes.
TEST_F(ChemoGateTest, CycleLengthIsTheCataloguesWhereItHasOne) {
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.ep", {}, &assessment).ok());
  ASSERT_TRUE(Consent(1).ok());
  v1::StartChemoCycleRequest request = CycleRequest(case_, 1, "lung.ep");
  request.set_cycle_length_days(28);
  const uint64_t version = Version();
  v1::ChemoCycle cycle;
  grpc::Status refused = StartCycle(request, &cycle);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("cycle_length_days: lung.ep is given every 21 days in the regimen "
                        "catalogue, not every 28"));
  EXPECT_EQ(Version(), version);

  std::string other = OpenLungCase(Register("reg-2"), "case-2").id();
  ASSERT_TRUE(AssessCycle(other, 1, "lung.cisplatin_vinorelbine", {}, &assessment).ok());
  ASSERT_TRUE(ConsentCycle(other, 1).ok());
  request = CycleRequest(other, 1, "lung.cisplatin_vinorelbine");
  request.set_cycle_length_days(28);
  grpc::Status started = StartCycle(request, &cycle);
  ASSERT_TRUE(started.ok()) << started.error_message();
  EXPECT_EQ(cycle.cycle_length_days(), 28u);
}

TEST_F(ChemoGateTest, StartedCycleSchedulesNadirChecksAndACbcCompletesOne) {
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.ep", {}, &assessment).ok());
  ASSERT_TRUE(Consent(1).ok());
  v1::ChemoCycle cycle;
  ASSERT_TRUE(Start(1, "lung.ep", &cycle).ok());

  auto nadir_tasks = [&] {
    v1::ListWorklistResponse worklist;
    EXPECT_TRUE(tasks_->ListWorklist(As().get(), {}, &worklist).ok());
    std::vector<v1::Task> nadir;
    for (const v1::Task& task : worklist.tasks()) {
      if (task.kind() == "myelo.nadir_cbc") nadir.push_back(task);
    }
    return nadir;
  };
  std::vector<v1::Task> before = nadir_tasks();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(engine::ToAbslTime(before[0].due_at()) - engine::ToAbslTime(cycle.started_at()),
            absl::Hours(24 * 8));
  EXPECT_EQ(engine::ToAbslTime(before[1].due_at()) - engine::ToAbslTime(cycle.started_at()),
            absl::Hours(24 * 14));

  clock_.Advance(absl::Hours(24 * 7) + absl::Minutes(30));  // day 7: inside the first window
  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient_, 1.8, "nadir-1"), &recorded).ok());
  std::vector<v1::Task> after = nadir_tasks();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id(), before[1].id()) << "the day-7 check is done, days 10-14 remain";
}

TEST_F(ChemoGateTest, GradeFourNeutropeniaInCycleOneMeansSecondaryProphylaxis) {
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.pemetrexed_platinum", {}, &assessment).ok());
  ASSERT_TRUE(Consent(1).ok());
  v1::ChemoCycle cycle;
  ASSERT_TRUE(Start(1, "lung.pemetrexed_platinum", &cycle).ok());
  clock_.Advance(absl::Hours(24 * 10));
  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient_, 0.3, "nadir-g4"), &recorded).ok());

  clock_.Advance(absl::Hours(24 * 10));
  v1::FnRiskAssessment second;
  ASSERT_TRUE(Assess(2, "lung.pemetrexed_platinum", {}, &second).ok());
  EXPECT_EQ(second.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY);
  std::string reasons;
  for (const std::string& reason : second.reasons()) reasons += reason + "\n";
  EXPECT_THAT(reasons, HasSubstr("cycle 1"));
}

// clinical-rules.md §1 (FN: ANC < 1.0 and > 38.3 °C once) and §3 (MASCC:
// 5 + 5 + 4 + 4 + 3 + 0 (inpatient) + 0 (age 60, not < 60) = 21, low risk).
TEST_F(ChemoGateTest, FebrileNeutropeniaIsConfirmedScoredAndRaisesTheBedsideLevel) {
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(Assess(1, "lung.pemetrexed_platinum", {}, &assessment).ok());
  ASSERT_TRUE(Consent(1).ok());
  v1::ChemoCycle cycle;
  ASSERT_TRUE(Start(1, "lung.pemetrexed_platinum", &cycle).ok());
  clock_.Advance(absl::Hours(24 * 9));

  v1::RecordFebrileEpisodeRequest fever;
  fever.mutable_meta()->set_request_id("fever-1");
  fever.set_case_id(case_);
  *fever.mutable_observed_at() = engine::ToProtoTime(clock_.Now() - absl::Minutes(10));
  fever.set_temperature_c(38.6);
  fever.set_anc(0.4);
  v1::MasccItems* mascc = fever.mutable_mascc();
  mascc->set_burden_of_illness(v1::ILLNESS_BURDEN_NONE_OR_MILD);
  mascc->set_hypotension(false);
  mascc->set_copd(false);
  mascc->set_solid_tumor_or_no_prior_fungal_infection(true);
  mascc->set_dehydration_needing_iv_fluids(false);
  mascc->set_outpatient_at_onset(false);
  v1::FebrileEpisode episode;
  grpc::Status recorded = chemo_->RecordFebrileEpisode(As().get(), fever, &episode);
  ASSERT_TRUE(recorded.ok()) << recorded.error_message();
  EXPECT_TRUE(episode.febrile_neutropenia());
  ASSERT_TRUE(episode.has_mascc_score());
  EXPECT_EQ(episode.mascc_score(), 21);  // the patient (born 1966-07-21) is 60
  EXPECT_TRUE(episode.mascc_low_risk());

  v1::GetPatientRequest get;
  get.set_patient_id(patient_);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  EXPECT_TRUE(view.state().chemo_cycles(0).febrile_neutropenia());
  EXPECT_EQ(view.state().management_grade().level(), 3) << "FN: the highest nursing level";
  EXPECT_FALSE(view.state().management_grade().bedside_label().empty());

  clock_.Advance(absl::Hours(24 * 12));
  v1::FnRiskAssessment second;
  ASSERT_TRUE(Assess(2, "lung.pemetrexed_platinum", {}, &second).ok());
  EXPECT_EQ(second.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY)
      << "§2.4: FN in an earlier cycle";

  v1::RecordFebrileEpisodeRequest absurd = fever;
  absurd.mutable_meta()->set_request_id("fever-absurd");
  absurd.set_temperature_c(101.3);  // Fahrenheit by mistake
  grpc::Status refused = chemo_->RecordFebrileEpisode(As().get(), absurd, &episode);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("temperature_c"));
}

}  // namespace
}  // namespace casehub::hub
