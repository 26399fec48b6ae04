// The breast plugin through the real engine: routing by ICD-10
// (clinical-rules §7 "ICD-10 tumor ranges", Breast row), the rules it adds to
// the whole-course pathway (the pathway itself, shared by the four tumor
// types, is in pathway_test.cc), TNM and receptor validation with the
// cross-field rules, the follow-up schedule (§8 surveillance, Breast row) in
// both risk tiers, and the HER2-positive rate.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/tumor_fixture.h"

namespace casehub::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

// AJCC 8th anatomic stage groups: T2 N0 M0 is IIA, T1c N0 M0 is IA,
// T2 N2a M0 is IIIA, Tis N0 M0 is 0.
const FactList kStageIa = {{"tnm_t", "T1c"}, {"tnm_n", "N0"}, {"tnm_m", "M0"},
                           {"stage_group", "IA"}, {"ecog", "0"}};
const FactList kStageIia = {{"tnm_t", "T2"}, {"tnm_n", "N0"}, {"tnm_m", "M0"},
                            {"stage_group", "IIA"}, {"ecog", "0"}};
const FactList kStageIiia = {{"tnm_t", "T2"}, {"tnm_n", "N2a"}, {"tnm_m", "M0"},
                             {"stage_group", "IIIA"}, {"ecog", "1"}};
const FactList kHormonePositive = {{"er_percent", "90"}, {"pr_percent", "60"},
                                   {"her2_ihc", "1+"}};
const FactList kTripleNegative = {{"er_percent", "0"}, {"pr_percent", "0"}, {"her2_ihc", "0"}};
const FactList kCurativeSurgery = {{"treatment_plan", "surgery"},
                                   {"treatment_intent", "curative"}};

class BreastPluginTest : public TumorPluginFixture {
 protected:
  // An invasive ductal case in staging with `stage` recorded: all MDT needs.
  std::string StagedCase(const FactList& stage) {
    std::string c = NewCase("C50.4");
    EXPECT_TRUE(
        Record(c, {{"diagnosis_date", "2026-10-01"}, {"histology", "invasive_ductal"}}).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    EXPECT_TRUE(Record(c, stage).ok());
    return c;
  }

  // Ductal carcinoma in situ, staged Tis N0 M0 (stage 0).
  std::string InSituCase() {
    std::string c = NewCase("D05.1");
    EXPECT_TRUE(Record(c, {{"diagnosis_date", "2026-10-01"}, {"histology", "dcis"}}).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    EXPECT_TRUE(Record(c, {{"tnm_t", "Tis"}, {"tnm_n", "N0"}, {"tnm_m", "M0"},
                           {"stage_group", "0"}, {"ecog", "0"}})
                    .ok());
    return c;
  }

  // Straight from staging to curative surgery, with `receptors` recorded.
  std::string Treated(const FactList& stage, const FactList& receptors) {
    std::string c = StagedCase(stage);
    FactList plan = receptors;
    plan.insert(plan.end(), kCurativeSurgery.begin(), kCurativeSurgery.end());
    EXPECT_TRUE(Record(c, plan).ok());
    EXPECT_TRUE(Stage(c, "treatment").ok());
    return c;
  }

  std::string InFollowUp(const FactList& stage, const FactList& receptors) {
    std::string c = Treated(stage, receptors);
    EXPECT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}}).ok());
    EXPECT_TRUE(Stage(c, "follow_up").ok());
    return c;
  }

  // Completes the case's open follow-up visit at `when`; returns the next one.
  v1::Task CompleteVisitAt(const std::string& case_id, absl::Time when) {
    clock_.Set(when);
    EXPECT_TRUE(Complete(TasksOf(case_id, "breast.follow_up").back().id()).ok());
    return TasksOf(case_id, "breast.follow_up").back();
  }
};

absl::Time FollowUpStart(const v1::Case& c) {
  return At(c.stage_history().rbegin()->entered_at());
}

