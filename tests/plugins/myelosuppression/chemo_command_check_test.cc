// The chemotherapy commands before anything is written: a catalogue regimen
// of the case's tumor type, a complete form, and the gate "no assessment, no
// chemo; no informed consent, no chemo" (clinical-rules.md §2.4).
#include "plugins/myelosuppression/chemo_command_check.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"

namespace casehub::myelosuppression {
namespace {

constexpr char kLungRegimens[] =
    "lung regimens: lung.topotecan, lung.ep, lung.cisplatin_paclitaxel, "
    "lung.cisplatin_vinorelbine, lung.cisplatin_docetaxel, lung.cisplatin_etoposide, "
    "lung.carboplatin_paclitaxel, lung.docetaxel, lung.pemetrexed_platinum, "
    "lung.gemcitabine_platinum";

v1::RecordFnRiskAssessmentRequest AssessmentRequest(const std::string& regimen_id) {
  v1::RecordFnRiskAssessmentRequest request;
  request.set_case_id(kCase);
  request.set_cycle_number(1);
  request.set_regimen_id(regimen_id);
  *request.mutable_answers() = Answers({"age_gt_65_full_dose"});
  return request;
}

absl::Status CheckAssessment(const v1::RecordFnRiskAssessmentRequest& request,
                             const v1::PatientState& state) {
  return CheckFnRiskAssessment(EmbeddedChemoRules(), request, state);
}

// §2.2 Lung (SCLC), Etoposide + carboplatin, for a lung case; §2.3 answered.
TEST(FnRiskAssessmentCheckTest, AcceptsACatalogueRegimenOfTheCasesTumorType) {
  EXPECT_TRUE(CheckAssessment(AssessmentRequest("lung.ep"), Patient("lung")).ok());
  // §2.2 Gyn: "gyn." ids for the gynecologic tumor type.
  EXPECT_TRUE(
      CheckAssessment(AssessmentRequest("gyn.carboplatin_paclitaxel_q3w"), Patient("gynecologic"))
          .ok());
}

// §2.2 stores the category per regimen: an unknown one has none.
TEST(FnRiskAssessmentCheckTest, RefusesARegimenOutsideTheCatalogue) {
  absl::Status refused =
      CheckAssessment(AssessmentRequest("lung.cisplatin_pemetrexed_x"), Patient("lung"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            absl::StrCat("regimen_id: 'lung.cisplatin_pemetrexed_x' is not in the regimen "
                         "catalogue; ",
                         kLungRegimens));
}

// §2.2, Plugin column: a breast regimen is not for a lung case.
TEST(FnRiskAssessmentCheckTest, RefusesARegimenOfAnotherTumorType) {
  absl::Status refused = CheckAssessment(AssessmentRequest("breast.tac"), Patient("lung"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            absl::StrCat("regimen_id: 'breast.tac' is a regimen for breast, not for lung, the "
                         "tumor type of case p0000000000ab-c2; ",
                         kLungRegimens));
}

// §2.3: the form is incomplete without every factor.
TEST(FnRiskAssessmentCheckTest, RefusesAnIncompleteForm) {
  v1::RecordFnRiskAssessmentRequest request = AssessmentRequest("lung.ep");
  request.mutable_answers()->DeleteSubrange(1, 1);
  absl::Status refused = CheckAssessment(request, Patient("lung"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "answers: missing prior_chemo_or_rt");
}

TEST(FnRiskAssessmentCheckTest, ACaseThePatientDoesNotHaveIsNotFound) {
  v1::RecordFnRiskAssessmentRequest request = AssessmentRequest("lung.ep");
  request.set_case_id("p0000000000ab-c9");
  EXPECT_EQ(CheckAssessment(request, Patient("lung")).code(), absl::StatusCode::kNotFound);
}

constexpr char kNoAssessment[] = "no FN risk assessment for this cycle (no assessment, no chemo)";
constexpr char kNoConsent[] = "no informed consent for this cycle (no informed consent, no chemo)";
constexpr char kCannotStart[] = "cycle 2 of case p0000000000ab-c2 cannot start: ";

v1::StartChemoCycleRequest StartRequest(const std::string& regimen_id = "lung.ep") {
  v1::StartChemoCycleRequest request;
  request.set_case_id(kCase);
  request.set_cycle_number(2);
  request.set_regimen_id(regimen_id);
  return request;
}

// Cycle 2 of a lung case, with these assessments and consents.
v1::PatientState CycleTwo(std::vector<v1::FnRiskAssessment> assessments,
                          std::vector<v1::ChemoConsent> consents) {
  v1::PatientState state = Patient("lung");
  *state.add_chemo_cycles() = Cycle(1, "lung.ep", kStart - 21 * kDay, 2);
  for (v1::FnRiskAssessment& assessment : assessments) {
    *state.add_fn_risk_assessments() = std::move(assessment);
  }
  for (v1::ChemoConsent& consent : consents) *state.add_chemo_consents() = std::move(consent);
  return state;
}

absl::Status Start(const v1::PatientState& state, int64_t now,
                   const v1::StartChemoCycleRequest& request = StartRequest()) {
  return CheckCycleStart(EmbeddedChemoRules(), request, state, AbslAt(now));
}

// §2.4 "reassess before every cycle" + consent: both present, the cycle starts.
TEST(CycleGateTest, AFreshAssessmentAndAConsentLetTheCycleStart) {
  EXPECT_TRUE(
      Start(CycleTwo({Assessment(2, "lung.ep", kStart - kDay)}, {Consent(2)}), kStart).ok());
}

struct Gate {
  const char* why;
  v1::PatientState state;
  int64_t now;
  // Empty: the cycle may start.
  std::string refusal;
};

std::vector<Gate> Gates() {
  const int64_t week = 7 * kDay;  // settings_defaults.textproto, assessment_valid_days 7
  return {
      {"no assessment, no chemo", CycleTwo({}, {Consent(2)}), kStart,
       absl::StrCat(kCannotStart, kNoAssessment)},
      {"no informed consent, no chemo", CycleTwo({Assessment(2, "lung.ep", kStart)}, {}), kStart,
       absl::StrCat(kCannotStart, kNoConsent)},
      {"both missing: both named", CycleTwo({}, {}), kStart,
       absl::StrCat(kCannotStart, kNoAssessment, "; ", kNoConsent)},
      {"another cycle's assessment and consent do not count",
       CycleTwo({Assessment(1, "lung.ep", kStart - 22 * kDay)}, {Consent(1), Consent(3)}), kStart,
       absl::StrCat(kCannotStart, kNoAssessment, "; ", kNoConsent)},
      {"another case's consent does not count",
       CycleTwo({Assessment(2, "lung.ep", kStart)}, {Consent(2, "p0000000000ab-c9")}), kStart,
       absl::StrCat(kCannotStart, kNoConsent)},
      {"assessment_valid_days 7: exactly 7 days old is still valid",
       CycleTwo({Assessment(2, "lung.ep", kStart - week)}, {Consent(2)}), kStart, ""},
      {"assessment_valid_days 7: one second more is stale",
       CycleTwo({Assessment(2, "lung.ep", kStart - week - 1)}, {Consent(2)}), kStart,
       absl::StrCat(kCannotStart,
                    "the FN risk assessment for this cycle (p0000000000ab-r5) of "
                    "2001-09-02T01:46:39Z is more than 7 days old (assessment_valid_days); "
                    "assess again (no assessment, no chemo)")},
      {"stale and no consent: both named",
       CycleTwo({Assessment(2, "lung.ep", kStart - 10 * kDay)}, {}), kStart,
       absl::StrCat(kCannotStart,
                    "the FN risk assessment for this cycle (p0000000000ab-r5) of "
                    "2001-08-30T01:46:40Z is more than 7 days old (assessment_valid_days); "
                    "assess again (no assessment, no chemo); ",
                    kNoConsent)},
      {"§2.2 category per regimen: an assessment of another regimen does not clear it",
       CycleTwo({Assessment(2, "lung.carboplatin_paclitaxel", kStart)}, {Consent(2)}), kStart,
       absl::StrCat(kCannotStart,
                    "the FN risk assessment for this cycle (p0000000000ab-r5) is for regimen "
                    "lung.carboplatin_paclitaxel, not lung.ep; assess for lung.ep (no "
                    "assessment, no chemo)")},
      {"an assessment without a result has not assessed anything",
       CycleTwo({Assessment(2, "lung.ep", kStart, false)}, {Consent(2)}), kStart,
       absl::StrCat(kCannotStart,
                    "the FN risk assessment for this cycle (p0000000000ab-r5) has no result; "
                    "assess again (no assessment, no chemo)")},
      {"one current assessment among stale ones clears the cycle",
       CycleTwo({Assessment(2, "lung.ep", kStart - 9 * kDay), Assessment(2, "lung.ep", kStart)},
                {Consent(2)}),
       kStart, ""},
  };
}

class CycleGateTableTest : public ::testing::TestWithParam<Gate> {};

TEST_P(CycleGateTableTest, HoldsTheCycleUntilBothExist) {
  const Gate& row = GetParam();
  SCOPED_TRACE(row.why);
  absl::Status status = Start(row.state, row.now);
  if (row.refusal.empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(status.message(), row.refusal);
  }
}

INSTANTIATE_TEST_SUITE_P(Section2_4, CycleGateTableTest, ::testing::ValuesIn(Gates()));

// Several failing assessments: the latest one says what is wrong.
TEST(CycleGateTest, NamesTheProblemOfTheLatestAssessment) {
  v1::FnRiskAssessment other = Assessment(2, "lung.docetaxel", kStart);
  other.set_id("p0000000000ab-r9");
  absl::Status refused =
      Start(CycleTwo({Assessment(2, "lung.ep", kStart - 8 * kDay), other}, {Consent(2)}), kStart);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()),
              ::testing::HasSubstr("(p0000000000ab-r9) is for regimen lung.docetaxel"));
}

// The settings' assessment_valid_days moves the boundary.
TEST(CycleGateTest, AssessmentValidDaysComesFromTheSettings) {
  absl::StatusOr<ChemoRules> rules =
      ChemoRules::Parse(EmbeddedTables(), "assessment_valid_days: 3", EmbeddedRules());
  ASSERT_TRUE(rules.ok()) << rules.status();
  const v1::PatientState at_three_days =
      CycleTwo({Assessment(2, "lung.ep", kStart - 3 * kDay)}, {Consent(2)});
  EXPECT_TRUE(CheckCycleStart(*rules, StartRequest(), at_three_days, AbslAt(kStart)).ok());
  absl::Status refused = CheckCycleStart(*rules, StartRequest(), at_three_days, AbslAt(kStart + 1));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr("more than 3 days old"));
}

// The regimen comes first: unknown or of another tumor type is a bad
// argument, not a missing precondition.
TEST(CycleGateTest, RefusesARegimenOutsideTheCatalogueOrTheTumorType) {
  const v1::PatientState ready = CycleTwo({Assessment(2, "lung.ep", kStart)}, {Consent(2)});
  absl::Status refused = Start(ready, kStart, StartRequest("lung.ep_typo"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      refused.message(),
      absl::StrCat("regimen_id: 'lung.ep_typo' is not in the regimen catalogue; ", kLungRegimens));
  refused = Start(ready, kStart, StartRequest("gastric.dcf"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              ::testing::HasSubstr("'gastric.dcf' is a regimen for gastric, not for lung"));
}

}  // namespace
}  // namespace casehub::myelosuppression
