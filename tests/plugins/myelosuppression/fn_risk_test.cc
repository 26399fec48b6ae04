// The FN risk assessment: a form must answer every factor of §2.3 once, and
// every branch of §2.4's decision over the shipped tables.
#include "plugins/myelosuppression/fn_risk.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::ElementsAreArray;

const RiskFactorTable& Factors() { return EmbeddedChemoRules().risk_factors(); }

// §2.3 with §2.4 "reassess before every cycle": all fourteen factors,
// present or not, in any order.
TEST(RiskAnswersTest, EveryFactorAnsweredOnceIsAccepted) {
  EXPECT_TRUE(CheckRiskAnswers(Factors(), Answers()).ok());
  EXPECT_TRUE(CheckRiskAnswers(Factors(), Answers({"HIV", "prior_FN"})).ok());
  google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> reversed = Answers();
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_TRUE(CheckRiskAnswers(Factors(), reversed).ok());
}

TEST(RiskAnswersTest, RefusesAFormThatIsNotCompleteOrAnswersTwice) {
  google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> answers = Answers();
  // Without prior_chemo_or_rt (§2.3 row 2) and liver_dysfunction (row 6).
  answers.DeleteSubrange(5, 1);
  answers.DeleteSubrange(1, 1);
  absl::Status refused = CheckRiskAnswers(Factors(), answers);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "answers: missing prior_chemo_or_rt, liver_dysfunction");

  refused = CheckRiskAnswers(Factors(), {});
  EXPECT_EQ(refused.message(),
            "answers: missing age_gt_65_full_dose, prior_chemo_or_rt, persistent_neutropenia, "
            "bone_marrow_involvement, recent_surgery_open_wound, liver_dysfunction, "
            "renal_dysfunction, prior_FN, poor_ps_or_nutrition, advanced_disease, "
            "active_infection, cardiovascular_disease, multiple_comorbidities, HIV");

  answers = Answers();
  answers.Add()->set_key("smoker");
  refused = CheckRiskAnswers(Factors(), answers);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "answers: unknown risk factor 'smoker'");

  answers = Answers();
  v1::RiskFactorAnswer& again = *answers.Add();
  again.set_key("HIV");
  again.set_present(true);
  refused = CheckRiskAnswers(Factors(), answers);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "answers: 'HIV' answered twice");

  // Keys are the table's exactly: "hiv" is not HIV.
  answers = Answers();
  answers.Mutable(13)->set_key("hiv");
  EXPECT_EQ(CheckRiskAnswers(Factors(), answers).message(), "answers: unknown risk factor 'hiv'");
}

constexpr char kTac[] = "breast.tac";       // §2.2 Breast, TAC: High ✔ [V]
constexpr char kEp[] = "lung.ep";           // §2.2 Lung (SCLC), Etoposide + carboplatin: Int. [U]
constexpr char kCapox[] = "gastric.capox";  // §2.2 Gastric, CAPOX: Usually low / not listed [U]

constexpr char kTacIsHigh[] = "regimen breast.tac is HIGH risk (>20%) [clinical-rules.md §2.2]";
constexpr char kEpIsIntermediate[] =
    "regimen lung.ep is INTERMEDIATE risk (10–20%) [clinical-rules.md §2.2]";
constexpr char kCapoxIsLow[] = "regimen gastric.capox is LOW risk (<10%) [clinical-rules.md §2.2]";
constexpr char kPrimary[] =
    "HIGH regimen → primary prophylaxis (PEG-rhG-CSF or rhG-CSF) [clinical-rules.md §2.4]";
constexpr char kObserve[] =
    "INTERMEDIATE regimen, no patient risk factor → observe, reassess next cycle "
    "[clinical-rules.md §2.4]";
constexpr char kNone[] =
    "LOW regimen → no routine prophylaxis, reassess every cycle [clinical-rules.md §2.4]";
constexpr char kCycle1G4[] =
    "cycle 1 had ANC grade 4 (grade >= 4 is taken as dose-limiting neutropenia) → secondary "
    "prophylaxis [clinical-rules.md §2.4]";