// §7 Breast row: C50 (C50.0-C50.9) and D05 (carcinoma in situ), matched on
// the 3-character prefix, national clinical edition extensions included.
TEST_F(BreastPluginTest, RoutesTheBreastCodesOfTheDomainTable) {
  for (const char* code :
       {"C50", "C50.0", "C50.4", "C50.9", "C50.900x001", "D05", "D05.0", "D05.1", "D05.9"}) {
    EXPECT_EQ(CaseOf(NewCase(code)).tumor_type(), "breast") << code;
  }
  // Just below each range, and claimed by no tumor plugin (C51 and D06 just
  // above belong to the gynecologic plugin).
  const std::string patient = NewPatient("routing-patient");
  for (const char* code : {"C49", "C49.9", "D04.9", "D04"}) {
    absl::Status status =
        engine_->Execute(OpenCase(absl::StrCat("open-", code), patient, code)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << code << " " << status;
  }
}

TEST_F(BreastPluginTest, MarkersAndStagingAreValidatedAndNothingIsStoredOnRefusal) {
  std::string c = NewCase("C50.4");
  const int facts_before = CaseOf(c).facts_size();
  struct Bad {
    FactList facts;
    const char* path;
    const char* rule;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{{"er_percent", "101"}}, "facts[0].value", "0..100"},
           {{{"er_percent", "-1"}}, "facts[0].value", "0..100"},
           {{{"er_percent", "positive"}}, "facts[0].value", "must be a number"},
           {{{"pr_percent", "100.5"}}, "facts[0].value", "0..100"},
           {{{"pr_percent", "weak"}}, "facts[0].value", "must be a number"},
           {{{"her2_ihc", "2"}}, "facts[0].value", "her2_ihc must be one of"},
           {{{"her2_ihc", "equivocal"}}, "facts[0].value", "her2_ihc must be one of"},
           {{{"her2_ish", "equivocal"}}, "facts[0].value", "her2_ish must be one of"},
           {{{"ki67_percent", "120"}}, "facts[0].value", "0..100"},
           {{{"ki67_percent", "high"}}, "facts[0].value", "must be a number"},
           {{{"menopausal_status", "unknown"}}, "facts[0].value", "menopausal_status must be"},
           {{{"tnm_t", "T4"}}, "facts[0].value", "tnm_t must be one of"},
           {{{"tnm_n", "N2"}}, "facts[0].value", "tnm_n must be one of"},
           {{{"tnm_m", "M1a"}}, "facts[0].value", "tnm_m must be one of"},
           {{{"stage_group", "IVA"}}, "facts[0].value", "stage_group must be one of"},
           {{{"histology", "adenocarcinoma"}}, "facts[0].value", "histology must be one of"},
           {{{"er_percent", "90"}, {"egfr", "negative"}}, "facts[1].key", "not a field"},
           {{{"er_percent", "90"}, {"er_percent", "80"}}, "facts[1].key", "given twice"},
       }) {
    absl::Status status = Record(c, bad.facts);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.rule << " " << status;
    EXPECT_THAT(status.message(), HasSubstr(bad.path));
    EXPECT_THAT(status.message(), HasSubstr(bad.rule));
  }
  EXPECT_EQ(CaseOf(c).facts_size(), facts_before);
  ASSERT_TRUE(Record(c, {{"er_percent", "0.5"}, {"pr_percent", "100"}, {"her2_ihc", "2+"},
                         {"her2_ish", "not_amplified"}, {"ki67_percent", "35"},
                         {"menopausal_status", "premenopausal"}})
                  .ok());
  v1::Case recorded = CaseOf(c);
  EXPECT_EQ(recorded.facts_size(), 6);  // no risk tier before the stage is known
  EXPECT_EQ(FactOf(recorded, "er_percent").value(), "0.5");
  EXPECT_EQ(FactOf(recorded, "her2_ihc").recorded_by(), "clinician.jc-hub");
}

