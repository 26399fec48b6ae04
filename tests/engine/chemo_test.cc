// The core rules of chemotherapy facts (without the myelosuppression module,
// whose gate is tested with it): coherent cycles, nothing recorded twice, the
// plan, planned dates and doses the §6 indicators need, and each cycle's
// worst ANC grade kept from the grades that fall in it.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/apply.h"
#include "services/engine/chemo_rules.h"
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
  // A cycle planned for today of a 2-cycle, 21-day course, etoposide at full
  // dose.
  v1::Command Start(const std::string& request_id, uint32_t cycle) {
    v1::Command command = As();
    v1::StartChemoCycleRequest* request = command.mutable_start_chemo_cycle();
    request->mutable_meta()->set_request_id(request_id);
    request->set_case_id(case_);
    request->set_cycle_number(cycle);
    request->set_regimen_id("lung.ep");
    request->set_planned_start_date(Today());
    request->set_planned_cycles(2);
    request->set_cycle_length_days(21);
    v1::CycleDose* dose = request->add_doses();
    dose->set_drug("etoposide");
    dose->set_unit("mg/m2");
    dose->set_planned_dose(100);
    dose->set_delivered_dose(100);
    return command;
  }
  std::string Today() const {
    return absl::FormatTime("%Y-%m-%d", clock_.Now(), absl::UTCTimeZone());
  }
  uint64_t Version() { return engine_->LoadState(patient_)->version(); }

  using Change = std::function<void(v1::StartChemoCycleRequest&)>;
  struct BadInput {
    const char* what;
    Change change;
    const char* message;
  };
  // Each row's change to a good start of `cycle` is refused: INVALID_ARGUMENT
  // naming the field and the rule, and nothing is stored.
  void ExpectRefused(uint32_t cycle, const std::vector<BadInput>& rows) {
    const uint64_t version = Version();
    for (size_t i = 0; i < rows.size(); ++i) {
      const BadInput& row = rows[i];
      v1::Command command = Start(absl::StrCat("bad-", cycle, "-", i), cycle);
      row.change(*command.mutable_start_chemo_cycle());
      absl::Status status = engine_->Execute(command).status();
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << row.what << ": " << status;
      EXPECT_THAT(std::string(status.message()), HasSubstr(row.message)) << row.what;
    }
    EXPECT_EQ(Version(), version) << "nothing stored";
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
  EXPECT_EQ(state.fn_risk_assessments(0).assessed_by().principal_id(), "clinician.jc-hub");
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

// The facts behind clinical-rules.md §6's delay rate, on-time completion and
// RDI, on cycle 1 (today is 2026-11-02).
TEST_F(ChemoTest, BadPlansDatesAndDosesAreRefusedNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto dose = [](v1::StartChemoCycleRequest& r) { return r.mutable_doses(0); };
  ExpectRefused(
      1,
      {{"no plan", [](auto& r) { r.clear_planned_cycles(); },
        "planned_cycles: is required: the course has no plan yet"},
       {"101 cycles", [](auto& r) { r.set_planned_cycles(101); },
        "planned_cycles: must be from 1 to 100, got 101"},
       {"no cycle length", [](auto& r) { r.clear_cycle_length_days(); },
        "cycle_length_days: is required"},
       {"91-day cycles", [](auto& r) { r.set_cycle_length_days(91); },
        "cycle_length_days: must be from 1 to 90, got 91"},
       {"impossible date", [](auto& r) { r.set_planned_start_date("2026-02-30"); },
        "planned_start_date: must be a date YYYY-MM-DD, got '2026-02-30'"},
       {"not ISO", [](auto& r) { r.set_planned_start_date("02/11/2026"); },
        "planned_start_date: must be a date YYYY-MM-DD"},
       {"wrong year", [](auto& r) { r.set_planned_start_date("2025-11-02"); },
        "planned_start_date: 2025-11-02 is more than 180 days from the start, 2026-11-02"},
       {"181 days ahead", [](auto& r) { r.set_planned_start_date("2027-05-02"); },
        "planned_start_date: 2027-05-02 is more than 180 days"},
       {"no doses", [](auto& r) { r.clear_doses(); }, "doses: at least one drug is required"},
       {"no drug", [&](auto& r) { dose(r)->clear_drug(); }, "doses[0].drug:"},
       {"drug twice",
        [](auto& r) {
          *r.add_doses() = r.doses(0);
          r.mutable_doses(1)->set_drug("Etoposide");
        },
        "doses[1].drug: 'Etoposide' is listed twice"},
       {"unit g", [&](auto& r) { dose(r)->set_unit("g"); },
        "doses[0].unit: must be mg/m2 or mg, got 'g'"},
       {"planned 0", [&](auto& r) { dose(r)->set_planned_dose(0); },
        "doses[0].planned_dose: must be a number > 0, got 0"},
       {"planned NaN", [&](auto& r) { dose(r)->set_planned_dose(nan); },
        "doses[0].planned_dose: must be a number > 0"},
       {"planned inf", [&](auto& r) { dose(r)->set_planned_dose(inf); },
        "doses[0].planned_dose: must be a number > 0"},
       {"delivered < 0", [&](auto& r) { dose(r)->set_delivered_dose(-1); },
        "doses[0].delivered_dose: must be a number >= 0, got -1"},
       {"delivered NaN", [&](auto& r) { dose(r)->set_delivered_dose(nan); },
        "doses[0].delivered_dose: must be a number >= 0"},
       {"delivered > 125%", [&](auto& r) { dose(r)->set_delivered_dose(125.5); },
        "doses[0].delivered_dose: 125.5 is more than 125% of the planned 100 mg/m2"},
       {"8 days late, no reason", [](auto& r) { r.set_planned_start_date("2026-10-25"); },
        "delay_reason: is required: the cycle starts 8 days after its planned date 2026-10-25"},
       {"reason, on time", [](auto& r) { r.set_delay_reason(v1::CHEMO_DELAY_REASON_LOGISTICS); },
        "delay_reason: the cycle starts on or before its planned date"},
       {"reason, no planned date",
        [](auto& r) {
          r.clear_planned_start_date();
          r.set_delay_reason(v1::CHEMO_DELAY_REASON_MYELOSUPPRESSION);
        },
        "delay_reason: needs a planned_start_date"},
       {"unknown reason",
        [](auto& r) { r.set_delay_reason(static_cast<v1::ChemoDelayReason>(99)); },
        "delay_reason: unknown value 99"}});
}

// The plan is set on cycle 1 and kept: later cycles may leave it out, not
// change it, and none starts beyond it.
TEST_F(ChemoTest, LaterCyclesKeepTheCoursePlan) {
  v1::Command first = Start("s1", 1);
  first.mutable_start_chemo_cycle()->clear_planned_start_date();  // optional on cycle 1
  first.mutable_start_chemo_cycle()->mutable_doses(0)->set_delivered_dose(125);  // 125%: accepted
  ASSERT_TRUE(engine_->Execute(first).ok());
  clock_.Advance(absl::Hours(24 * 29));  // 2026-12-01
  ExpectRefused(
      2,
      {{"no planned date", [](auto& r) { r.clear_planned_start_date(); },
        "planned_start_date: is required from cycle 2 on"},
       {"planned on cycle 1's day", [](auto& r) { r.set_planned_start_date("2026-11-02"); },
        "planned_start_date: must be after the start of cycle 1 (2026-11-02), got 2026-11-02"},
       {"plan changed", [](auto& r) { r.set_planned_cycles(4); },
        "planned_cycles: the course of case"},
       {"length changed", [](auto& r) { r.set_cycle_length_days(28); },
        "was planned with 21 at cycle 1, got 28"},
       {"unit changed", [](auto& r) { r.mutable_doses(0)->set_unit("mg"); },
        "doses[0].unit: etoposide was dosed in mg/m2 in cycle 1"},
       {"8 days late, no reason", [](auto& r) { r.set_planned_start_date("2026-11-23"); },
        "delay_reason: is required: the cycle starts 8 days after"}});

  // 7 days late is not a delay: no reason needed. The plan is carried.
  v1::Command second = Start("s2", 2);
  second.mutable_start_chemo_cycle()->set_planned_start_date("2026-11-24");
  second.mutable_start_chemo_cycle()->clear_planned_cycles();
  second.mutable_start_chemo_cycle()->clear_cycle_length_days();
  ASSERT_TRUE(engine_->Execute(second).ok());
  v1::PatientState state = *engine_->LoadState(patient_);
  ASSERT_EQ(state.chemo_cycles_size(), 2);
  EXPECT_EQ(state.chemo_cycles(1).planned_cycles(), 2u);
  EXPECT_EQ(state.chemo_cycles(1).cycle_length_days(), 21u);
  EXPECT_EQ(state.chemo_cycles(1).planned_start_date(), "2026-11-24");
  EXPECT_EQ(DaysLate(state.chemo_cycles(1)), 7);

  clock_.Advance(absl::Hours(24 * 21));
  v1::Command third = Start("s3", 3);
  third.mutable_start_chemo_cycle()->clear_planned_cycles();
  absl::Status beyond = engine_->Execute(third).status();
  EXPECT_EQ(beyond.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(beyond.message()),
              HasSubstr("cycle_number: cycle 3 is beyond the 2 planned for case"));
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