constexpr char kPriorFn[] = "prior_FN present → secondary prophylaxis [clinical-rules.md §2.4]";

struct Decision {
  const char* why;
  const char* regimen;
  std::vector<absl::string_view> present;
  // Cycles of the patient already started (the assessment is for cycle 2
  // of kCase).
  std::vector<v1::ChemoCycle> cycles;
  v1::FnRiskLevel overall;
  v1::ProphylaxisRecommendation recommendation;
  std::vector<std::string> reasons;
};

std::vector<Decision> Decisions() {
  using v1::FN_RISK_LEVEL_HIGH;
  using v1::FN_RISK_LEVEL_INTERMEDIATE;
  using v1::FN_RISK_LEVEL_LOW;
  v1::ChemoCycle fn_cycle = Cycle(1, kEp, kStart - 21 * kDay, 3);
  fn_cycle.set_febrile_neutropenia(true);
  return {
      {"§2.4 secondary: prev cycle had FN (ChemoCycle.febrile_neutropenia)",
       kEp,
       {},
       {fn_cycle},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY,
       {kEpIsIntermediate, kObserve,
        "cycle 1 had febrile neutropenia → secondary prophylaxis [clinical-rules.md §2.4]"}},
      {"§2.4 risk == HIGH -> PRIMARY_PROPHYLAXIS",
       kTac,
       {},
       {},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY,
       {kTacIsHigh, kPrimary}},
      {"§2.4 HIGH: patient factors change nothing",
       kTac,
       {"age_gt_65_full_dose", "HIV"},
       {},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY,
       {kTacIsHigh, kPrimary}},
      {"§2.4 INTERMEDIATE and n == 0 -> OBSERVE, reassess next cycle",
       kEp,
       {},
       {},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
      {"§2.4 INTERMEDIATE and n >= 1 (n = 1); EORTC: overall risk >20%",
       kEp,
       {"age_gt_65_full_dose"},
       {},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER,
       {kEpIsIntermediate,
        "INTERMEDIATE regimen + 1 patient risk factor (age_gt_65_full_dose) → overall risk "
        ">20% (EORTC) → consider primary prophylaxis [clinical-rules.md §2.4]"}},
      {"§2.4 INTERMEDIATE and n >= 1 (n = 3, named in §2.3's order); an ASCO-only factor "
       "counts",
       kEp,
       {"HIV", "liver_dysfunction", "prior_chemo_or_rt"},
       {},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER,
       {kEpIsIntermediate,
        "INTERMEDIATE regimen + 3 patient risk factors (prior_chemo_or_rt, liver_dysfunction, "
        "HIV) → overall risk >20% (EORTC) → consider primary prophylaxis "
        "[clinical-rules.md §2.4]"}},
      {"§2.4 else (LOW) -> NO_ROUTINE_PROPHYLAXIS",
       kCapox,
       {},
       {},
       FN_RISK_LEVEL_LOW,
       v1::PROPHYLAXIS_RECOMMENDATION_NONE,
       {kCapoxIsLow, kNone}},
      {"§2.4 LOW: patient factors change nothing",
       kCapox,
       {"advanced_disease"},
       {},
       FN_RISK_LEVEL_LOW,
       v1::PROPHYLAXIS_RECOMMENDATION_NONE,
       {kCapoxIsLow, kNone}},
      {"§2.4 secondary: prev cycle had dose-limiting neutropenia (G4, risk_factors.textproto)",
       kEp,
       {},
       {Cycle(1, kEp, kStart - 21 * kDay, 4)},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY,
       {kEpIsIntermediate, kObserve, kCycle1G4}},
      {"§2.4 secondary over NONE: a LOW regimen after a G4 cycle",
       kCapox,
       {},
       {Cycle(1, kCapox, kStart - 21 * kDay, 4)},
       FN_RISK_LEVEL_LOW,
       v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY,
       {kCapoxIsLow, kNone,
        "cycle 1 had ANC grade 4 (grade >= 4 is taken as dose-limiting neutropenia) → "
        "secondary prophylaxis [clinical-rules.md §2.4]"}},
      {"§2.3 prior_FN: grounds for secondary prophylaxis",
       kCapox,
       {"prior_FN"},
       {},
       FN_RISK_LEVEL_LOW,
       v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY,
       {kCapoxIsLow, kNone, kPriorFn}},
      {"§2.4 secondary overrides CONSIDER; prior_FN counts in n too",
       kEp,
       {"prior_FN"},
       {Cycle(1, kEp, kStart - 21 * kDay, 4)},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY,
       {kEpIsIntermediate,
        "INTERMEDIATE regimen + 1 patient risk factor (prior_FN) → overall risk >20% (EORTC) "
        "→ consider primary prophylaxis [clinical-rules.md §2.4]",
        kPriorFn, kCycle1G4}},
      {"§2.4 HIGH stays PRIMARY after a G4 cycle; FN despite prophylaxis -> consider dose "
       "reduction",
       kTac,
       {},
       {Cycle(1, kTac, kStart - 21 * kDay, 4)},
       FN_RISK_LEVEL_HIGH,
       v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY,
       {kTacIsHigh, kPrimary,
        "cycle 1 had ANC grade 4 (grade >= 4 is taken as dose-limiting neutropenia) → "
        "secondary prophylaxis [clinical-rules.md §2.4]",
        "secondary prophylaxis is covered by the primary prophylaxis of the HIGH regimen; if FN "
        "happened despite prophylaxis, consider dose reduction or regimen change "
        "[clinical-rules.md §2.4]"}},
      {"§2.4 'prev cycle': FN in the same cycle does not count",
       kEp,
       {},
       {[] {
         v1::ChemoCycle same = Cycle(2, kEp, kStart, 3);
         same.set_febrile_neutropenia(true);
         return same;
       }()},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
      {"§2.4 dose-limiting is G4: a G3 earlier cycle is not secondary",
       kEp,
       {},
       {Cycle(1, kEp, kStart - 21 * kDay, 3)},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
      {"§2.4 'prev cycle': a G4 in the same cycle does not count",
       kEp,
       {},
       {Cycle(1, kEp, kStart - 21 * kDay, 0), Cycle(2, kEp, kStart, 4)},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
      {"§2.4 'prev cycle': a G4 in a later cycle does not count",
       kEp,
       {},
       {Cycle(3, kEp, kStart + 21 * kDay, 4)},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
      {"§2.4 'prev cycle' of this case: another case's G4 does not count",
       kEp,
       {},
       {Cycle(1, kEp, kStart - 21 * kDay, 4, "p0000000000ab-c9")},
       FN_RISK_LEVEL_INTERMEDIATE,
       v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE,
       {kEpIsIntermediate, kObserve}},
  };
}

class DecisionTest : public ::testing::TestWithParam<Decision> {};

TEST_P(DecisionTest, FollowsSection2_4) {
  const Decision& row = GetParam();
  SCOPED_TRACE(row.why);
  const Regimen* regimen = EmbeddedChemoRules().regimens().Find(row.regimen);
  ASSERT_NE(regimen, nullptr);
  v1::FnRiskAssessment assessment = Assessment(2, row.regimen, kStart, false);
  *assessment.mutable_answers() = Answers(row.present);
  v1::PatientState state = Patient("lung");
  for (const v1::ChemoCycle& cycle : row.cycles) *state.add_chemo_cycles() = cycle;

  const v1::FnRiskAssessed result = AssessFnRisk(Factors(), *regimen, assessment, state);
  EXPECT_EQ(result.assessment_id(), "p0000000000ab-r5");
  EXPECT_EQ(result.regimen_category(), regimen->fn_category());
  EXPECT_EQ(result.overall_risk(), row.overall);
  EXPECT_EQ(result.recommendation(), row.recommendation);
  EXPECT_THAT(result.reasons(), ElementsAreArray(row.reasons));
}

INSTANTIATE_TEST_SUITE_P(Section2_4, DecisionTest, ::testing::ValuesIn(Decisions()));

}  // namespace
}  // namespace casehub::myelosuppression