// AJCC 8th: any T, any N, M1 is stage IV; M0 is never stage IV.
TEST_F(BreastPluginTest, StageGroupAgreesWithM) {
  std::string c = NewCase("C50.4");
  for (const FactList& contradiction : std::vector<FactList>{
           {{"tnm_m", "M1"}, {"stage_group", "IIIC"}},
           {{"tnm_m", "M0"}, {"stage_group", "IV"}},
       }) {
    absl::Status status = Record(c, contradiction);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(status.message(), HasSubstr("contradicts"));
  }
  ASSERT_TRUE(Record(c, {{"tnm_m", "M0"}}).ok());
  EXPECT_EQ(Record(c, {{"stage_group", "IV"}}).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Record(c, {{"tnm_m", "M1"}, {"stage_group", "IV"}}).ok());
  absl::Status refused = Record(c, {{"stage_group", "IIIC"}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("stage_group IIIC contradicts tnm_m M1"));
  EXPECT_EQ(FactOf(CaseOf(c), "stage_group").value(), "IV");
}

TEST_F(BreastPluginTest, InvasiveCancerNeedsErPrAndHer2BeforeTreatment) {
  std::string c = StagedCase(kStageIia);
  ASSERT_TRUE(Record(c, kCurativeSurgery).ok());
  for (const auto& [missing, recorded] : std::vector<std::pair<std::string, FactList>>{
           {"er_percent", {{"er_percent", "90"}}},
           {"pr_percent", {{"pr_percent", "0"}}},
           {"her2_ihc", {{"her2_ihc", "0"}}},
       }) {
    absl::Status refused = Stage(c, "treatment");
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << missing;
    EXPECT_THAT(refused.message(), HasSubstr(absl::StrCat("requires ", missing)));
    ASSERT_TRUE(Record(c, recorded).ok()) << missing;
  }
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

// ASCO/CAP: HER2 IHC 2+ is equivocal until ISH settles it.
TEST_F(BreastPluginTest, Her2IhcTwoPlusNeedsIshBeforeTreatment) {
  std::string c = StagedCase(kStageIia);
  ASSERT_TRUE(Record(c, {{"er_percent", "90"}, {"pr_percent", "40"}, {"her2_ihc", "2+"}}).ok());
  ASSERT_TRUE(Record(c, kCurativeSurgery).ok());
  absl::Status refused = Stage(c, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("her2_ihc 2+ is equivocal"));
  EXPECT_THAT(refused.message(), HasSubstr("requires her2_ish"));
  ASSERT_TRUE(Record(c, {{"her2_ish", "amplified"}}).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

TEST_F(BreastPluginTest, AnIshResultAloneSettlesHer2) {
  std::string c = StagedCase(kStageIa);
  ASSERT_TRUE(Record(c, {{"er_percent", "5"}, {"pr_percent", "0"},
                         {"her2_ish", "not_amplified"}})
                  .ok());
  ASSERT_TRUE(Record(c, kCurativeSurgery).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

TEST_F(BreastPluginTest, CarcinomaInSituIsTreatedWithoutReceptors) {
  std::string c = InSituCase();
  ASSERT_TRUE(Record(c, kCurativeSurgery).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

// §8 Breast row, ASCO-style: every 3-6 months in years 1-3, every 6-12 months
// in years 4-5, then yearly.
TEST_F(BreastPluginTest, StageTwoHormonePositiveFollowsTheStandardSchedule) {
  std::string c = InFollowUp(kStageIia, kHormonePositive);
  v1::Case followed = CaseOf(c);
  EXPECT_EQ(FactOf(followed, "risk_tier").value(), "standard");
  const absl::Time start = FollowUpStart(followed);
  const v1::Task first = TasksOf(c, "breast.follow_up").back();
  EXPECT_EQ(At(first.window_start()), Months(start, 3));
  EXPECT_EQ(At(first.due_at()), Months(start, 6));
  EXPECT_THAT(first.title(), HasSubstr("standard tier, months 0-36: every 3-6 months"));
  EXPECT_THAT(first.title(), HasSubstr("mammogram"));

  // Month 6, then one day before month 36: still years 1-3.
  for (absl::Time when : {Months(start, 6), Months(start, 36) - absl::Hours(24)}) {
    const v1::Task next = CompleteVisitAt(c, when);
    EXPECT_EQ(At(next.window_start()), Months(when, 3));
    EXPECT_EQ(At(next.due_at()), Months(when, 6));
  }
  const absl::Time year_four = Months(start, 36);
  const v1::Task fourth = CompleteVisitAt(c, year_four);
  EXPECT_EQ(At(fourth.window_start()), Months(year_four, 6));
  EXPECT_EQ(At(fourth.due_at()), Months(year_four, 12));
  EXPECT_THAT(fourth.title(), HasSubstr("visit 4"));
  EXPECT_THAT(fourth.title(), HasSubstr("months 36-60: every 6-12 months"));
  const absl::Time year_six = Months(start, 60);
  const v1::Task fifth = CompleteVisitAt(c, year_six);
  EXPECT_EQ(At(fifth.window_start()), Months(year_six, 12));
  EXPECT_EQ(At(fifth.due_at()), Months(year_six, 12));
  EXPECT_THAT(fifth.title(), HasSubstr("from month 60: every 12-12 months"));
}

// §8 Breast row at the short end of each range: every 3 months in years 1-3,
// every 6 months in years 4-5, then yearly.
TEST_F(BreastPluginTest, StageThreeIsHighTierAtTheShortEndOfEachRange) {
  std::string c = InFollowUp(kStageIiia, kHormonePositive);
  v1::Case followed = CaseOf(c);
  const v1::CaseFact tier = FactOf(followed, "risk_tier");
  EXPECT_EQ(tier.value(), "high");
  EXPECT_EQ(tier.recorded_by(), "plugin:breast");
  const absl::Time start = FollowUpStart(followed);
  const v1::Task first = TasksOf(c, "breast.follow_up").back();
  EXPECT_EQ(At(first.window_start()), Months(start, 3));
  EXPECT_EQ(At(first.due_at()), Months(start, 3));
  EXPECT_THAT(first.title(), HasSubstr("high tier"));
  EXPECT_THAT(first.title(), HasSubstr("months 0-36: every 3-3 months"));

  const absl::Time month_three = Months(start, 3);
  const v1::Task second = CompleteVisitAt(c, month_three);
  EXPECT_EQ(At(second.window_start()), Months(month_three, 3));
  EXPECT_EQ(At(second.due_at()), Months(month_three, 3));
  const absl::Time year_four = Months(start, 36);
  const v1::Task third = CompleteVisitAt(c, year_four);
  EXPECT_EQ(At(third.window_start()), Months(year_four, 6));
  EXPECT_EQ(At(third.due_at()), Months(year_four, 6));
  const absl::Time year_six = Months(start, 60);
  const v1::Task fourth = CompleteVisitAt(c, year_six);
  EXPECT_EQ(At(fourth.window_start()), Months(year_six, 12));
  EXPECT_EQ(At(fourth.due_at()), Months(year_six, 12));
}

// Triple-negative: ER and PR below 1% and HER2 negative. HER2 2+ is not
// negative until ISH says so.
TEST_F(BreastPluginTest, TripleNegativeIsHighTierOnceHer2IsSettled) {
  std::string c = StagedCase(kStageIa);
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
  ASSERT_TRUE(Record(c, {{"er_percent", "0.5"}, {"pr_percent", "0"}, {"her2_ihc", "2+"}}).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
  ASSERT_TRUE(Record(c, {{"her2_ish", "not_amplified"}}).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "high");
  ASSERT_TRUE(Record(c, {{"er_percent", "1"}}).ok());  // ER-low is positive
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");

  std::string followed = InFollowUp(kStageIa, kTripleNegative);
  const v1::Task first = TasksOf(followed, "breast.follow_up").back();
  EXPECT_EQ(At(first.due_at()), Months(FollowUpStart(CaseOf(followed)), 3));
}

TEST_F(BreastPluginTest, TheTierWaitsForTheStageAndStageFourIsHigh) {
  std::string c = NewCase("C50.4");
  ASSERT_TRUE(Record(c, kHormonePositive).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "");
  ASSERT_TRUE(Record(c, kStageIia).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
  ASSERT_TRUE(Record(c, {{"tnm_m", "M1"}, {"stage_group", "IV"}}).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "high");
}

TEST_F(BreastPluginTest, APersonsTierOverridesTheDerivedOne) {
  std::string c = StagedCase(kStageIiia);
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "high");
  ASSERT_TRUE(Record(c, {{"risk_tier", "standard"}}).ok());
  ASSERT_TRUE(Record(c, kTripleNegative).ok());
  const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
  EXPECT_EQ(tier.value(), "standard");
  EXPECT_EQ(tier.recorded_by(), "clinician.jc-hub");
}

// Hand-checked cohort, all treated on 2026-11-02:
//  A: IA, HER2 IHC 3+                         -> positive
//  B: IIA, HER2 IHC 2+, ISH amplified         -> positive
//  C: IIA, HER2 IHC 1+                        -> negative
//  D: IIIA, HER2 IHC 2+, ISH not amplified    -> negative
//  E: DCIS (Tis), HER2 IHC 3+                 -> in situ: not counted
//  F: DCIS on biopsy, invasive (T1a) after surgery, HER2 not yet tested
//                                             -> unsettled: not counted
//  G: IA, HER2 IHC 3+, never treated          -> not counted
// HER2-positive rate 2/4 (A, B); nothing in December.
TEST_F(BreastPluginTest, Her2PositiveRateOnAHandCheckedCohort) {
  std::string a = Treated(kStageIa, {{"er_percent", "90"}, {"pr_percent", "60"},
                                     {"her2_ihc", "3+"}});
  std::string b = Treated(kStageIia, {{"er_percent", "0"}, {"pr_percent", "0"},
                                      {"her2_ihc", "2+"}, {"her2_ish", "amplified"}});
  Treated(kStageIia, {{"er_percent", "95"}, {"pr_percent", "20"}, {"her2_ihc", "1+"}});
  Treated(kStageIiia, {{"er_percent", "0"}, {"pr_percent", "0"}, {"her2_ihc", "2+"},
                       {"her2_ish", "not_amplified"}});
  std::string in_situ = InSituCase();
  std::string upstaged = InSituCase();
  ASSERT_TRUE(Record(in_situ, {{"her2_ihc", "3+"}}).ok());
  for (const std::string& c : {in_situ, upstaged}) {
    ASSERT_TRUE(Record(c, kCurativeSurgery).ok());
    ASSERT_TRUE(Stage(c, "treatment").ok());
  }
  ASSERT_TRUE(Record(upstaged, {{"histology", "invasive_ductal"}, {"tnm_t", "T1a"},
                                {"stage_group", "IA"}})
                  .ok());
  std::string untreated = StagedCase(kStageIa);
  ASSERT_TRUE(Record(untreated, {{"her2_ihc", "3+"}}).ok());

  v1::IndicatorReport report = Report("breast", "2026-11-01", "2026-11-30");
  v1::Indicator her2 = IndicatorIn(report, "her2_positive_rate");
  EXPECT_EQ(her2.kind(), v1::INDICATOR_KIND_RATE);
  EXPECT_EQ(her2.numerator(), 2u);
  EXPECT_EQ(her2.denominator(), 4u);
  std::vector<std::string> positive;
  for (const auto& item : her2.numerator_items()) positive.push_back(item.id());
  EXPECT_THAT(positive, UnorderedElementsAre(a, b));
  EXPECT_EQ(IndicatorIn(report, "mdt_discussion_rate").denominator(), 6u);
  EXPECT_EQ(IndicatorIn(Report("breast", "2026-12-01", "2026-12-31"), "her2_positive_rate")
                .denominator(),
            0u);
}

}  // namespace
}  // namespace casehub::testing
